#pragma once
// Automation registry: views tag the ImGui items tests need, and publish small read-only facts; the
// wasm layer exposes both to JavaScript (window.crm, see docs/automation.md). Rebuilt every frame.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "ui/perf_stats.hpp"

namespace crm::ui {

struct ItemRect {
    float x = 0, y = 0, w = 0, h = 0;  // in ImGui display coordinates (CSS pixels in the browser)
};

class Automation {
public:
    void begin_frame();  // the previous frame's items stay readable until this frame ends
    void end_frame();
    // Records the rectangle of ImGui's last submitted item under `id`.
    void tag_last_item(std::string_view id);
    void tag(std::string_view id, ItemRect rect);
    void publish(std::string_view key, nlohmann::json value);

    std::optional<ItemRect> item(std::string_view id) const;
    nlohmann::json items_json() const;  // {"id": {x,y,w,h}, ...} of the last complete frame
    nlohmann::json state(std::string_view key) const;  // null when unknown
    nlohmann::json state_json() const;

    // Frame and search timings; unlike items and state they last across frames until cleared.
    PerfStats& perf() { return perf_; }
    const PerfStats& perf() const { return perf_; }

private:
    std::map<std::string, ItemRect, std::less<>> building_items_, items_;
    std::map<std::string, nlohmann::json, std::less<>> building_state_, state_;
    PerfStats perf_;
};

}  // namespace crm::ui
