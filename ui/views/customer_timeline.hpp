#pragma once
// One timeline per customer on its card (issue 12, item 5): filter chips (all, each activity type, deals,
// journey), then the items newest first (core/domain/timeline.hpp) in a virtualised list: only the rows on
// screen are laid out, so 1,000 items scroll like 10. The items are read again only when the customer, the
// filter or the data (Database::total_changes) changed. A tap asks the card to open the item's record.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/timeline.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class CustomerTimelineView {
  public:
    // Draws the timeline of `customer` at the cursor, as tall as its rows (the card's body scrolls); the
    // record to open when an item was tapped.
    std::optional<RecordRef> draw(ViewContext& ctx, const RecordRef& customer);

  private:
    void load(ViewContext& ctx, const RecordRef& customer);
    void draw_filters(ViewContext& ctx);

    std::string loaded_for_;  // customer id + filter the items were read for
    std::int64_t loaded_changes_ = -1;
    std::string filter_;  // a key of domain::timeline_filter_keys(), empty: all
    std::vector<domain::TimelineItem> items_;
    std::string error_;
};

}  // namespace crm::ui
