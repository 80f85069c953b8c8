#pragma once
// Which list columns fit a width. Columns share the width by their stretch weights; while a shown column
// would get less than it needs (its header or its typical text, measured by the caller), the column with the
// highest priority number is dropped, so a narrow list loses its least useful columns instead of cutting
// every name.
#include <span>
#include <vector>

namespace crm::ui {

struct ColumnNeed {
    float need = 0.0f;    // px the column needs to show its header and typical text uncut
    float weight = 1.0f;  // its share of the width (ImGui stretch weight)
    int priority = 0;     // 0: never dropped; a higher number is dropped earlier
    bool wanted = true;   // false: the user hid it (the header menu): never shown, takes no width
};

// true per column that is shown at `available` px.
std::vector<bool> fit_columns(std::span<const ColumnNeed> columns, float available);

}  // namespace crm::ui
