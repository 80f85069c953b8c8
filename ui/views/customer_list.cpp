#include "ui/views/customer_list.hpp"

#include <algorithm>
#include <cstring>
#include <span>
#include <string_view>

#include <imgui.h>

#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

enum class Cell { Name, Company, Position, Phone, Email, Stage, Owner, Updated };

struct Column {
    Cell cell;
    const char* key;  // automation tag suffix: customers.col.<key>
    Str label;
    const char* sort_field;  // core ListQuery field; nullptr: core cannot sort by it
    bool narrow;             // shown by default on phone-sized screens
    float weight;            // share of the width in the stretch layout
};

constexpr Column kCompanyColumns[] = {
    {Cell::Name, "name", Str::ColName, "name", true, 2.2f},
    {Cell::Phone, "phone", Str::ColPhone, nullptr, true, 1.3f},
    {Cell::Email, "email", Str::ColEmail, nullptr, false, 1.5f},
    {Cell::Stage, "stage", Str::ColStage, "journey_stage", true, 1.0f},
    {Cell::Owner, "owner", Str::ColOwner, "owner", false, 1.0f},
    {Cell::Updated, "updated", Str::ColUpdated, "updated_at", false, 1.1f},
};

constexpr Column kContactColumns[] = {
    {Cell::Name, "name", Str::ColName, "name", true, 1.8f},
    {Cell::Company, "company", Str::ColCompany, nullptr, true, 1.6f},
    {Cell::Position, "position", Str::ColPosition, "position", false, 1.2f},
    {Cell::Phone, "phone", Str::ColPhone, nullptr, true, 1.3f},
    {Cell::Email, "email", Str::ColEmail, nullptr, false, 1.5f},
    {Cell::Stage, "stage", Str::ColStage, "journey_stage", false, 1.0f},
    {Cell::Owner, "owner", Str::ColOwner, "owner", false, 1.0f},
    {Cell::Updated, "updated", Str::ColUpdated, "updated_at", false, 1.1f},
};

std::span<const Column> columns_of(CustomerListView::Tab tab) {
    if (tab == CustomerListView::Tab::Companies) return kCompanyColumns;
    return kContactColumns;
}

std::string first_or_empty(const std::vector<std::string>& values) { return values.empty() ? std::string() : values[0]; }

// Where the next frame-height item of width `w` goes. A combo is tagged from this rather than from the last
// item, which is an entry of its popup while the combo is open.
ItemRect next_item_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

// Extra height of a row's clickable line beyond the text, so rows are easy to hit (more on touch screens).
float row_extra_height(bool narrow) { return narrow ? 14.0f : 4.0f; }

}  // namespace

std::optional<RecordRef> CustomerListView::draw(ViewContext& ctx, const std::string& selected_id) {
    draw_tabs(ctx);
    draw_search(ctx);
    draw_filters(ctx);

    Automation& a = ctx.automation;
    a.publish("customers.tab", tab_ == Tab::Companies ? "companies" : "contacts");
    a.publish("customers.search", std::string(search_.data()));
    a.publish("customers.sort", {{"field", tab_state().sort_field}, {"descending", tab_state().descending}});
    a.publish("customers.filter", {{"stage", tab_state().stage_filter}, {"owner", tab_state().owner_filter}});

    std::optional<RecordRef> opened;
    if (!error_.empty() || total_ == 0) {
        ImGui::Spacing();
        if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
        else
            ImGui::TextDisabled("%s", tr(filtered() ? Str::EmptyNoMatches : Str::EmptyNoCustomers));
        a.publish("customers.visible", nlohmann::json::array());
    } else {
        opened = draw_table(ctx, selected_id);
    }
    a.publish("customers.total", total_);
    a.publish("customers.window", {{"offset", rows_offset_}, {"count", rows_.size()}, {"fetches", fetches_}});
    return opened;
}

void CustomerListView::draw_tabs(ViewContext& ctx) {
    if (!ImGui::BeginTabBar("##customer_tabs")) return;
    struct TabDef {
        Tab tab;
        Str label;
        const char* id;  // stable ImGui id, so switching language keeps the selected tab
        const char* tag;
    };
    static constexpr TabDef kTabs[] = {
        {Tab::Companies, Str::TabCompanies, "###companies", "customers.tab.companies"},
        {Tab::Contacts, Str::TabContacts, "###contacts", "customers.tab.contacts"},
    };
    for (const TabDef& t : kTabs) {
        const std::string label = std::string(tr(t.label)) + t.id;
        const bool selected = ImGui::BeginTabItem(label.c_str());
        ctx.automation.tag_last_item(t.tag);
        if (selected) {
            if (tab_ != t.tab) {
                tab_ = t.tab;
                owners_stale_ = true;
                query_changed();
            }
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

void CustomerListView::draw_search(ViewContext& ctx) {
    // The "New" button shares the search row, so creating a record is one tap away on a phone too.
    const std::string new_label =
        std::string(tr(tab_ == Tab::Companies ? Str::NewCompany : Str::NewContact)) + "###customers_new";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float new_w = ImGui::CalcTextSize(new_label.c_str(), nullptr, true).x + style.FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - new_w - style.ItemSpacing.x, 1.0f));
    // Every keystroke re-runs the query: FTS5 prefix search over the local database is fast enough.
    if (ImGui::InputTextWithHint("##search", tr(Str::SearchHint), search_.data(), search_.size())) {
        // The first edit since the last load counts: several keys in one frame are one search.
        if (!search_changed_ms_) search_changed_ms_ = ctx.platform.monotonic_ms();
        query_changed();
    }
    ctx.automation.tag_last_item("customers.search");
    ImGui::SameLine();
    if (ImGui::Button(new_label.c_str()))
        create_request_ = tab_ == Tab::Companies ? RecordKind::Company : RecordKind::Contact;
    ctx.automation.tag_last_item("customers.new");
}

void CustomerListView::draw_filters(ViewContext& ctx) {
    TabState& state = tab_state();
    if (owners_stale_) {
        owners_ = tab_ == Tab::Companies ? ctx.store.companies().owners() : ctx.store.contacts().owners();
        owners_stale_ = false;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float combo_w = std::max((ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) * 0.5f, 1.0f);

    std::string stage_value = tr(Str::FilterAll);
    if (auto stage = domain::journey_stage_from_key(state.stage_filter)) stage_value = stage_name(*stage);
    ctx.automation.tag("filter.stage", next_item_rect(combo_w));
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo("##filter_stage", trf(Str::FilterStage, {stage_value}).c_str())) {
        if (ImGui::Selectable(tr(Str::FilterAll), state.stage_filter.empty()) &&
            !state.stage_filter.empty()) {
            state.stage_filter.clear();
            query_changed();
        }
        ctx.automation.tag_last_item("filter.stage.all");
        for (const domain::JourneyStage stage : domain::kJourneyStages) {
            const std::string key(domain::to_key(stage));
            const std::string label = std::string(stage_name(stage)) + "###" + key;
            if (ImGui::Selectable(label.c_str(), state.stage_filter == key) && state.stage_filter != key) {
                state.stage_filter = key;
                query_changed();
            }
            ctx.automation.tag_last_item("filter.stage." + key);
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();

    ctx.automation.tag("filter.owner", next_item_rect(ImGui::GetContentRegionAvail().x));
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string owner_value =
        state.owner_filter.empty() ? std::string(tr(Str::FilterAll)) : state.owner_filter;
    if (ImGui::BeginCombo("##filter_owner", trf(Str::FilterOwner, {owner_value}).c_str())) {
        if (ImGui::Selectable(tr(Str::FilterAll), state.owner_filter.empty()) &&
            !state.owner_filter.empty()) {
            state.owner_filter.clear();
            query_changed();
        }
        ctx.automation.tag_last_item("filter.owner.all");
        for (std::size_t i = 0; i < owners_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(owners_[i].c_str(), state.owner_filter == owners_[i]) &&
                state.owner_filter != owners_[i]) {
                state.owner_filter = owners_[i];
                query_changed();
            }
            ImGui::PopID();
            ctx.automation.tag_last_item("filter.owner." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    ctx.automation.publish("customers.owners", owners_);

    if (stale_) fetch(ctx, visible_first_, std::max(visible_last_, visible_first_ + 1));
    const std::string total_text = trf(Str::FoundCount, {format_count(total_)});
    ImGui::TextDisabled("%s", total_text.c_str());
    ctx.automation.publish("customers.total_text", total_text);
}

void CustomerListView::query_changed() {
    stale_ = true;
    scroll_to_top_ = true;
    new_query_ = true;
    visible_first_ = 0;
    visible_last_ = 0;
}

std::optional<RecordRef> CustomerListView::draw_table(ViewContext& ctx, const std::string& selected_id) {
    const std::span<const Column> columns = columns_of(tab_);
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                       ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable |
                                       ImGuiTableFlags_Hideable | ImGuiTableFlags_BordersInnerV |
                                       ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchProp;
    const char* table_id = tab_ == Tab::Companies ? "##companies_table" : "##contacts_table";
    if (!ImGui::BeginTable(table_id, static_cast<int>(columns.size()), kFlags)) return std::nullopt;

    if (scroll_to_top_) {
        ImGui::SetScrollY(0.0f);
        scroll_to_top_ = false;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const Column& c = columns[i];
        ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_WidthStretch;
        if (c.sort_field == nullptr) flags |= ImGuiTableColumnFlags_NoSort;
        if (c.cell == Cell::Name) flags |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_NoHide;
        const std::string label = std::string(tr(c.label)) + "###col" + std::to_string(i);
        ImGui::TableSetupColumn(label.c_str(), flags, c.weight, static_cast<ImGuiID>(i));
    }
    // Phones get fewer columns; only on a layout change, so the user's own choice (header menu) sticks.
    TabState& state = tab_state();
    if (state.columns_narrow != ctx.narrow) {
        for (std::size_t i = 0; i < columns.size(); ++i)
            ImGui::TableSetColumnEnabled(static_cast<int>(i), !ctx.narrow || columns[i].narrow);
        state.columns_narrow = ctx.narrow;
    }
    // The header row by hand (what TableHeadersRow does) so each header can be tagged for automation.
    float rows_top = 0.0f;
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(i))) continue;
        ImGui::TableHeader(ImGui::TableGetColumnName(static_cast<int>(i)));
        ctx.automation.tag_last_item(std::string("customers.col.") + columns[i].key);
        rows_top = std::max(rows_top, ImGui::GetItemRectMax().y);
    }

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs != nullptr && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
            const Column& c = columns[std::min<std::size_t>(s.ColumnUserID, columns.size() - 1)];
            if (c.sort_field != nullptr) {
                const bool descending = s.SortDirection == ImGuiSortDirection_Descending;
                if (state.sort_field != c.sort_field || state.descending != descending) {
                    state.sort_field = c.sort_field;
                    state.descending = descending;
                    query_changed();
                }
            }
        }
        specs->SpecsDirty = false;
    }
    if (stale_) fetch(ctx, 0, 1);

    const ImGuiStyle& style = ImGui::GetStyle();
    const float line_h = ImGui::GetTextLineHeight() + row_extra_height(ctx.narrow);
    const float row_h = line_h + 2.0f * style.CellPadding.y;
    const ImVec2 win_pos = ImGui::GetWindowPos();
    const ImVec2 win_size = ImGui::GetWindowSize();
    const float rows_bottom = win_pos.y + win_size.y;
    const int utc_offset = ctx.platform.utc_offset_minutes();
    // Rows the table has room for, partly shown ones at both ends included.
    rows_on_screen_ = std::max(static_cast<int>((rows_bottom - rows_top) / row_h) + 2, 1);

    std::optional<RecordRef> opened;
    nlohmann::json visible = nlohmann::json::array();
    int first_visible = -1;
    int last_visible = -1;
    ImGuiListClipper clipper;
    // Row height is given, so the clipper never needs a measuring pass over row 0 (which would force a
    // fetch of the first window while the user looks at row 50 000).
    clipper.Begin(static_cast<int>(std::min<std::int64_t>(total_, INT32_MAX)), row_h);
    while (clipper.Step()) {
        ensure_rows(ctx, clipper.DisplayStart, clipper.DisplayEnd);
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
            const Row* row = row_at(i);
            if (row == nullptr) continue;  // a failed fetch: the error shows next frame
            ImGui::PushID(i);
            for (std::size_t col = 0; col < columns.size(); ++col) {
                if (!ImGui::TableSetColumnIndex(static_cast<int>(col))) continue;
                const Cell cell = columns[col].cell;
                if (cell == Cell::Name) {
                    constexpr ImGuiSelectableFlags kRowFlags = ImGuiSelectableFlags_SpanAllColumns;
                    if (ImGui::Selectable(row->name.c_str(), row->id == selected_id, kRowFlags, ImVec2(0, line_h))) {
                        opened = RecordRef{tab_ == Tab::Companies ? RecordKind::Company : RecordKind::Contact,
                                           row->id};
                    }
                    // Tag only rows a user can see: the clipper also emits rows hidden under the header.
                    ImVec2 min = ImGui::GetItemRectMin();
                    ImVec2 max = ImGui::GetItemRectMax();
                    const float center = (min.y + max.y) * 0.5f;
                    if (center > rows_top && center < rows_bottom) {
                        min.x = std::max(min.x, win_pos.x);
                        max.x = std::min(max.x, win_pos.x + win_size.x);
                        min.y = std::max(min.y, rows_top);
                        max.y = std::min(max.y, rows_bottom);
                        ctx.automation.tag("customers.row." + std::to_string(i),
                                           ItemRect{min.x, min.y, max.x - min.x, max.y - min.y});
                        visible.push_back({{"index", i}, {"id", row->id}, {"name", row->name}});
                        if (first_visible < 0) first_visible = i;
                        last_visible = i;
                    }
                    continue;
                }
                ImGui::SetCursorPosY(ImGui::GetCursorPosY() + row_extra_height(ctx.narrow) * 0.5f);
                switch (cell) {
                    case Cell::Company: ImGui::TextUnformatted(row->company.c_str()); break;
                    case Cell::Position: ImGui::TextUnformatted(row->position.c_str()); break;
                    case Cell::Phone: ImGui::TextUnformatted(row->phone.c_str()); break;
                    case Cell::Email: ImGui::TextUnformatted(row->email.c_str()); break;
                    case Cell::Owner: ImGui::TextUnformatted(row->owner.c_str()); break;
                    case Cell::Stage: {
                        const std::string_view stage = stage_name(row->stage);
                        ImGui::TextUnformatted(stage.data(), stage.data() + stage.size());
                        break;
                    }
                    case Cell::Updated: {
                        // Date only: the column stays narrow; the card shows the time too.
                        const std::string when = row->updated_at > 0 ? format_date(row->updated_at, utc_offset)
                                                                     : std::string(tr(Str::NoValue));
                        ImGui::TextUnformatted(when.c_str());
                        break;
                    }
                    case Cell::Name: break;
                }
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();

    if (first_visible >= 0) {
        visible_first_ = first_visible;
        visible_last_ = last_visible + 1;
    }
    ctx.automation.publish("customers.visible", std::move(visible));
    return opened;
}

const CustomerListView::Row* CustomerListView::row_at(int index) const {
    const int local = index - rows_offset_;
    if (local < 0 || local >= static_cast<int>(rows_.size())) return nullptr;
    return &rows_[static_cast<std::size_t>(local)];
}

void CustomerListView::ensure_rows(ViewContext& ctx, int first, int last) {
    if (last <= first) return;
    const int cached_end = rows_offset_ + static_cast<int>(rows_.size());
    if (!stale_ && first >= rows_offset_ && last <= cached_end) return;
    // Past the end of a list that shrank since the last fetch: nothing to load.
    if (!stale_ && first >= total_) return;
    fetch(ctx, first, last);
}

void CustomerListView::fetch(ViewContext& ctx, int first, int last) {
    // Centre the window on what is visible so scrolling either way stays inside the cache for a while.
    const int visible = std::max(last - first, 1);
    int limit = std::min(std::max(limits::kListWindowRows, visible * 2), limits::kMaxPageSize);
    // Each keystroke of a search waits for this fetch: load what the screen shows, not the whole window.
    if (new_query_ && rows_on_screen_ > 0)
        limit = std::min(limit, rows_on_screen_ + limits::kListNewQueryExtraRows);
    new_query_ = false;
    const int offset = std::max(0, first - (limit - visible) / 2);

    domain::ListQuery q;
    q.search = search_.data();
    q.sort_field = tab_state().sort_field;
    q.descending = tab_state().descending;
    q.journey_stage = tab_state().stage_filter;
    q.owner = tab_state().owner_filter;
    q.offset = offset;
    q.limit = limit;
    // Scrolling to another window of the same query keeps the total: counting 100k rows costs a frame.
    q.count_total = stale_;

    ++fetches_;
    stale_ = false;
    // Search latency ends when the typed text's rows are in the list (or its error is), whichever path loads.
    struct SearchTimer {
        ViewContext& ctx;
        std::optional<double>& started;
        ~SearchTimer() {
            if (started) ctx.automation.perf().search_ms.add(ctx.platform.monotonic_ms() - *started);
            started.reset();
        }
    } search_timer{ctx, search_changed_ms_};
    error_.clear();
    rows_.clear();
    rows_offset_ = offset;
    if (tab_ == Tab::Companies) {
        auto page = ctx.store.companies().list(q);
        if (!page) {
            error_ = trf(Str::ListLoadFailed, {error_text(page.error())});
            total_ = 0;
            return;
        }
        if (q.count_total) total_ = page->total;
        rows_.reserve(page->rows.size());
        for (auto& c : page->rows) {
            rows_.push_back(Row{std::move(c.id), std::move(c.name), {}, {}, first_or_empty(c.phones),
                                first_or_empty(c.emails), std::move(c.owner), c.journey_stage, c.updated_at});
        }
    } else {
        auto page = ctx.store.contacts().list(q);
        if (!page) {
            error_ = trf(Str::ListLoadFailed, {error_text(page.error())});
            total_ = 0;
            return;
        }
        if (q.count_total) total_ = page->total;
        rows_.reserve(page->rows.size());
        for (auto& c : page->rows) {
            rows_.push_back(Row{std::move(c.id), std::move(c.name), std::move(c.company_name), std::move(c.position),
                                first_or_empty(c.phones), first_or_empty(c.emails), std::move(c.owner),
                                c.journey_stage, c.updated_at});
        }
    }
}

}  // namespace crm::ui
