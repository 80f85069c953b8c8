#include "ui/widgets/chips.hpp"

#include <imgui.h>

namespace crm::ui {

ChipRow::ChipRow() : right_(ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x) {}

bool ChipRow::chip(ViewContext& ctx, const std::string& text, bool selected, const std::string& tag) {
    const float width = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    if (!first_) {
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + width > right_) ImGui::NewLine();
    }
    first_ = false;
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ctx.colors.accent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ctx.colors.accent);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_WindowBg));
    }
    const bool clicked = ImGui::Button((text + "###" + tag).c_str());
    if (selected) ImGui::PopStyleColor(3);
    ctx.automation.tag_last_item(tag);
    return clicked;
}

}  // namespace crm::ui
