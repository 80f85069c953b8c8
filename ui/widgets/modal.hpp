#pragma once
// Where the app's small dialogs (a stage move, completing an activity) open: centred, as wide as a phone
// allows and a readable fixed width on a desktop, their height following their content.
#include <string>
#include <string_view>

namespace crm::ui {

struct ViewContext;

// Call right before ImGui::BeginPopupModal(..., ImGuiWindowFlags_AlwaysAutoResize).
void place_next_dialog(float width_em);
// The dialog's error line (wrapped, in the theme's error colour) tagged `tag`; nothing when `error` is empty.
void draw_dialog_error(ViewContext& ctx, const std::string& error, std::string_view tag);

}  // namespace crm::ui
