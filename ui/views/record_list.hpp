#pragma once
// The record list: one tab per entity of the registry that has one, instant search, an equality filter per
// filterable field, a "New" button and a sortable virtualised table whose columns come from the descriptor.
// Only a window of rows around the visible part is fetched from core and cached, so 100k records scroll
// smoothly. A narrow list drops its least useful columns (ui/column_fit.hpp) instead of cutting them all.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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
    // The choices of text filters (owners), by field; read again with every fresh query.
    std::map<std::string, std::vector<std::string>, std::less<>> choices_;
    bool choices_stale_ = true;
    std::optional<const domain::EntityDesc*> create_request_;
};

}  // namespace crm::ui
