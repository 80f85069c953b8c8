#include "ui/widgets/confirm_modal.hpp"

#include <cfloat>

#include <imgui.h>

#include "ui/i18n.hpp"

namespace crm::ui {

bool begin_confirm_modal(const std::string& title, float& max_w) {
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // A phone gets a popup as wide as the screen allows; a desktop one sized to its text.
    max_w = ImGui::GetMainViewport()->Size.x - ImGui::GetStyle().WindowPadding.x * 2.0f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(max_w, FLT_MAX));
    return ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize);
}

ConfirmAnswer confirm_buttons(ViewContext& ctx, const char* yes_label, bool yes_enabled) {
    ConfirmAnswer answer;
    ImGui::BeginDisabled(!yes_enabled);
    answer.yes = ImGui::Button((std::string(yes_label) + "###confirm_yes").c_str()) && yes_enabled;
    ImGui::EndDisabled();
    ctx.automation.tag_last_item("confirm.yes");
    ImGui::SameLine();
    answer.no = ImGui::Button((std::string(tr(Str::ConfirmNo)) + "###confirm_no").c_str()) ||
                ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    ctx.automation.tag_last_item("confirm.no");
    ctx.automation.publish("confirm.open", true);
    if (answer.yes || answer.no) ImGui::CloseCurrentPopup();
    return answer;
}

}  // namespace crm::ui
