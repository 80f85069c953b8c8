#pragma once
// Reminders while the app is open (issue 12 item 4): when a planned activity's due time arrives (crossed
// since the last check), a banner (ui/views/reminder_banner.hpp) and, where the user allowed it, a system
// notification through the platform. The activities are looked up at most once per
// limits::kReminderCheckIntervalMs, not every frame. Which ones were reminded of is kept per device (a
// platform setting), so a reload repeats none; at start only what fell due in the last
// limits::kReminderStartGraceMs reminds: opening the app in the morning is not a storm for every overdue
// task. All-day activities have no time of day and do not remind (Today lists them).
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "core/domain/today.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// The setting holding the ids reminded of (comma-separated, newest last, at most kReminderShownMax).
inline constexpr std::string_view kRemindersShownSetting = "reminders.shown";

class Reminders {
  public:
    // Called every frame; does the lookup only when the interval has passed.
    void tick(ViewContext& ctx);
    // The reminders waiting for the banner, oldest first.
    const std::deque<domain::TodayRow>& pending() const { return pending_; }
    void dismiss(const std::string& id);
    // The "enable notifications" button: the only place the permission is asked for.
    void enable_notifications(Platform& platform) { platform.request_notification_permission(); }
    std::int64_t checks() const { return checks_; }
    void publish(ViewContext& ctx) const;

  private:
    void load_shown(Platform& platform);
    void remember(Platform& platform, const std::vector<std::string>& ids);
    bool was_shown(const std::string& id) const;

    bool started_ = false;
    std::int64_t checked_until_ = 0;  // due times up to here were looked at
    std::int64_t last_check_ = 0;     // platform time of the last lookup
    std::deque<std::string> shown_;   // ids reminded of on this device, oldest first
    std::deque<domain::TodayRow> pending_;
    std::int64_t checks_ = 0;
    std::int64_t fired_ = 0;     // reminders raised since start (published)
    std::int64_t notified_ = 0;  // of which shown as system notifications
    std::string error_;
};

}  // namespace crm::ui
