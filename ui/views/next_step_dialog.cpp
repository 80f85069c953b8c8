#include "ui/widgets/modal.hpp"
#include "ui/views/next_step_dialog.hpp"

#include <algorithm>
#include <cstring>

#include <imgui.h>

#include "core/domain/activity.hpp"
#include "core/domain/today.hpp"
#include "core/storage/sqlite.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "core/util/civil_date.hpp"

namespace crm::ui {

namespace {

constexpr const char* kPopup = "###next_step";
constexpr std::int64_t kDayMs = civil::kMsPerDay;

void assign(std::vector<char>& buffer, std::size_t capacity, const std::string& text) {
    buffer.assign(capacity + 1, '\0');
    std::memcpy(buffer.data(), text.data(), std::min(text.size(), capacity));
}

}  // namespace

bool NextStepDialog::begin(ViewContext& ctx, const std::string& activity_id) {
    const domain::EntityDesc* entity = ctx.registry.find(domain::entity::kActivity);
    error_.clear();
    if (entity == nullptr) return false;
    auto read = ctx.records(*entity).get(activity_id);
    if (!read) {
        error_ = error_text(read.error(), entity);
        return false;
    }
    activity_ = std::move(*read);
    opened_at_ = ctx.platform.now_ms();
    const domain::Record draft =
        domain::follow_up_draft(activity_, opened_at_, ctx.platform.utc_offset_minutes() * 60'000LL);
    assign(result_, limits::kNextStepResultBytes, activity_.text("result"));
    assign(subject_, limits::kNextStepSubjectBytes, draft.text("subject"));
    type_ = draft.text("type");
    if (type_.empty()) type_ = std::string(domain::activity_type::kTask);
    days_ = limits::kNextStepDayChoices[0];
    plan_ = true;
    open_ = true;
    open_popup_ = true;
    return true;
}

std::int64_t NextStepDialog::due_ms(ViewContext& ctx) const {
    return domain::follow_up_due_ms(opened_at_ + (days_ - 1) * kDayMs,
                                    ctx.platform.utc_offset_minutes() * 60'000LL);
}

std::optional<NextStepOutcome> NextStepDialog::save(ViewContext& ctx) {
    const std::string result(result_.data());
    const std::string subject(subject_.data());
    auto tx = storage::Transaction::begin(ctx.store.db());
    if (!tx) {
        error_ = error_text(tx.error());
        return std::nullopt;
    }
    auto done = domain::complete_activity(ctx.store, activity_.id, result, ctx.platform.now_ms());
    if (!done) {
        error_ = error_text(done.error(), &activity_.entity());
        return std::nullopt;
    }
    NextStepOutcome outcome{done->id, std::nullopt};
    if (plan_) {
        domain::Record next =
            domain::follow_up_draft(*done, opened_at_, ctx.platform.utc_offset_minutes() * 60'000LL);
        next.set("subject", subject).set("type", type_).set("due_at", due_ms(ctx));
        auto made = ctx.records(activity_.entity()).create(next);
        if (!made) {
            error_ = error_text(made.error(), &activity_.entity());
            return std::nullopt;  // the transaction rolls back: the activity stays planned
        }
        outcome.follow_up = made->id;
    }
    if (auto committed = tx->commit(); !committed.ok()) {
        error_ = error_text(committed.error());
        return std::nullopt;
    }
    open_ = false;
    return outcome;
}

std::optional<NextStepOutcome> NextStepDialog::draw(ViewContext& ctx) {
    if (!open_) return std::nullopt;
    if (open_popup_) {
        ImGui::OpenPopup(kPopup);
        open_popup_ = false;
    }
    place_next_dialog(limits::kNextStepDialogWidthEm);
    const std::string title = std::string(label("next_step.title")) + kPopup;
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        open_ = false;
        return std::nullopt;
    }
    const float h = ctx.narrow ? limits::kTouchTargetMinPx : 0.0f;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(activity_.text("subject").c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextUnformatted(label("next_step.result"));
    ImGui::InputTextMultiline("##next_step_result", result_.data(), result_.size(),
                              ImVec2(-1.0f, ImGui::GetTextLineHeight() * limits::kLongTextLines));
    ctx.automation.tag_last_item("next_step.result");
    ImGui::Checkbox(label("next_step.plan"), &plan_);
    ctx.automation.tag_last_item("next_step.plan");
    if (plan_) {
        const domain::FieldDesc* type_field = activity_.entity().find("type");
        ImGui::TextUnformatted(label("next_step.type"));
        ImGui::SetNextItemWidth(-1.0f);
        if (type_field != nullptr &&
            ImGui::BeginCombo("##next_step_type", option_label(*type_field, type_))) {
            for (std::string_view key : domain::activity_type_keys()) {
                const std::string id = std::string(option_label(*type_field, key)) + "##" + std::string(key);
                if (ImGui::Selectable(id.c_str(), key == type_, 0, ImVec2(0, h))) type_ = key;
                ctx.automation.tag_last_item("next_step.type." + std::string(key));
            }
            ImGui::EndCombo();
        }
        ctx.automation.tag_last_item("next_step.type");
        ImGui::TextUnformatted(label("next_step.subject"));
        ImGui::SetNextItemWidth(-1.0f);
        ImGui::InputText("##next_step_subject", subject_.data(), subject_.size());
        ctx.automation.tag_last_item("next_step.subject");
        for (int days : limits::kNextStepDayChoices) {
            if (days != limits::kNextStepDayChoices[0]) ImGui::SameLine();
            const std::string text = (days == 1 ? std::string(label("next_step.tomorrow"))
                                                : labelf("next_step.in_days", {std::to_string(days)})) +
                                     "###when" + std::to_string(days);
            const bool current = days == days_;
            if (current)
                ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
            if (ImGui::Button(text.c_str(), ImVec2(0, h))) days_ = days;
            if (current) ImGui::PopStyleColor();
            ctx.automation.tag_last_item("next_step.when." + std::to_string(days));
        }
        const std::string due =
            labelf("next_step.due", {format_datetime(due_ms(ctx), ctx.platform.utc_offset_minutes())});
        ImGui::TextUnformatted(due.c_str());
        ctx.automation.tag_last_item("next_step.due");
    }
    draw_dialog_error(ctx, error_, "next_step.error");
    ImGui::Separator();
    const float button_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    std::optional<NextStepOutcome> outcome;
    if (ImGui::Button((std::string(label("next_step.save")) + "###next_step_save").c_str(),
                      ImVec2(button_w, h)))
        outcome = save(ctx);
    ctx.automation.tag_last_item("next_step.save");
    ImGui::SameLine();
    if (ImGui::Button((std::string(label("next_step.cancel")) + "###next_step_cancel").c_str(),
                      ImVec2(button_w, h)) ||
        (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && !ImGui::GetIO().WantTextInput))
        open_ = false;
    ctx.automation.tag_last_item("next_step.cancel");
    if (!open_) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    publish(ctx);
    return outcome;
}

void NextStepDialog::publish(ViewContext& ctx) const {
    ctx.automation.publish("next_step", {{"open", open_},
                                         {"activity", activity_.id},
                                         {"due_at", due_ms(ctx)},
                                         {"type", type_},
                                         {"plan", plan_}});
}

}  // namespace crm::ui
