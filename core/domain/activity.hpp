#pragma once
// A rep's day (schema 6): activities (calls, meetings, visits, e-mails, messages, notes, tasks) and the
// history of tracked fields (the customer journey). The entities are described in activity_entities.cpp;
// the rules every screen shares (planned / done, due classification in the device's zone) live here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/record.hpp"
#include "core/util/result.hpp"

namespace crm::domain {

// The activity types, in display order.
namespace activity_type {
inline constexpr std::string_view kCall = "call";
inline constexpr std::string_view kMeeting = "meeting";
inline constexpr std::string_view kVisit = "visit";
inline constexpr std::string_view kEmail = "email";
inline constexpr std::string_view kMessage = "message";
inline constexpr std::string_view kNote = "note";
inline constexpr std::string_view kTask = "task";
}  // namespace activity_type
const std::vector<std::string_view>& activity_type_keys();

// Where a visit's position came from: asked and waiting, a fix, the user refused, no fix in time.
namespace geo_status {
inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kOk = "ok";
inline constexpr std::string_view kDenied = "denied";
inline constexpr std::string_view kUnavailable = "unavailable";
}  // namespace geo_status
const std::vector<std::string_view>& geo_status_keys();

// The activity's own rule, run on every local write: a visit names its customer (company or contact).
// Invalid with field company_id, reason "empty".
Status check_activity(const Record& activity);

// Planned: has a due time and is not done. Done: has done_at.
bool is_planned(const Record& activity);
bool is_done(const Record& activity);

// A calendar day as days since 1970-01-01 (negative before).
std::int64_t day_number(std::int64_t utc_ms, std::int64_t offset_ms);
// Unix ms of 00:00 of day `day` in the zone `offset_ms` east of UTC.
std::int64_t day_start_ms(std::int64_t day, std::int64_t offset_ms);

// The calendar day an activity is due on: a timed one in the device's zone; an all-day one is a floating
// date (stored as 00:00 UTC of that date), the same calendar day in every zone. nullopt: no due time.
std::optional<std::int64_t> due_day(const Record& activity, std::int64_t offset_ms);

// Where a planned activity stands at `now` for a device `offset_ms` east of UTC:
//  Overdue  a timed one whose time has passed; an all-day one whose day is before today;
//  Today    due later today (an all-day one: today);
//  Later    due after today;
//  None     not planned (no due time, or done).
enum class DueClass { None, Overdue, Today, Later };
DueClass classify_due(const Record& activity, std::int64_t now_ms, std::int64_t offset_ms);
std::string_view to_key(DueClass due);  // "none", "overdue", "today", "later"

}  // namespace crm::domain
