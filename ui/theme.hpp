#pragma once
// The two looks of the app (light and dark) and the two densities (mouse and touch), as ImGui styles.
#include <optional>
#include <string_view>

namespace crm::ui {

enum class Theme { Light, Dark };
// Touch: narrow screens (phones) get bigger paddings and spacing so a finger hits what it aims at.
enum class Density { Comfortable, Touch };

std::string_view to_key(Theme theme);  // "light", "dark"
std::optional<Theme> theme_from_key(std::string_view key);

// Replaces the current ImGui style. Call between frames or at the start of one, before any window.
void apply_style(Theme theme, Density density);

// Colours the views use beyond ImGui's own palette (status texts), matched to the theme.
struct Accents {
    unsigned ok;       // ImU32 (ABGR): success, synced
    unsigned warning;  // pending changes, offline
    unsigned error;    // failures
    unsigned muted;    // secondary text
    unsigned accent;   // titles, links
};
Accents accents(Theme theme);

}  // namespace crm::ui
