#pragma once
// The in-app reminder (ui/reminders.hpp): a banner under the top bar with the oldest waiting reminder's
// time, subject and customer, "open" (its card) and "dismiss", how many more wait, and, while the user has
// not answered, the button that asks for system notifications (the only place besides Today that asks).
//
// Automation ids: reminder.banner, reminder.open, reminder.dismiss, reminder.enable. State: reminder.*.
#include <optional>

#include "ui/reminders.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class ReminderBannerView {
  public:
    // Draws nothing when no reminder waits. Returns the activity to open when "open" was pressed.
    std::optional<RecordRef> draw(ViewContext& ctx, Reminders& reminders);
};

}  // namespace crm::ui
