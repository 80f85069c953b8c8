#pragma once
// The app's yes / no question in a modal popup (delete a record, delete a stage and move its deals): centred,
// no wider than the screen, "yes" and "no" tagged confirm.yes / confirm.no, Escape answering no, and the
// fact confirm.open published while it shows. The caller draws the question between begin and the buttons.
#include <string>

#include "ui/views/view_context.hpp"

namespace crm::ui {

// Opens the popup `title` (its ImGui id after "###") and begins it: false when it is not showing. `max_w`
// receives the widest the popup may be (for wrapping its text).
bool begin_confirm_modal(const std::string& title, float& max_w);

struct ConfirmAnswer {
    bool yes = false;
    bool no = false;  // "no" or Escape
};

// The buttons; "yes" reads `yes_label` and is disabled unless `yes_enabled`. Closes the popup on an answer;
// the caller still ends it (ImGui::EndPopup).
ConfirmAnswer confirm_buttons(ViewContext& ctx, const char* yes_label, bool yes_enabled = true);

}  // namespace crm::ui
