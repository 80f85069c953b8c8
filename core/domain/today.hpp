#pragma once
// The rep's Today screen's reads (issue 12 item 3) and the next-step rules: planned activities grouped as
// overdue / due today / later (the next limits::kTodayLaterDays days), the open deals and the recently
// served customers with nothing planned ("no next step"), and today's visits in planned order. Pure over the
// store: "now" and the device's zone offset are passed in. Every group is counted whole and its rows are
// capped at limits::kTodayMaxRows. The reads go through the activities' indexes: planned ones by
// (deleted, done_at) with done_at NULL, visits by (deleted, due_at), "is anything planned" by the reference
// indexes (deal_id, company_id, contact_id).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/record.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

enum class TodayGroup { Overdue, Today, Later, NoNextStep, Visits };
inline constexpr std::size_t kTodayGroupCount = 5;
std::string_view to_key(TodayGroup group);  // "overdue", "today", "later", "no_next_step", "visits"

struct TodayRow {
    std::string entity;  // "activity", or for "no next step": "deal", "company", "contact"
    std::string id;
    std::string type;      // an activity's type key
    std::string subject;   // an activity's subject, a deal's title, a customer's name
    std::string customer;  // the company's name, else the contact's ("" for a customer row)
    std::string company_id, contact_id, deal_id;
    std::string owner;
    std::optional<std::int64_t> due_at;  // UTC ms (an all-day one: 00:00 UTC of its date)
    bool all_day = false;
    bool done = false;                         // a visit of today already done
    std::optional<std::int64_t> last_done_at;  // a customer row: its newest done activity
};

struct TodayGroupRows {
    TodayGroup group = TodayGroup::Overdue;
    std::int64_t count = 0;      // every matching item, not only the rows read
    std::vector<TodayRow> rows;  // at most limits::kTodayMaxRows, in the group's order
};

struct TodayQuery {
    std::string owner;           // "": everyone's
    std::int64_t now_ms = 0;     // UTC
    std::int64_t offset_ms = 0;  // the device's zone, east of UTC
};

struct TodayData {
    std::array<TodayGroupRows, kTodayGroupCount> groups;
    const TodayGroupRows& operator[](TodayGroup g) const { return groups[static_cast<std::size_t>(g)]; }
};

// The whole screen. Empty groups when the registry has no activities.
Result<TodayData> load_today(Store& store, const TodayQuery& query);
// The overdue count alone (the top bar's badge): one COUNT over the planned activities' index.
Result<std::int64_t> count_overdue(Store& store, const TodayQuery& query);

// Planned timed activities whose due time is in (after_ms, until_ms], oldest first, at most `limit` (the
// reminders). All-day ones have no time of day to remind at and are left out.
Result<std::vector<TodayRow>> activities_falling_due(Store& store, std::int64_t after_ms,
                                                     std::int64_t until_ms, const std::string& owner,
                                                     int limit);

// A follow-up's due time: tomorrow at limits::kFollowUpHourLocal in the device's zone.
std::int64_t follow_up_due_ms(std::int64_t now_ms, std::int64_t offset_ms);
// The next step offered after `done`: a draft of the same entity with the same customer, deal, owner and
// type, the subject taken from its "next step" text (else its own subject), due at follow_up_due_ms.
Record follow_up_draft(const Record& done, std::int64_t now_ms, std::int64_t offset_ms);
// Marks the activity done at `now_ms` with the result text (kept as it was when `result` is empty), through
// the repository (so it syncs). Returns the record as saved.
Result<Record> complete_activity(Store& store, const std::string& id, const std::string& result,
                                 std::int64_t now_ms);

}  // namespace crm::domain
