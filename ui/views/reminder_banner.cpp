#include "ui/views/reminder_banner.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "core/domain/entity.hpp"
#include "ui/format.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

float button_w(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

}  // namespace

std::optional<RecordRef> ReminderBannerView::draw(ViewContext& ctx, Reminders& reminders) {
    if (reminders.pending().empty()) return std::nullopt;
    const domain::TodayRow row = reminders.pending().front();  // a copy: dismiss() may drop it below
    const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity);
    const std::size_t more = reminders.pending().size() - 1;
    const bool ask = ctx.platform.notification_permission() == Platform::NotificationPermission::Default;

    std::string text = labelf("reminder.title", {row.subject});
    std::string detail = format_time(*row.due_at, ctx.platform.utc_offset_minutes());
    if (!row.customer.empty()) detail += " · " + row.customer;
    if (more > 0) detail += " · " + labelf("reminder.more", {std::to_string(more)});

    const ImGuiStyle& style = ImGui::GetStyle();
    const float h = ctx.narrow ? limits::kTouchTargetMinPx : ImGui::GetFrameHeight();
    const std::string open_label = std::string(label("reminder.open")) + "###reminder_open";
    const std::string dismiss_label = std::string(label("reminder.dismiss")) + "###reminder_dismiss";
    const std::string enable_label = std::string(label("reminder.enable")) + "###reminder_enable";
    // The banner: two wrapped lines of text, then the buttons on their own row (a phone's width holds them).
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    ImGui::TextUnformatted(detail.c_str());
    ImGui::PopTextWrapPos();
    std::optional<RecordRef> opened;
    if (ImGui::Button(open_label.c_str(), ImVec2(0, h)) && activity != nullptr) {
        opened = RecordRef{activity, row.id};
        reminders.dismiss(row.id);
    }
    ctx.automation.tag_last_item("reminder.open");
    ImGui::SameLine();
    if (ImGui::Button(dismiss_label.c_str(), ImVec2(0, h))) reminders.dismiss(row.id);
    ctx.automation.tag_last_item("reminder.dismiss");
    if (ask) {
        // Beside the others when it fits, else under them.
        if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + button_w(enable_label.c_str()) <
            start.x + width)
            ImGui::SameLine();
        if (ImGui::Button(enable_label.c_str(), ImVec2(0, h))) reminders.enable_notifications(ctx.platform);
        ctx.automation.tag_last_item("reminder.enable");
    }
    ImGui::EndGroup();
    const ImVec2 end(start.x + width, ImGui::GetItemRectMax().y);
    ctx.automation.tag("reminder.banner", ItemRect{start.x, start.y, end.x - start.x, end.y - start.y});
    ImGui::GetWindowDrawList()->AddRect(ImVec2(start.x - 2.0f, start.y - 2.0f), ImVec2(end.x, end.y + 2.0f),
                                        ctx.colors.warning);
    ImGui::Separator();
    ctx.automation.publish(
        "reminder.banner",
        {{"id", row.id}, {"subject", row.subject}, {"customer", row.customer}, {"more", more}});
    return opened;
}

}  // namespace crm::ui
