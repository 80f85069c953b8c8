#pragma once
// The Today section, a rep's home (issue 12 item 3): overdue (red), due today (green), the coming days
// (grey), open deals and customers with no next step (yellow) and today's visits in planned order, read by
// core (core/domain/today.hpp). A row: time (or "all day"), type, subject, customer; a tap opens its card in
// the shell's card pane; "done" on a planned row asks for the next step (next_step_dialog.hpp); "plan" on a
// "no next step" row opens a new activity for that customer or deal. "+ Task" opens the generic form, "All
// activities" the generic record list of activities. One column at every width; rows and buttons are
// touch-sized on a phone. Read again only when the database changed, the day or the zone did, or
// limits::kTodayRecomputeMs passed (a due time passing moves a row from today to overdue).
//
// Automation ids: today.group.<group>, today.row.<id>, today.done.<id>, today.plan.<id>, today.new,
// today.mode.today, today.mode.list, today.notify. State: today.counts, today.rows, today.computations,
// today.mode, today.error (docs/automation.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/today.hpp"
#include "ui/views/next_step_dialog.hpp"
#include "ui/views/record_form.hpp"
#include "ui/views/record_list.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// A new record the view asks the shell's form for.
struct NewRecordRequest {
    const domain::EntityDesc* entity = nullptr;
    std::vector<Prefill> prefill;
};

class TodayView {
  public:
    TodayView();
    // Draws into the current window's remaining region. Returns the record whose row was tapped.
    std::optional<RecordRef> draw(ViewContext& ctx, const std::string& selected_id);
    void invalidate() {
        computed_at_ = -1;
        list_.invalidate();
    }
    std::optional<NewRecordRequest> take_create_request();
    // The next step was saved this frame: the shell refreshes its lists and shows the follow-up.
    std::optional<NextStepOutcome> take_completed() { return std::exchange(completed_, std::nullopt); }
    // Completing an activity from elsewhere (the card's button): the same dialog.
    bool complete(ViewContext& ctx, const std::string& activity_id) {
        return dialog_.begin(ctx, activity_id);
    }

  private:
    enum class Mode { Today, List };
    void refresh(ViewContext& ctx);
    void draw_toolbar(ViewContext& ctx);
    std::optional<RecordRef> draw_groups(ViewContext& ctx, const std::string& selected_id);
    bool draw_row(ViewContext& ctx, const domain::TodayGroupRows& group, const domain::TodayRow& row,
                  bool selected, unsigned color);
    std::string when_text(ViewContext& ctx, domain::TodayGroup group, const domain::TodayRow& row) const;
    void plan_for(ViewContext& ctx, const domain::TodayRow& row);
    void publish(ViewContext& ctx) const;

    Mode mode_ = Mode::Today;
    RecordListView list_;
    NextStepDialog dialog_;
    std::optional<domain::TodayData> data_;
    std::string error_;
    std::int64_t computed_at_ = -1;     // Database::total_changes() when read
    std::int64_t computed_slot_ = -1;   // now / kTodayRecomputeMs when read
    std::int64_t computed_offset_ = 0;  // the zone then
    std::int64_t computations_ = 0;
    double load_ms_ = 0.0;  // the last read's time (published for the bench)
    std::optional<NewRecordRequest> create_request_;
    std::optional<NextStepOutcome> completed_;
};

}  // namespace crm::ui
