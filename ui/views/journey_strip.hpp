#pragma once
// The customer journey on a company's or contact's card (issue 12, item 6): the team's stages as a row of
// chips, wrapping on a phone, the current one highlighted with how many days the customer has been in it.
// Tapping another stage sets it through the repository (so it is tracked in field_history and synced).
#include <cstdint>
#include <string>

#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class JourneyStripView {
  public:
    // Draws the strip for `customer`; true when a tap changed its stage (the card reads it again).
    bool draw(ViewContext& ctx, const domain::Record& customer);
    // The last write's failure, shown under the strip until the next tap.
    const std::string& error() const { return error_; }

  private:
    std::string since_for_;            // the customer and stage `since_ms_` was read for
    std::int64_t since_changes_ = -1;  // Database::total_changes() then
    std::int64_t since_ms_ = 0;
    std::string error_;
};

}  // namespace crm::ui
