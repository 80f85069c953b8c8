#pragma once
// The sales forecast as a table (domain::forecast, core/domain/forecast.hpp): for the period chosen (this
// month, the 6 or the 12 months starting with it) the won amount, the probability-weighted open pipeline
// and the best case, per currency (RUB first; no exchange rates) with a total row and a row per owner.
// The figures are core's; this view only reads and formats them, and computes them again only when the
// database changed or the day did.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/domain/forecast.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class ForecastView {
  public:
    void draw(ViewContext& ctx);
    // Compute again before the next draw (e.g. a sync applied changes through another connection).
    void invalidate() { computed_at_ = -1; }

  private:
    void refresh(ViewContext& ctx);
    void draw_periods(ViewContext& ctx);
    void draw_table(ViewContext& ctx);
    void publish(ViewContext& ctx) const;

    std::size_t period_ = 0;         // index into Forecast::periods
    std::int64_t computed_at_ = -1;  // Database::total_changes() when computed
    civil::Date computed_for_{};     // the device's date then: a new day moves the periods
    std::optional<domain::Forecast> forecast_;
    std::string error_;
    std::int64_t computations_ = 0;  // published: tests check that an unchanged database is not re-read
};

}  // namespace crm::ui
