#pragma once
// Where the app's small dialogs (a stage move, completing an activity) open: centred, as wide as a phone
// allows and a readable fixed width on a desktop, their height following their content.
namespace crm::ui {

// Call right before ImGui::BeginPopupModal(..., ImGuiWindowFlags_AlwaysAutoResize).
void place_next_dialog(float width_em);

}  // namespace crm::ui
