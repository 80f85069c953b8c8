#pragma once
// Completing an activity asks for the next step (issue 12 item 3), the way Odoo and Pipedrive keep one
// planned: a modal with the result text and a follow-up prefilled from the done one (same customer, deal,
// owner and type; the subject from its "next step" text; due tomorrow at limits::kFollowUpHourLocal local, or
// in 3 or 7 days). "Done" marks the activity done now with the result and creates the follow-up, in one
// transaction, through the repositories (so both sync); unticking "plan the next step" completes it alone.
// Any screen may use it: begin(ctx, id), then draw(ctx) every frame while is_open().
//
// Automation ids: next_step.result, next_step.plan, next_step.type, next_step.subject, next_step.when.<days>,
// next_step.save, next_step.cancel, next_step.error. State: next_step {open, activity, due_at, plan}.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

struct NextStepOutcome {
    std::string done_id;                   // the activity now done
    std::optional<std::string> follow_up;  // the follow-up created, if one was planned
};

class NextStepDialog {
  public:
    // Opens the dialog for the activity `activity_id`. False (and error()) when it cannot be read.
    bool begin(ViewContext& ctx, const std::string& activity_id);
    // Draws it while open. Returns what was saved in the frame "Done" succeeded.
    std::optional<NextStepOutcome> draw(ViewContext& ctx);
    bool is_open() const { return open_; }
    void close() { open_ = false; }
    const std::string& error() const { return error_; }

  private:
    std::optional<NextStepOutcome> save(ViewContext& ctx);
    std::int64_t due_ms(ViewContext& ctx) const;
    void publish(ViewContext& ctx) const;

    bool open_ = false;
    bool open_popup_ = false;
    domain::Record activity_;  // as read at begin
    std::vector<char> result_;
    std::vector<char> subject_;
    std::string type_;
    int days_ = 1;                // the follow-up is due this many days ahead at the follow-up hour
    bool plan_ = true;            // create the follow-up
    std::int64_t opened_at_ = 0;  // "now" when opened: the due choices count from that day
    std::string error_;
};

}  // namespace crm::ui
