#include "ui/views/today_view.hpp"

#include <algorithm>
#include <array>

#include <imgui.h>

#include "core/domain/activity.hpp"
#include "core/domain/entity.hpp"
#include "core/limits.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

using domain::TodayGroup;
using domain::TodayRow;

// The order on screen: what is late, what is today (the visits among it as a route), what lacks a plan,
// then the coming days.
constexpr std::array kScreenOrder{TodayGroup::Overdue, TodayGroup::Today, TodayGroup::Visits,
                                  TodayGroup::NoNextStep, TodayGroup::Later};

const char* group_label_key(TodayGroup g) {
    switch (g) {
        case TodayGroup::Overdue:
            return "today.overdue";
        case TodayGroup::Today:
            return "today.today";
        case TodayGroup::Later:
            return "today.later";
        case TodayGroup::NoNextStep:
            return "today.no_next_step";
        case TodayGroup::Visits:
            return "today.visits";
    }
    return "today.today";
}

unsigned group_color(const Accents& c, TodayGroup g) {
    switch (g) {
        case TodayGroup::Overdue:
            return c.error;
        case TodayGroup::Today:
            return c.ok;
        case TodayGroup::Later:
            return c.muted;
        case TodayGroup::NoNextStep:
            return c.warning;
        case TodayGroup::Visits:
            return c.accent;
    }
    return c.muted;
}

float button_width(const char* text) {
    return ImGui::CalcTextSize(text, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

// Places the next item of width `w` beside the last one when it fits the line, else on the next line.
void flow(float w) {
    const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w;
    if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

// Text clipped at `max_x` so a long subject never runs under the row's button.
void clipped_text(ImDrawList* draw, ImVec2 pos, float max_x, unsigned color, const std::string& text) {
    draw->PushClipRect(ImVec2(pos.x, pos.y), ImVec2(max_x, pos.y + ImGui::GetTextLineHeightWithSpacing()),
                       true);
    draw->AddText(pos, color, text.c_str());
    draw->PopClipRect();
}

}  // namespace

TodayView::TodayView()
    : list_([](const domain::EntityDesc& e) { return e.in_tabs && e.name == domain::entity::kActivity; }) {}

std::optional<NewRecordRequest> TodayView::take_create_request() {
    if (auto entity = list_.take_create_request()) return NewRecordRequest{*entity, {}};
    return std::exchange(create_request_, std::nullopt);
}

void TodayView::refresh(ViewContext& ctx) {
    const std::int64_t now = ctx.platform.now_ms();
    const std::int64_t offset = ctx.platform.utc_offset_minutes() * 60'000LL;
    const std::int64_t writes = ctx.store.db().total_changes();
    const std::int64_t slot = now / limits::kTodayRecomputeMs;
    if (writes == computed_at_ && slot == computed_slot_ && offset == computed_offset_ &&
        (data_ || !error_.empty()))
        return;
    computed_at_ = writes;
    computed_slot_ = slot;
    computed_offset_ = offset;
    ++computations_;
    const double started = ctx.platform.monotonic_ms();
    auto loaded = domain::load_today(ctx.store, {{}, now, offset});
    load_ms_ = ctx.platform.monotonic_ms() - started;
    if (!loaded) {
        error_ = error_text(loaded.error());
        data_.reset();
        return;
    }
    error_.clear();
    data_ = std::move(*loaded);
}

void TodayView::draw_toolbar(ViewContext& ctx) {
    const float h = ctx.narrow ? limits::kTouchTargetMinPx : 0.0f;
    struct ModeButton {
        Mode mode;
        const char* key;
        const char* tag;
    };
    static constexpr ModeButton kModes[] = {{Mode::Today, "today.back", "today.mode.today"},
                                            {Mode::List, "today.activities", "today.mode.list"}};
    bool first = true;
    for (const ModeButton& b : kModes) {
        const std::string text = std::string(label(b.key)) + "###" + b.tag;
        if (!first) flow(button_width(text.c_str()));
        first = false;
        const bool current = mode_ == b.mode;
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        }
        if (ImGui::Button(text.c_str(), ImVec2(0, h)) && !current) mode_ = b.mode;
        if (current) ImGui::PopStyleColor(2);
        ctx.automation.tag_last_item(b.tag);
    }
    if (mode_ == Mode::Today) {
        const std::string add = std::string(label("today.new_task")) + "###today_new";
        flow(button_width(add.c_str()));
        const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity);
        if (ImGui::Button(add.c_str(), ImVec2(0, h)) && activity != nullptr) {
            // A task due tomorrow morning: the rep's usual "remind me", typed in the generic form.
            const std::int64_t due =
                domain::follow_up_due_ms(ctx.platform.now_ms(), ctx.platform.utc_offset_minutes() * 60'000LL);
            create_request_ = NewRecordRequest{
                activity,
                {Prefill{"type", std::string(domain::activity_type::kTask), {}}, Prefill{"due_at", due, {}}}};
        }
        ctx.automation.tag_last_item("today.new");
        // Asked only from this button (or the reminder banner's), never on load.
        if (ctx.platform.notification_permission() == Platform::NotificationPermission::Default) {
            const std::string notify = std::string(label("reminder.enable")) + "###today_notify";
            flow(button_width(notify.c_str()));
            if (ImGui::Button(notify.c_str(), ImVec2(0, h))) ctx.platform.request_notification_permission();
            ctx.automation.tag_last_item("today.notify");
        }
    }
}

std::string TodayView::when_text(ViewContext& ctx, TodayGroup group, const TodayRow& row) const {
    const int offset = ctx.platform.utc_offset_minutes();
    if (row.entity != domain::entity::kActivity) {
        if (!row.last_done_at) return {};
        return labelf("today.last_contact", {format_date(*row.last_done_at, offset)});
    }
    if (!row.due_at) return {};
    // An all-day date is floating: read in UTC, where it was stored as 00:00.
    if (row.all_day) {
        if (group == TodayGroup::Today || group == TodayGroup::Visits) return label("today.all_day");
        return format_date(*row.due_at, 0) + " " + label("today.all_day");
    }
    if (group == TodayGroup::Today || group == TodayGroup::Visits) return format_time(*row.due_at, offset);
    return format_datetime(*row.due_at, offset);
}

void TodayView::plan_for(ViewContext& ctx, const TodayRow& row) {
    const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity);
    if (activity == nullptr) return;
    std::vector<Prefill> prefill;
    if (row.entity == domain::entity::kDeal) {
        prefill.push_back({"deal_id", row.id, row.subject});
        if (!row.company_id.empty())
            prefill.push_back({"company_id", row.company_id, row.customer});
        else if (!row.contact_id.empty())
            prefill.push_back({"contact_id", row.contact_id, row.customer});
    } else if (row.entity == domain::entity::kCompany) {
        prefill.push_back({"company_id", row.id, row.subject});
    } else {
        prefill.push_back({"contact_id", row.id, row.subject});
    }
    if (!row.owner.empty()) prefill.push_back({"owner_id", row.owner, {}});
    prefill.push_back(
        {"due_at",
         domain::follow_up_due_ms(ctx.platform.now_ms(), ctx.platform.utc_offset_minutes() * 60'000LL),
         {}});
    create_request_ = NewRecordRequest{activity, std::move(prefill)};
}

bool TodayView::draw_row(ViewContext& ctx, const domain::TodayGroupRows& group, const TodayRow& row,
                         bool selected, unsigned color) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();
    // A phone's row is too narrow for "subject — customer" on one line: the customer gets its own.
    const bool own_line = ctx.narrow && !row.customer.empty() && row.customer != row.subject;
    const float lines = own_line ? limits::kTodayRowLinesNarrow : limits::kTodayRowLines;
    const float row_h = std::max(line * lines + style.FramePadding.y * 2.0f + style.ItemSpacing.y,
                                 ctx.narrow ? limits::kTouchTargetMinPx : 0.0f);
    const float avail = ImGui::GetContentRegionAvail().x;
    if (!ImGui::IsRectVisible(ImVec2(avail, row_h))) {
        ImGui::Dummy(ImVec2(avail, row_h));  // off screen: its space only
        return false;
    }
    const bool activity = row.entity == domain::entity::kActivity;
    const bool has_button = !activity || !row.done;
    const std::string button = std::string(label(activity ? "today.done" : "today.plan")) + "###b";
    const float bw =
        has_button ? std::max(button_width(button.c_str()), ctx.narrow ? limits::kTouchTargetMinPx : 0.0f)
                   : 0.0f;
    const float sel_w = std::max(avail - (has_button ? bw + style.ItemSpacing.x : 0.0f), 1.0f);

    ImGui::PushID(row.id.c_str());
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const bool tapped =
        ImGui::Selectable("##row", selected, ImGuiSelectableFlags_AllowOverlap, ImVec2(sel_w, row_h));
    ctx.automation.tag_last_item("today.row." + row.id);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(pos, ImVec2(pos.x + limits::kTodayMarkerPx, pos.y + row_h), color);
    const float x = pos.x + limits::kTodayMarkerPx + style.FramePadding.x;
    const float max_x = pos.x + sel_w - style.FramePadding.x;
    const float top = pos.y + (row_h - line * lines) * 0.5f;

    std::string first = when_text(ctx, group.group, row);
    const domain::EntityDesc* entity = ctx.registry.find(row.entity);
    if (activity && entity != nullptr) {
        if (const domain::FieldDesc* type = entity->find("type"); type != nullptr && !row.type.empty())
            first += (first.empty() ? "" : " · ") + std::string(option_label(*type, row.type));
    } else if (entity != nullptr) {
        first = std::string(label(entity->label_one)) + (first.empty() ? "" : " · " + first);
    }
    if (row.done) first += std::string(" · ") + label("today.done");
    clipped_text(draw, ImVec2(x, top), max_x, ctx.colors.muted, first);
    std::string second = row.subject;
    if (!own_line && !row.customer.empty() && row.customer != row.subject) second += " — " + row.customer;
    clipped_text(draw, ImVec2(x, top + line), max_x, ImGui::GetColorU32(ImGuiCol_Text), second);
    if (own_line) clipped_text(draw, ImVec2(x, top + line * 2.0f), max_x, ctx.colors.muted, row.customer);

    if (has_button) {
        ImGui::SameLine();
        if (ImGui::Button(button.c_str(), ImVec2(bw, row_h))) {
            if (activity) {
                if (!dialog_.begin(ctx, row.id)) error_ = dialog_.error();
            } else {
                plan_for(ctx, row);
            }
        }
        ctx.automation.tag_last_item((activity ? "today.done." : "today.plan.") + row.id);
    }
    ImGui::PopID();
    return tapped;
}

std::optional<RecordRef> TodayView::draw_groups(ViewContext& ctx, const std::string& selected_id) {
    std::optional<RecordRef> opened;
    if (!data_) return opened;
    bool any = false;
    for (TodayGroup g : kScreenOrder) {
        const domain::TodayGroupRows& group = (*data_)[g];
        if (group.count == 0) continue;
        any = true;
        const unsigned color = group_color(ctx.colors, g);
        ImGui::Spacing();
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextUnformatted(labelf(group_label_key(g), {format_count(group.count)}).c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("today.group." + std::string(domain::to_key(g)));
        ImGui::PushID(static_cast<int>(g));
        for (const TodayRow& row : group.rows) {
            if (draw_row(ctx, group, row, row.id == selected_id, color)) {
                if (const domain::EntityDesc* e = ctx.registry.find(row.entity))
                    opened = RecordRef{e, row.id};
            }
        }
        ImGui::PopID();
        if (group.count > static_cast<std::int64_t>(group.rows.size()))
            ImGui::TextDisabled(
                "%s", labelf("today.more",
                             {format_count(group.count - static_cast<std::int64_t>(group.rows.size()))})
                          .c_str());
    }
    if (!any) ImGui::TextDisabled("%s", label("today.empty"));
    return opened;
}

std::optional<RecordRef> TodayView::draw(ViewContext& ctx, const std::string& selected_id) {
    draw_toolbar(ctx);
    ctx.automation.publish("today.mode", mode_ == Mode::Today ? "today" : "list");
    std::optional<RecordRef> opened;
    if (mode_ == Mode::List) {
        opened = list_.draw(ctx, selected_id);
    } else {
        refresh(ctx);
        if (!error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
            ImGui::TextWrapped("%s", error_.c_str());
            ImGui::PopStyleColor();
            ctx.automation.tag_last_item("today.error");
        }
        if (ImGui::BeginChild("##today_rows", ImVec2(0, 0), ImGuiChildFlags_None))
            opened = draw_groups(ctx, selected_id);
        ImGui::EndChild();
        publish(ctx);
    }
    if (auto outcome = dialog_.draw(ctx)) {
        completed_ = std::move(outcome);
        computed_at_ = -1;
    }
    return opened;
}

void TodayView::publish(ViewContext& ctx) const {
    nlohmann::json counts = nlohmann::json::object();
    nlohmann::json rows = nlohmann::json::object();
    if (data_) {
        for (const domain::TodayGroupRows& g : data_->groups) {
            const std::string key(domain::to_key(g.group));
            counts[key] = g.count;
            nlohmann::json ids = nlohmann::json::array();
            for (const TodayRow& r : g.rows) ids.push_back(r.id);
            rows[key] = std::move(ids);
        }
    }
    ctx.automation.publish("today.counts", std::move(counts));
    ctx.automation.publish("today.rows", std::move(rows));
    ctx.automation.publish("today.computations", computations_);
    ctx.automation.publish("today.load_ms", load_ms_);
    if (!error_.empty()) ctx.automation.publish("today.error", error_);
}

}  // namespace crm::ui
