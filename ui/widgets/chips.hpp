#pragma once
// A row of chips (buttons) that wraps to the next line instead of cutting one off: the journey strip and
// the timeline's filters on a 390 px phone.
#include <string>
#include <string_view>

#include "ui/views/view_context.hpp"

namespace crm::ui {

class ChipRow {
  public:
    ChipRow();  // at the cursor, as wide as the region left
    // One chip; `selected` draws it in the accent colour. True when tapped.
    bool chip(ViewContext& ctx, const std::string& text, bool selected, const std::string& tag);

  private:
    float right_ = 0.0f;
    bool first_ = true;
};

}  // namespace crm::ui
