#pragma once
// The customer list: Companies / Contacts tabs, instant search, stage and owner filters, a "New" button and
// a sortable virtualised table. Only a window of rows around the visible part is fetched from core and
// cached, so 100k records scroll smoothly.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/customer.hpp"
#include "core/limits.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class CustomerListView {
public:
    enum class Tab { Companies, Contacts };

    // Draws into the current window's remaining region. `selected_id` is highlighted. Returns the
    // record the user clicked, if any.
    std::optional<RecordRef> draw(ViewContext& ctx, const std::string& selected_id);
    // The data changed underneath (sync): fetch the rows again, keeping the scroll position.
    void invalidate() {
        stale_ = true;
        owners_stale_ = true;
    }
    Tab tab() const { return tab_; }
    // The kind of record the user asked to create with the "New" button this frame, if any.
    std::optional<RecordKind> take_create_request() { return std::exchange(create_request_, std::nullopt); }

private:
    // One list line, the same shape for companies and contacts.
    struct Row {
        std::string id;
        std::string name;
        std::string company;
        std::string position;
        std::string phone;
        std::string email;
        std::string owner;
        domain::JourneyStage stage = domain::JourneyStage::Awareness;
        std::int64_t updated_at = 0;
    };
    struct TabState {
        std::string sort_field = "name";
        bool descending = false;
        std::optional<bool> columns_narrow;  // the layout the column visibility was last set for
        std::string stage_filter;            // journey stage key; empty: any
        std::string owner_filter;            // empty: any
    };

    void draw_tabs(ViewContext& ctx);
    void draw_search(ViewContext& ctx);
    void draw_filters(ViewContext& ctx);
    std::optional<RecordRef> draw_table(ViewContext& ctx, const std::string& selected_id);
    void query_changed();
    // Makes rows [first, last) available, fetching a window around them when they are not cached.
    void ensure_rows(ViewContext& ctx, int first, int last);
    void fetch(ViewContext& ctx, int first, int last);
    const Row* row_at(int index) const;
    TabState& tab_state() { return tabs_[tab_ == Tab::Companies ? 0 : 1]; }
    bool filtered() {
        return search_[0] != '\0' || !tab_state().stage_filter.empty() || !tab_state().owner_filter.empty();
    }

    Tab tab_ = Tab::Companies;
    std::array<TabState, 2> tabs_;
    std::array<char, limits::kMaxSearchBytes + 1> search_{};
    std::vector<Row> rows_;  // the cached window: rows [rows_offset_, rows_offset_ + rows_.size())
    int rows_offset_ = 0;
    std::int64_t total_ = 0;
    std::string error_;
    bool stale_ = true;
    bool scroll_to_top_ = false;
    int visible_first_ = 0;  // the visible range of the last frame, to refetch around it
    int visible_last_ = 0;
    int rows_on_screen_ = 0;  // rows the table had room for when last drawn; 0: not drawn yet
    bool new_query_ = false;  // the next fetch is for a changed query (search, tab, sort, filter)
    std::int64_t fetches_ = 0;  // published: lets tests check that scrolling within the window is free
    std::optional<double> search_changed_ms_;  // a search edit's monotonic time until its rows load
    std::vector<std::string> owners_;  // the owner filter's choices, read again with every fresh query
    bool owners_stale_ = true;
    std::optional<RecordKind> create_request_;
};

}  // namespace crm::ui
