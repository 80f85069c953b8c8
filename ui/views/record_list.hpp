#pragma once
// The record list: one tab per entity of the registry that has one, instant search, an equality filter per
// filterable field, a "New" button and a sortable virtualised table whose columns come from the descriptor.
// Only a window of rows around the visible part is fetched from core and cached, so 100k records scroll
// smoothly. A narrow list drops its least useful columns (ui/column_fit.hpp) instead of cutting them all.
// A changed query (a keystroke, a filter, a tab, new data) runs as a domain::ListScan, a budgeted slice per
// frame (limits::kListScan*): the list keeps the previous rows until the new first screen is read, shows it
// at once, and counts the rest over the next frames. A newer change abandons the running query.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/list_scan.hpp"
#include "core/domain/record.hpp"
#include "core/limits.hpp"
#include "ui/i18n.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class RecordListView {
  public:
    // Which entities get a tab, among those with `in_tabs` (a section of the app shows some of them).
    using TabFilter = std::function<bool(const domain::EntityDesc&)>;
    RecordListView() = default;
    explicit RecordListView(TabFilter filter) : filter_(std::move(filter)) {}

    // Draws into the current window's remaining region. `selected_id` is highlighted. Returns the record the
    // user clicked, if any.
    std::optional<RecordRef> draw(ViewContext& ctx, const std::string& selected_id);
    // The data changed underneath (sync): fetch the rows again, keeping the scroll position.
    void invalidate() {
        stale_ = true;
        choices_stale_ = true;
        ++queries_;
    }
    // The entity of the selected tab (null before the first draw).
    const domain::EntityDesc* entity() const { return tabs_.empty() ? nullptr : tabs_[tab_].entity; }
    // The entity the user asked to create a record of with the "New" button this frame, if any.
    std::optional<const domain::EntityDesc*> take_create_request() {
        return std::exchange(create_request_, std::nullopt);
    }

  private:
    struct TabState {
        const domain::EntityDesc* entity = nullptr;
        std::string sort_field;  // empty: the entity's default sort
        bool descending = false;
        std::map<std::string, std::string, std::less<>> filters;  // field -> value; absent: any
        // The columns' text widths, measured on a sample of the rows a query fetched first, for one font size
        // and language. Scrolling keeps them, so columns do not come and go while the list moves.
        std::vector<float> content_need;
        std::int64_t measured_query = -1;
        float measured_font = 0.0f;
        Language measured_language = Language::Ru;
    };

    void ensure_tabs(ViewContext& ctx);
    void draw_tabs(ViewContext& ctx);
    void draw_search(ViewContext& ctx);
    void draw_filters(ViewContext& ctx);
    void draw_filter(ViewContext& ctx, const domain::FieldDesc& field, float width);
    void set_filter(const domain::FieldDesc& field, std::string value);
    std::optional<RecordRef> draw_table(ViewContext& ctx, const std::string& selected_id);
    std::vector<bool> fit(ViewContext& ctx, const std::vector<const domain::FieldDesc*>& fields,
                          float available);
    void measure_content(ViewContext& ctx, const std::vector<const domain::FieldDesc*>& fields);
    void query_changed();
    // Makes rows [first, last) available, fetching a window around them when they are not cached.
    void ensure_rows(ViewContext& ctx, int first, int last);
    void fetch(ViewContext& ctx, int first, int last);
    // The window around [first, last) for a fetch: offset and row limit.
    std::pair<int, int> window_for(int first, int last);
    domain::ListQuery current_query(int offset, int limit, bool count_total);
    // Starts the changed query as a scan around rows [first, last); run_scan() advances it.
    void start_scan(ViewContext& ctx, int first, int last);
    // Runs the scan for what is left of this frame's budget; shows its page and its count when read.
    void run_scan(ViewContext& ctx);
    void fail(ViewContext& ctx, const Error& error);
    bool page_pending() const { return scan_ && !scan_->page_done(); }
    const domain::Record* row_at(int index) const;
    TabState& tab_state() { return tabs_[tab_]; }
    bool filtered() { return search_[0] != '\0' || !tab_state().filters.empty(); }

    TabFilter filter_;  // empty: every entity with a tab
    std::vector<TabState> tabs_;
    std::size_t tab_ = 0;
    std::array<char, limits::kMaxSearchBytes + 1> search_{};
    std::vector<domain::Record> rows_;  // the cached window: rows [rows_offset_, rows_offset_ + rows_.size())
    int rows_offset_ = 0;
    std::int64_t total_ = 0;
    std::string error_;
    bool stale_ = true;
    bool scroll_to_top_ = false;
    int visible_first_ = 0;  // the visible range of the last frame, to refetch around it
    int visible_last_ = 0;
    int rows_on_screen_ = 0;    // rows the table had room for when last drawn; 0: not drawn yet
    bool new_query_ = false;    // the next fetch is for a changed query (search, tab, sort, filter)
    std::int64_t fetches_ = 0;  // published: lets tests check that scrolling within the window is free
    std::int64_t queries_ = 0;  // changes of the query or the data: the columns are measured again
    std::optional<double> search_changed_ms_;  // a search edit's monotonic time until its rows load
    std::optional<double> last_key_ms_;        // the last search edit's time, until its count is complete
    double frame_start_ms_ = 0.0;  // when this frame's draw() began: the scan's budget counts from it
    std::optional<domain::ListScan> scan_;  // the changed query, read a slice per frame
    bool scan_refresh_ = false;             // the scan re-reads the same query: keep the total meanwhile
    int scan_pages_shown_ = 0;              // scan_->pages_done() last shown
    std::int64_t scan_steps_ = 0;           // published: steps the scan ran in the last frame
    std::int64_t scan_frames_ = 0;          // ...the frames the last one ran in
    std::int64_t scan_total_steps_ = 0;     // ...and its steps in all
    nlohmann::json search_timing_;          // published: the last search's first rows and count, in ms
    // The choices of text filters (owners), by field; read again with every fresh query.
    std::map<std::string, std::vector<std::string>, std::less<>> choices_;
    bool choices_stale_ = true;
    std::optional<const domain::EntityDesc*> create_request_;
};

}  // namespace crm::ui
