#include "ui/widgets/modal.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/views/view_context.hpp"

namespace crm::ui {

void place_next_dialog(float width_em) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    const float width =
        std::min(viewport->Size.x - style.WindowPadding.x * 2.0f, ImGui::GetFontSize() * width_em);
    ImGui::SetNextWindowSize(ImVec2(width, 0.0f));
}

void draw_dialog_error(ViewContext& ctx, const std::string& error, std::string_view tag) {
    if (error.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item(tag);
}

}  // namespace crm::ui
