#pragma once
// The app's sections: Today (the rep's home, first and the default when the registry has activities),
// customers (companies and contacts), deals, the forecast and the pipeline settings.
// A wide screen shows them as a row of buttons in the top bar; a phone as a bar of touch-sized buttons
// along the bottom (each as wide as its label plus an equal share of the rest), each label shortened when the full one would not fit its button (never cut).
#include <string_view>
#include <vector>

#include "ui/views/view_context.hpp"

namespace crm::ui {

// Users: the admin's users and teams (only while an admin is signed in).
enum class Section { Today, Customers, Deals, Forecast, PipelineSettings, Users };

std::string_view section_key(
    Section section);  // "today", "customers", "deals", "forecast", "settings", "users"

// Which record-list tabs a section shows: deals and activities (Today's list) have their own sections,
// users and teams the admin's, every other entity with a tab (companies, contacts, or a test registry's
// entities) is a customer's.
bool shows_entity(Section section, const domain::EntityDesc& entity);

class NavBarView {
  public:
    // The sections the registry has data for: Today with activities; customers always; deals, forecast and settings with the
    // sales pipeline's entities.
    std::vector<Section> sections(const ViewContext& ctx) const;
    // The section shown at start: Today when the registry has activities, else customers.
    static Section home(const domain::Registry& registry);
    // The row of section buttons at the cursor, in at most `width`. Returns whether `current` changed.
    bool draw_row(ViewContext& ctx, Section& current, float width);
    // The phone's bottom bar: the whole width, the label's width plus an equal share of the rest each. Returns whether `current` changed.
    bool draw_bottom(ViewContext& ctx, Section& current);
    // The height draw_bottom takes, spacing included.
    float bottom_height() const;
    // The width draw_row needs with full labels.
    float row_width(const ViewContext& ctx) const;
    // Whether the signed-in user is an admin (set every frame by the shell): only then the Users section
    // shows.
    void set_admin(bool admin) { admin_ = admin; }
    // Published once per frame: the section shown and which section lists which entity.
    void publish(ViewContext& ctx, Section current) const;

  private:
    // What each button read in the last draw and whether its text fit inside it (published).
    nlohmann::json labels_ = nlohmann::json::object();
    bool admin_ = false;
};

}  // namespace crm::ui
