#pragma once
// A rep's day in the demo: past activities with their outcomes (calls, meetings, visits with check-in and
// check-out and a report, e-mails, notes) and planned ones (a few overdue, today's visits in order, the
// coming days), on the demo customers, so Today and the customer timelines are real on first start.
// Written through the activities' repository, so they sync like a rep's own.
#include <cstdint>

#include "core/demo/demo_deals.hpp"
#include "core/store.hpp"

namespace crm::demo {

// `past` done activities within limits::kDemoActivityHistoryDays before the store's clock and `planned`
// ones from a few days overdue to limits::kDemoPlanAheadDays ahead; "today" is the day in the demo's zone
// (limits::kDemoUtcOffsetMinutes). Deterministic for a seed and a clock. Needs customers when > 0.
Status generate_activities(Store& store, const DemoCustomers& customers, int past, int planned,
                           std::uint64_t seed);

}  // namespace crm::demo
