#include "ui/automation.hpp"

#include <utility>

#include <imgui.h>
#include <imgui_internal.h>

namespace crm::ui {

void Automation::begin_frame() {
    building_items_.clear();
    building_state_.clear();
}

void Automation::end_frame() {
    // Swap rather than copy: readers (JavaScript, tests) always see one whole frame, never a half-built one.
    items_.swap(building_items_);
    state_.swap(building_state_);
    building_items_.clear();
    building_state_.clear();
}

void Automation::tag_last_item(std::string_view id) {
    // A window measuring itself (an auto-sized popup's first frame) is laid out where it will not be drawn:
    // a click at that rect would land outside it, so the item appears to tests only once it is shown.
    if (ImGui::GetCurrentWindowRead()->Hidden) return;
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    tag(id, ItemRect{min.x, min.y, max.x - min.x, max.y - min.y});
}

void Automation::tag(std::string_view id, ItemRect rect) { building_items_.insert_or_assign(std::string(id), rect); }

void Automation::publish(std::string_view key, nlohmann::json value) {
    building_state_.insert_or_assign(std::string(key), std::move(value));
}

std::optional<ItemRect> Automation::item(std::string_view id) const {
    const auto it = items_.find(id);
    if (it == items_.end()) return std::nullopt;
    return it->second;
}

nlohmann::json Automation::items_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [id, r] : items_) out[id] = {{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}};
    return out;
}

nlohmann::json Automation::state(std::string_view key) const {
    const auto it = state_.find(key);
    return it == state_.end() ? nlohmann::json() : it->second;
}

nlohmann::json Automation::state_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : state_) out[key] = value;
    return out;
}

}  // namespace crm::ui
