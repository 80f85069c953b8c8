#pragma once
// The whole UI: owns the views and per-user UI state. The platform layer calls frame() once per ImGui
// frame (between ImGui::NewFrame and ImGui::Render).
#include <memory>

#include "core/store.hpp"
#include "ui/automation.hpp"
#include "ui/platform.hpp"

namespace crm::ui {

class AppImpl;

class App {
  public:
    // `registry`: the entities the views show; the store must hold their tables (tests pass their own).
    App(Store& store, Platform& platform, const domain::Registry& registry = domain::Registry::app());
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // Sets up ImGui style and fonts. `font_path` may be empty (ImGui's built-in font, tests);
    // `pixel_ratio` is devicePixelRatio: fonts are rasterised at that scale for crisp text.
    void init_style(const char* font_path, float pixel_ratio);
    void frame();
    // The data changed underneath the views (sync applied changes): reload cached pages.
    void data_changed();
    Automation& automation();

  private:
    std::unique_ptr<AppImpl> impl_;
};

}  // namespace crm::ui
