#include "ui/views/visit_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include <imgui.h>

#include "core/domain/activity.hpp"
#include "core/domain/field.hpp"
#include "core/domain/visit.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/views/call_log_prompt.hpp"
#include "ui/views/visit_state.hpp"

namespace crm::ui {

namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr float kReportLines = 3.0f;  // visible lines of the report's outcome and notes

using PanelData = VisitUiState::Panel;

PanelData& panel_data() {
    return visit_state().panel;
}

void read(ViewContext& ctx, const domain::CustomerRef& who, PanelData& d) {
    const std::int64_t change = ctx.store.db().total_changes();
    if (d.customer_id == who.id && d.read_at_change == change) return;
    d = PanelData{who.id, change};
    const std::int64_t offset = std::int64_t{ctx.platform.utc_offset_minutes()} * kMinuteMs;
    auto open = domain::open_visit(ctx.store, who);
    auto unreported = domain::unreported_visit(ctx.store, who);
    auto planned = domain::planned_visit_today(ctx.store, who, ctx.platform.now_ms(), offset);
    if (!open || !unreported || !planned) {
        d.error = error_text(!open         ? open.error()
                             : !unreported ? unreported.error()
                                           : planned.error(),
                             nullptr);
        return;
    }
    d.open = std::move(*open);
    d.unreported = std::move(*unreported);
    d.planned = std::move(*planned);
}

// A button sized for a finger on a phone, placed on the current row when it fits, else on the next.
bool panel_button(ViewContext& ctx, const char* text, const char* id, const char* tag, bool same_line) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(text).x + style.FramePadding.x * 2.0f;
    if (same_line) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    }
    const float h = ctx.narrow ? std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) : 0.0f;
    const bool pressed = ImGui::Button((std::string(text) + "###" + id).c_str(), ImVec2(0, h));
    ctx.automation.tag_last_item(tag);
    return pressed;
}

// A wrapped line in the theme's warning colour (no position, an error).
void warning_text(const ViewContext& ctx, const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

// What became of the check-in's position, as the card says it.
std::string position_text(const domain::Record& visit, bool asking) {
    const std::string status = visit.text("geo_status");
    if (status == domain::geo_status::kOk) {
        if (const auto g = domain::geo_of(visit.get("check_in_geo")))
            return labelf("visit.position_ok", {std::to_string(std::lround(g->accuracy))});
    }
    if (status == domain::geo_status::kDenied) return label("visit.position_denied");
    // Pending with no request in flight: the tab was closed before an answer came.
    if (status == domain::geo_status::kPending && asking) return label("visit.position_pending");
    return label("visit.position_unavailable");
}

std::string elapsed_text(std::int64_t since, std::int64_t now) {
    const std::int64_t minutes = std::max<std::int64_t>(now - since, 0) / kMinuteMs;
    const std::int64_t h = minutes / 60;
    const std::int64_t m = minutes % 60;
    return std::to_string(h) + ":" + (m < 10 ? "0" : "") + std::to_string(m);
}

void open_report(VisitUiState& state, const domain::Record& visit) {
    ReportDraft draft;
    draft.visit_id = visit.id;
    draft.result = visit.text("result");
    draft.notes = visit.text("notes");
    draft.next_step = visit.text("next_step");
    draft.open_requested = true;
    state.report = std::move(draft);
}

void ask_position(ViewContext& ctx, VisitUiState& state, PositionRequest::Purpose purpose,
                  const std::string& id, const RecordRef& customer) {
    state.positions.push_back(
        PositionRequest{purpose, ctx.platform.request_position(), ctx.platform.now_ms(), id, customer});
}

void draw_open_visit(ViewContext& ctx, VisitUiState& state, const domain::Record& visit) {
    const std::int64_t now = ctx.platform.now_ms();
    const std::int64_t since = visit.integer("check_in_at");
    const bool asking = position_pending(state, PositionRequest::Purpose::CheckIn, visit.id);
    const std::string elapsed = labelf(
        "visit.under_way", {format_time(since, ctx.platform.utc_offset_minutes()), elapsed_text(since, now)});
    ImGui::TextUnformatted(elapsed.c_str());
    ctx.automation.tag_last_item("visit.elapsed");
    const std::string position = position_text(visit, asking);
    const bool ok = visit.text("geo_status") == domain::geo_status::kOk;
    if (ok) {
        ImGui::TextUnformatted(position.c_str());
    } else {
        warning_text(ctx, position);
    }
    ctx.automation.tag_last_item("visit.position");
    ctx.automation.publish("visit.position", position);
    if (panel_button(ctx, label("visit.check_out"), "visit_check_out", "visit.check_out", false)) {
        auto ended = domain::record_check_out(ctx.store, visit.id, now);
        if (ended) {
            ++state.writes;
            open_report(state, *ended);
        } else {
            panel_data().error = error_text(ended.error(), nullptr);
        }
    }
}

}  // namespace

bool draw_visit_panel(ViewContext& ctx, const RecordRef& customer, const domain::Record& record) {
    if (customer.entity == nullptr || (customer.entity->name != domain::entity::kCompany &&
                                       customer.entity->name != domain::entity::kContact))
        return false;
    VisitUiState& state = visit_state();
    const domain::CustomerRef who{customer.entity->name, customer.id};
    PanelData& d = panel_data();
    read(ctx, who, d);
    const std::int64_t now = ctx.platform.now_ms();
    const std::string name = record.text(customer.entity->title_field);

    ImGui::PushID("##visit_panel");
    nlohmann::json published{{"open", d.open.has_value()}};
    if (d.open) {
        draw_open_visit(ctx, state, *d.open);
        published["visit_id"] = d.open->id;
        published["geo_status"] = d.open->text("geo_status");
    } else {
        if (d.planned) {
            const std::string plan =
                labelf("visit.planned_at",
                       {format_time(d.planned->integer("due_at"), ctx.platform.utc_offset_minutes())});
            ImGui::TextDisabled("%s", plan.c_str());
            ctx.automation.tag_last_item("visit.planned");
            published["planned_id"] = d.planned->id;
        }
        if (panel_button(ctx, label("visit.check_in"), "visit_check_in", "visit.check_in", false)) {
            const std::int64_t offset = std::int64_t{ctx.platform.utc_offset_minutes()} * kMinuteMs;
            auto visit = domain::check_in(ctx.store, who, now,
                                          {.subject = labelf("visit.subject", {name}), .offset_ms = offset});
            if (visit) {
                ++state.writes;
                ask_position(ctx, state, PositionRequest::Purpose::CheckIn, visit->id, customer);
            } else {
                d.error = error_text(visit.error(), nullptr);
            }
        }
    }
    if (d.unreported && !d.open) {
        ImGui::SameLine();
        if (panel_button(ctx, label("visit.write_report"), "visit_write_report", "visit.write_report", false))
            open_report(state, *d.unreported);
        published["unreported_id"] = d.unreported->id;
    }
    if (panel_button(ctx, label("visit.log_call"), "visit_log_call", "visit.log_call", true))
        log_call_now(ctx, customer, name, now);
    const bool located = domain::geo_of(record.get("location")).has_value();
    if (!located) {
        const bool asking = position_pending(state, PositionRequest::Purpose::Office, customer.id);
        ImGui::BeginDisabled(asking);
        if (panel_button(ctx, label("visit.office_here"), "visit_office_here", "visit.office_here", true)) {
            ask_position(ctx, state, PositionRequest::Purpose::Office, customer.id, customer);
            state.office_message.clear();
        }
        ImGui::EndDisabled();
        if (asking) ImGui::TextDisabled("%s", label("visit.position_pending"));
    }
    if (state.office_customer == customer.id && !state.office_message.empty()) {
        warning_text(ctx, state.office_message);
        ctx.automation.tag_last_item("visit.office_message");
        published["office_message"] = state.office_message;
    }
    if (!d.error.empty()) {
        warning_text(ctx, d.error);
        published["error"] = d.error;
    }
    ImGui::PopID();
    ctx.automation.publish("visit.panel", std::move(published));
    // Written here or by a position that arrived (the shell's call, after the card drew): read it again.
    const bool changed = state.writes != state.card_writes;
    state.card_writes = state.writes;
    return changed;
}

void draw_visit_report(ViewContext& ctx) {
    VisitUiState& state = visit_state();
    constexpr const char* kPopup = "###visit_report";
    if (!state.report) return;
    ReportDraft& r = *state.report;
    if (r.open_requested) {
        ImGui::OpenPopup(kPopup);
        r.open_requested = false;
    }
    const std::string title = std::string(label("visit.report_title")) + kPopup;
    if (!begin_visit_dialog(ctx, title)) {
        if (!ImGui::IsPopupOpen(kPopup)) state.report.reset();  // closed from outside (Escape, another modal)
        return;
    }
    ctx.automation.publish("visit.report.open", r.visit_id);
    const auto area = [&](const char* key, const char* id, const char* tag, std::string& value) {
        ImGui::TextUnformatted(label(key));
        text_area(id, value, kReportLines);
        ctx.automation.tag_last_item(tag);
    };
    area("visit.report_result", "##report_result", "visit.report.result", r.result);
    area("visit.report_notes", "##report_notes", "visit.report.notes", r.notes);
    ImGui::TextUnformatted(label("visit.report_next_step"));
    text_line("##report_next", r.next_step);
    ctx.automation.tag_last_item("visit.report.next_step");
    ImGui::Checkbox((std::string(label("visit.report_plan")) + "###report_plan").c_str(), &r.plan_follow_up);
    ctx.automation.tag_last_item("visit.report.plan");
    const int offset_min = ctx.platform.utc_offset_minutes();
    const std::int64_t offset = std::int64_t{offset_min} * kMinuteMs;
    const std::int64_t now = ctx.platform.now_ms();
    const auto due_of = [&](int choice) {
        const std::int64_t day =
            domain::day_number(now, offset) + limits::kFollowUpDays[static_cast<std::size_t>(choice)];
        return domain::day_start_ms(day, offset) + limits::kFollowUpHour * kHourMs;
    };
    if (r.plan_follow_up) {
        for (int i = 0; i < static_cast<int>(limits::kFollowUpDays.size()); ++i) {
            const std::string text = labelf(
                "visit.report_in_days", {std::to_string(limits::kFollowUpDays[static_cast<std::size_t>(i)])});
            // As many choices on a row as fit (a phone wraps them).
            const float need = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
                               ImGui::CalcTextSize(text.c_str()).x;
            if (i > 0) {
                ImGui::SameLine();
                if (ImGui::GetContentRegionAvail().x < need) ImGui::NewLine();
            }
            if (ImGui::RadioButton((text + "###due" + std::to_string(i)).c_str(), r.follow_up_choice == i))
                r.follow_up_choice = i;
            ctx.automation.tag_last_item("visit.report.due." + std::to_string(i));
        }
        const std::string when =
            labelf("visit.report_due", {format_datetime(due_of(r.follow_up_choice), offset_min)});
        ImGui::TextDisabled("%s", when.c_str());
    }
    if (!r.error.empty()) {
        warning_text(ctx, r.error);
        ctx.automation.publish("visit.report.error", r.error);
    }
    ImGui::Spacing();
    const float h = ctx.narrow ? std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) : 0.0f;
    const bool save =
        ImGui::Button((std::string(label("visit.report_save")) + "###report_save").c_str(), ImVec2(0, h));
    ctx.automation.tag_last_item("visit.report.save");
    ImGui::SameLine();
    const bool later =
        ImGui::Button((std::string(label("visit.report_later")) + "###report_later").c_str(), ImVec2(0, h));
    ctx.automation.tag_last_item("visit.report.later");
    if (save) {
        domain::VisitReport report{.result = r.result, .notes = r.notes, .next_step = r.next_step};
        if (r.plan_follow_up) report.follow_up_due_ms = due_of(r.follow_up_choice);
        auto saved = domain::check_out(ctx.store, r.visit_id, now, report);
        if (saved) {
            ++state.writes;
            ImGui::CloseCurrentPopup();
            state.report.reset();
        } else {
            r.error = saved.error().field == "next_step" ? label("visit.report_needs_step")
                                                         : error_text(saved.error(), nullptr);
        }
    } else if (later || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        // The end is recorded; the panel offers the report again until it is saved.
        ImGui::CloseCurrentPopup();
        state.report.reset();
    }
    ImGui::EndPopup();
}

}  // namespace crm::ui
