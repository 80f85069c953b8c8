#pragma once
// One timeline per customer (issue 12, item 5): everything about a company or contact, newest first —
// its activities (visits with their reports), its deals' creation, closing and stage moves, and its
// journey-stage changes. A company's timeline includes its contacts' items. Each source is one indexed
// query (per-reference indexes, field_history_by_record) capped at the limit, then merged.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/limits.hpp"
#include "core/storage/sqlite.hpp"
#include "core/util/result.hpp"

namespace crm::domain {

enum class TimelineKind { Activity, StageChange, DealCreated, DealWon, DealLost, Journey };
std::string_view to_key(TimelineKind kind);  // "activity", "stage", "deal_created", "deal_won", ...

struct TimelineItem {
    std::int64_t at_ms = 0;  // an activity: done, else due, else created
    TimelineKind kind = TimelineKind::Activity;
    std::string type;         // an activity's type key (activity_type)
    bool done = false;        // an activity: done (else planned)
    std::string title;        // the activity's subject, the deal's title, the journey's "from → to"
    std::string detail;       // the activity's result (a visit's report), the move "A → B"
    std::string who;          // in a company's timeline: the contact an item belongs to
    std::string_view entity;  // what a tap opens: activity, deal, or the contact / company
    std::string record_id;
};

// The filters, in chip order: each activity type, then "deal" (deals and their stage moves), "journey".
namespace timeline_filter {
inline constexpr std::string_view kAll;  // empty: everything
inline constexpr std::string_view kDeal = "deal";
inline constexpr std::string_view kJourney = "journey";
}  // namespace timeline_filter
const std::vector<std::string_view>& timeline_filter_keys();
bool timeline_filter_matches(std::string_view filter, const TimelineItem& item);

struct TimelineQuery {
    std::string_view filter = timeline_filter::kAll;
    int limit = limits::kTimelineMaxItems;
};

// `customer` is a company or a contact (anything else: an empty timeline). Newest first, at most
// query.limit items; ties by kind, then record id, so the order is stable.
Result<std::vector<TimelineItem>> load_timeline(storage::Database& db, const EntityDesc& customer,
                                                const std::string& customer_id,
                                                const TimelineQuery& query = {});

// The SQL texts load_timeline runs for a customer of this entity (tests check their query plans).
std::vector<std::string> timeline_queries(const EntityDesc& customer);

}  // namespace crm::domain
