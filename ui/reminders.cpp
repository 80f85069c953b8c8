#include "ui/reminders.hpp"

#include <algorithm>

#include "core/limits.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"

namespace crm::ui {

namespace {

const char* permission_key(Platform::NotificationPermission p) {
    switch (p) {
        case Platform::NotificationPermission::Unsupported:
            return "unsupported";
        case Platform::NotificationPermission::Default:
            return "default";
        case Platform::NotificationPermission::Granted:
            return "granted";
        case Platform::NotificationPermission::Denied:
            return "denied";
    }
    return "unsupported";
}

}  // namespace

void Reminders::load_shown(Platform& platform) {
    shown_.clear();
    const std::string text = platform.load_setting(kRemindersShownSetting).value_or("");
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma > start) shown_.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
}

bool Reminders::was_shown(const std::string& id) const {
    return std::find(shown_.begin(), shown_.end(), id) != shown_.end();
}

void Reminders::remember(Platform& platform, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) shown_.push_back(id);
    while (shown_.size() > limits::kReminderShownMax) shown_.pop_front();
    std::string text;
    for (const std::string& id : shown_) {
        if (!text.empty()) text += ',';
        text += id;
    }
    platform.save_setting(kRemindersShownSetting, text);
}

void Reminders::tick(ViewContext& ctx) {
    const std::int64_t now = ctx.platform.now_ms();
    if (!started_) {
        started_ = true;
        load_shown(ctx.platform);
        checked_until_ = now - limits::kReminderStartGraceMs;
    } else if (now >= last_check_ && now - last_check_ < limits::kReminderCheckIntervalMs) {
        return;
    }
    last_check_ = now;
    // The clock went back (set by hand, a zone change of the system clock): start over from now.
    if (now < checked_until_) checked_until_ = now;
    ++checks_;
    auto due =
        domain::activities_falling_due(ctx.store, checked_until_, now, {}, limits::kReminderMaxPerCheck);
    if (!due) {
        error_ = error_text(due.error());
        return;
    }
    error_.clear();
    // A full page: the rest is looked at from the last one on, in the next check.
    checked_until_ =
        static_cast<int>(due->size()) == limits::kReminderMaxPerCheck ? *due->back().due_at : now;
    std::vector<std::string> fresh;
    const bool notify = ctx.platform.notification_permission() == Platform::NotificationPermission::Granted;
    const int offset = ctx.platform.utc_offset_minutes();
    for (domain::TodayRow& row : *due) {
        if (was_shown(row.id)) continue;
        fresh.push_back(row.id);
        ++fired_;
        if (notify) {
            std::string body = format_time(*row.due_at, offset);
            if (!row.customer.empty()) body += " · " + row.customer;
            ctx.platform.show_notification(labelf("reminder.title", {row.subject}), body, row.id);
            ++notified_;
        }
        pending_.push_back(std::move(row));
    }
    if (!fresh.empty()) remember(ctx.platform, fresh);
}

void Reminders::dismiss(const std::string& id) {
    pending_.erase(std::remove_if(pending_.begin(), pending_.end(),
                                  [&](const domain::TodayRow& r) { return r.id == id; }),
                   pending_.end());
}

void Reminders::publish(ViewContext& ctx) const {
    nlohmann::json ids = nlohmann::json::array();
    for (const domain::TodayRow& r : pending_) ids.push_back(r.id);
    ctx.automation.publish("reminder.pending", std::move(ids));
    ctx.automation.publish("reminder.fired", fired_);
    ctx.automation.publish("reminder.notified", notified_);
    ctx.automation.publish("reminder.checks", checks_);
    ctx.automation.publish("reminder.permission", permission_key(ctx.platform.notification_permission()));
    if (!error_.empty()) ctx.automation.publish("reminder.error", error_);
}

}  // namespace crm::ui
