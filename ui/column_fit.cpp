#include "ui/column_fit.hpp"

namespace crm::ui {

std::vector<bool> fit_columns(std::span<const ColumnNeed> columns, float available) {
    std::vector<bool> shown(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) shown[i] = columns[i].wanted;
    for (;;) {
        float weights = 0.0f;
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (shown[i]) weights += columns[i].weight;
        bool fits = true;
        for (std::size_t i = 0; i < columns.size() && fits; ++i)
            if (shown[i] && columns[i].weight / weights * available < columns[i].need) fits = false;
        if (fits) return shown;
        // The least useful column still shown goes first; on a tie, the one further right.
        std::size_t drop = columns.size();
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (shown[i] && columns[i].priority > 0 &&
                (drop == columns.size() || columns[i].priority >= columns[drop].priority))
                drop = i;
        if (drop == columns.size()) return shown;  // only undroppable columns left: they share what there is
        shown[drop] = false;
    }
}

}  // namespace crm::ui
