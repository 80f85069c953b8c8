#pragma once
// Whether the rep's work is safe on this device: a short indicator in the status bar (saved / saving / not
// saved / memory only) and, while saving fails or no durable storage exists, a banner that says what
// happened, that the data is still held in this tab, and when the next attempt comes (with "Retry").
#include <string>

#include "ui/platform.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class StorageStatusView {
  public:
    // Reads the platform's status once per frame; call before drawing the banner or the indicator.
    void update(ViewContext& ctx);
    bool banner_visible() const;
    float indicator_width() const;  // of the indicator's text, for the status bar's layout
    void draw_banner(ViewContext& ctx);
    void draw_indicator(ViewContext& ctx);

  private:
    StorageStatus status_{};
    std::string indicator_;
};

// The reason as a rep reads it: a full quota in words, any other failure as the browser named it.
std::string storage_reason(const std::string& error);

}  // namespace crm::ui
