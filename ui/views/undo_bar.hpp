#pragma once
// The bar that follows a delete: "Deleted: <name>" with an Undo button. Undo restores the record through its
// repository (a newer deleted = 0 in the change log), so the restore syncs like any edit.
#include <cstdint>
#include <optional>
#include <string>

#include "ui/views/view_context.hpp"

namespace crm::ui {

class UndoBarView {
public:
    // Remembers the record just deleted; an earlier one can no longer be undone from the bar.
    void deleted(RecordRef ref, std::string name, std::int64_t now_ms);
    // Whether the bar shows at `now_ms` (it hides kUndoBarVisibleMs after the delete).
    bool visible(std::int64_t now_ms) const;
    // Draws one row. Returns the restored record after a successful Undo.
    std::optional<RecordRef> draw(ViewContext& ctx);

private:
    std::optional<RecordRef> ref_;
    std::string name_;
    std::int64_t deleted_at_ = 0;
    std::string error_;
};

}  // namespace crm::ui
