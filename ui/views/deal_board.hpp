#pragma once
// The deals board: one column per stage of a pipeline (open stages, then Won and Lost) with the count, the
// sums per currency and the probability-weighted sums; cards with the title, customer, amount, days in stage,
// owner and a red stale marker. Columns draw only their visible cards (a list clipper over a per-column cache
// of pages fetched on demand), so 10,000 deals scroll like 10. Cards are dragged between columns with the
// mouse or a finger (the long press already is a press, see wasm/input_backend.cpp); the column under the
// pointer lights up and the board scrolls sideways near its edges. A drop moves the deal through core's
// move_deal; a gate or a lost stage asks first (stage_move_dialog.hpp). A toggle shows the generic list of
// deals instead (sortable columns). Everything is re-read when the database changed (sync, a move).
// Automation ids and state: docs/automation.md ("Deals board").
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/board.hpp"
#include "core/limits.hpp"
#include "ui/views/record_list.hpp"
#include "ui/views/stage_move_dialog.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class DealBoardView {
  public:
    // Draws into the current window's remaining region. Returns the deal whose card was clicked, if any.
    std::optional<RecordRef> draw(ViewContext& ctx, const std::string& selected_id);
    // The data changed underneath (sync): read everything again.
    void invalidate() {
        stale_ = true;
        list_.invalidate();
    }
    // The list mode's "New" request (a new deal), like RecordListView's.
    std::optional<const domain::EntityDesc*> take_create_request() { return list_.take_create_request(); }

  private:
    struct Rect {
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        bool contains(float x, float y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    };
    struct Column {
        domain::BoardColumn data;
        std::map<int, std::vector<domain::BoardCard>> pages;  // page index -> cards
        Rect rect;                                            // on screen, last drawn
        std::vector<std::string> visible;                     // deal ids on screen, top to bottom
        std::vector<std::string> sum_lines, weighted_lines;   // the header's sums as drawn this frame
    };
    struct Drag {
        std::string deal_id;
        int from = -1;
        domain::BoardCard card;
        float grab_x = 0, grab_y = 0;  // the pointer's offset in the card
        float card_w = 0;
    };

    void load(ViewContext& ctx);
    void draw_mode_toggle(ViewContext& ctx);
    void draw_filters(ViewContext& ctx);
    std::optional<RecordRef> draw_columns(ViewContext& ctx, const std::string& selected_id);
    void draw_column(ViewContext& ctx, int index, float width, float height, const std::string& selected_id,
                     std::optional<RecordRef>& opened);
    void draw_header(ViewContext& ctx, const Column& column);
    bool draw_card(ViewContext& ctx, int column, const domain::BoardCard& card, float width, bool selected);
    void draw_ghost(ViewContext& ctx);
    void update_drag(ViewContext& ctx, const Rect& board);
    void drop(ViewContext& ctx, const Drag& drag, int to);
    const domain::BoardCard* card_at(ViewContext& ctx, int column, int index);
    void publish(ViewContext& ctx);
    float card_height() const;

    enum class Mode { Board, List };
    Mode mode_ = Mode::Board;
    RecordListView list_{[](const domain::EntityDesc& e) { return e.name == domain::entity::kDeal; }};
    StageMoveDialog dialog_;

    std::vector<domain::Record> pipelines_;
    std::string pipeline_id_;
    std::vector<domain::OwnerChoice> owners_;
    std::string owner_;
    std::array<char, limits::kMaxSearchBytes + 1> search_{};
    std::vector<Column> columns_;
    int header_lines_ = 0;              // text lines of the tallest column header this frame
    std::int64_t loaded_changes_ = -1;  // Database::total_changes() when the board was read
    bool stale_ = true;
    std::string error_;       // reading the board failed
    std::string move_error_;  // the last drop failed

    std::optional<Drag> drag_;
    double edge_scroll_ms_ = 0.0;  // monotonic time of the last edge-scroll step (0: not scrolling)
    int over_ = -1;                // the column under the dragged card
    bool suppress_click_ = false;  // the press that started a drag does not also open the card

    std::int64_t pages_fetched_ = 0;  // published: tests bound the rows a frame reads
    std::int64_t rows_fetched_ = 0;
    nlohmann::json last_move_;  // {deal, stage} of the newest completed move
};

}  // namespace crm::ui
