#include "ui/views/record_list.hpp"

#include <algorithm>
#include <string_view>

#include <imgui.h>
#include <imgui_internal.h>  // the table's column weights and visibility after a user resized or hid one, see fit()

#include "ui/column_fit.hpp"
#include "ui/field_text.hpp"
#include "ui/format.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

using domain::FieldType;

// Where the next frame-height item of width `w` goes. A combo is tagged from this rather than from the last
// item, which is an entry of its popup while the combo is open.
ItemRect next_item_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

// Extra height of a row's clickable line beyond the text, so rows are easy to hit (more on touch screens).
float row_extra_height(bool narrow) {
    return narrow ? 14.0f : 4.0f;
}

// The share of a column's sampled text widths it should fit: the typical text, not the one longest value.
constexpr double kColumnNeedPercentile = 0.75;
// ImGui's header sort arrow: its width is this many font sizes plus the frame padding (imgui_tables.cpp).
constexpr float kSortArrowEm = 0.65f;

// The fields the filter bar offers: fixed or user-defined enums and free text (owner). References would need
// a picker of their own; their records are one click away on the referenced card instead.
bool has_filter_bar(const domain::FieldDesc& f) {
    return f.filterable && (f.type == FieldType::Enum || f.type == FieldType::Text);
}

struct Col {
    const domain::ListColumn* column;
    const domain::FieldDesc* field;
};

std::vector<Col> columns_of(const domain::EntityDesc& e) {
    std::vector<Col> cols;
    for (const domain::ListColumn& c : e.columns)
        if (const domain::FieldDesc* f = e.find(c.field)) cols.push_back(Col{&c, f});
    return cols;
}

std::vector<const domain::FieldDesc*> fields_of(const std::vector<Col>& cols) {
    std::vector<const domain::FieldDesc*> out;
    for (const Col& c : cols) out.push_back(c.field);
    return out;
}

}  // namespace

void RecordListView::ensure_tabs(ViewContext& ctx) {
    if (!tabs_.empty()) return;
    for (const domain::EntityDesc& e : ctx.registry.entities()) {
        if (!e.in_tabs || (filter_ && !filter_(e))) continue;
        TabState t;
        t.entity = &e;
        t.sort_field = std::string(e.default_sort);
        tabs_.push_back(std::move(t));
    }
}

std::optional<RecordRef> RecordListView::draw(ViewContext& ctx, const std::string& selected_id) {
    ensure_tabs(ctx);
    if (tabs_.empty()) return std::nullopt;
    frame_start_ms_ = ctx.platform.monotonic_ms();
    scan_steps_ = 0;
    draw_tabs(ctx);
    draw_search(ctx);
    draw_filters(ctx);

    Automation& a = ctx.automation;
    const TabState& state = tab_state();
    a.publish("list.tab", state.entity->name);
    a.publish("list.search", std::string(search_.data()));
    a.publish("list.sort", {{"field", state.sort_field}, {"descending", state.descending}});
    nlohmann::json filters = nlohmann::json::object();
    for (const auto& [field, value] : state.filters) filters[field] = value;
    a.publish("list.filter", std::move(filters));

    std::optional<RecordRef> opened;
    if (!error_.empty() || total_ == 0) {
        ImGui::Spacing();
        if (!error_.empty())
            ImGui::TextWrapped("%s", error_.c_str());
        else
            ImGui::TextDisabled("%s", tr(filtered() ? Str::EmptyNoMatches : Str::EmptyNoRecords));
        a.publish("list.visible", nlohmann::json::array());
    } else {
        opened = draw_table(ctx, selected_id);
    }
    a.publish("list.total", total_);
    a.publish("list.window", {{"offset", rows_offset_}, {"count", rows_.size()}, {"fetches", fetches_}});
    // Whether a query is still being read (its page, then its count), and how much it read this frame.
    a.publish("list.scan", {{"running", scan_.has_value()},
                            {"page_pending", page_pending()},
                            {"steps", scan_steps_},
                            {"frames", scan_frames_},
                            {"total_steps", scan_total_steps_}});
    a.publish("list.counting", scan_.has_value());
    a.publish("list.search_timing", search_timing_);
    return opened;
}

void RecordListView::draw_tabs(ViewContext& ctx) {
    if (!ImGui::BeginTabBar("##record_tabs")) return;
    for (std::size_t i = 0; i < tabs_.size(); ++i) {
        const domain::EntityDesc& e = *tabs_[i].entity;
        // A stable ImGui id, so switching the language keeps the selected tab.
        const std::string text = std::string(label(e.label_many)) + "###tab_" + std::string(e.name);
        const bool selected = ImGui::BeginTabItem(text.c_str());
        ctx.automation.tag_last_item("list.tab." + std::string(e.name));
        if (!selected) continue;
        if (tab_ != i) {
            tab_ = i;
            choices_stale_ = true;
            query_changed();
        }
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

void RecordListView::draw_search(ViewContext& ctx) {
    // The "New" button shares the search row, so creating a record is one tap away on a phone too.
    const domain::EntityDesc& e = *tab_state().entity;
    const std::string new_label = std::string(label(e.label_new)) + "###list_new";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float new_w = ImGui::CalcTextSize(new_label.c_str(), nullptr, true).x + style.FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - new_w - style.ItemSpacing.x, 1.0f));
    // Every keystroke starts the query again (abandoning a running one); it is read a slice per frame.
    if (ImGui::InputTextWithHint("##search", tr(Str::SearchHint), search_.data(), search_.size())) {
        // The first edit since the last load counts: several keys in one frame are one search.
        const double now = ctx.platform.monotonic_ms();
        if (!search_changed_ms_) search_changed_ms_ = now;
        last_key_ms_ = now;
        query_changed();
    }
    ctx.automation.tag_last_item("list.search");
    ImGui::SameLine();
    if (ImGui::Button(new_label.c_str())) create_request_ = &e;
    ctx.automation.tag_last_item("list.new");
}

void RecordListView::draw_filters(ViewContext& ctx) {
    const domain::EntityDesc& e = *tab_state().entity;
    std::vector<const domain::FieldDesc*> fields;
    for (const domain::FieldDesc& f : e.fields)
        if (has_filter_bar(f)) fields.push_back(&f);
    if (choices_stale_) {
        choices_.clear();
        for (const domain::FieldDesc* f : fields)
            if (f->type == FieldType::Text) choices_[std::string(f->name)] = ctx.records(e).distinct(f->name);
        choices_stale_ = false;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const int per_row = ctx.narrow ? limits::kFilterCombosPerRowNarrow : limits::kFilterCombosPerRowWide;
    const auto per_row_n = static_cast<std::size_t>(per_row);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::size_t column = i % per_row_n;
        if (column != 0) ImGui::SameLine();
        const std::size_t in_row = std::min(per_row_n, fields.size() - (i - column));
        const std::size_t left = in_row - column;  // this combo and those after it on the row
        const float width =
            std::max((ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * static_cast<float>(left - 1)) /
                         static_cast<float>(left),
                     1.0f);
        draw_filter(ctx, *fields[i], width);
    }
    nlohmann::json choices = nlohmann::json::object();
    for (const auto& [field, values] : choices_) choices[field] = values;
    ctx.automation.publish("list.choices", std::move(choices));

    if (stale_) start_scan(ctx, visible_first_, std::max(visible_last_, visible_first_ + 1));
    run_scan(ctx);
    const std::string total_text = page_pending() ? std::string(label("list.searching"))
                                   : scan_        ? labelf("list.counting", {format_count(total_)})
                                                  : trf(Str::FoundCount, {format_count(total_)});
    ImGui::TextDisabled("%s", total_text.c_str());
    ctx.automation.publish("list.total_text", total_text);
}

void RecordListView::set_filter(const domain::FieldDesc& field, std::string value) {
    auto& filters = tab_state().filters;
    const auto it = filters.find(field.name);
    const std::string current = it == filters.end() ? std::string() : it->second;
    if (current == value) return;
    if (value.empty())
        filters.erase(it);
    else
        filters[std::string(field.name)] = std::move(value);
    query_changed();
}

void RecordListView::draw_filter(ViewContext& ctx, const domain::FieldDesc& field, float width) {
    const std::string tag = "list.filter." + std::string(field.name);
    const auto& filters = tab_state().filters;
    const auto it = filters.find(field.name);
    const std::string value = it == filters.end() ? std::string() : it->second;
    const std::string shown = value.empty()                   ? std::string(tr(Str::FilterAll))
                              : field.type == FieldType::Enum ? enum_text(ctx, field, value)
                                                              : value;
    ctx.automation.tag(tag, next_item_rect(width));
    ImGui::SetNextItemWidth(width);
    const std::string preview = trf(Str::FilterValue, {field_label(field), shown});
    if (!ImGui::BeginCombo(("##filter_" + std::string(field.name)).c_str(), preview.c_str())) return;
    if (ImGui::Selectable(tr(Str::FilterAll), value.empty())) set_filter(field, {});
    ctx.automation.tag_last_item(tag + ".all");
    // One entry per choice: fixed keys are tagged by key, user-defined options and text values by position.
    auto entry = [&](const std::string& key, const std::string& text, const std::string& suffix) {
        ImGui::PushID(suffix.c_str());
        if (ImGui::Selectable(text.c_str(), value == key)) set_filter(field, key);
        ImGui::PopID();
        ctx.automation.tag_last_item(tag + "." + suffix);
    };
    if (field.type == FieldType::Enum && field.option_list.empty()) {
        for (std::string_view key : field.options)
            entry(std::string(key), option_label(field, key), std::string(key));
    } else if (field.type == FieldType::Enum) {
        const auto& options = ctx.options.options(ctx.store, ctx.registry, field.option_list);
        for (std::size_t i = 0; i < options.size(); ++i)
            entry(options[i].id, options[i].label, std::to_string(i));
    } else {
        const auto& values = choices_[std::string(field.name)];
        for (std::size_t i = 0; i < values.size(); ++i) entry(values[i], values[i], std::to_string(i));
    }
    ImGui::EndCombo();
}

void RecordListView::query_changed() {
    ++queries_;
    stale_ = true;
    scroll_to_top_ = true;
    new_query_ = true;
    visible_first_ = 0;
    visible_last_ = 0;
}

void RecordListView::measure_content(ViewContext& ctx, const std::vector<const domain::FieldDesc*>& fields) {
    TabState& state = tab_state();
    const float font = ImGui::GetFontSize();
    // The rows are still the previous query's: measure the new ones when they come.
    if (page_pending() && state.content_need.size() == fields.size()) return;
    if (state.measured_query == queries_ && state.measured_font == font &&
        state.measured_language == language() && state.content_need.size() == fields.size())
        return;
    state.measured_query = queries_;
    state.measured_font = font;
    state.measured_language = language();
    state.content_need.assign(fields.size(), 0.0f);
    const std::size_t sample = std::min(rows_.size(), static_cast<std::size_t>(limits::kColumnMeasureRows));
    if (sample == 0) return;
    std::vector<float> widths(sample);
    for (std::size_t c = 0; c < fields.size(); ++c) {
        for (std::size_t r = 0; r < sample; ++r)
            widths[r] = ImGui::CalcTextSize(field_text(ctx, *fields[c], rows_[r], TextForm::Cell).c_str()).x;
        std::sort(widths.begin(), widths.end());
        const auto rank = static_cast<std::size_t>(kColumnNeedPercentile * static_cast<double>(sample - 1));
        state.content_need[c] = std::min(widths[rank], limits::kColumnMaxNeedEm * font);
    }
}

std::vector<bool> RecordListView::fit(ViewContext& ctx, const std::vector<const domain::FieldDesc*>& fields,
                                      float available) {
    measure_content(ctx, fields);
    const TabState& state = tab_state();
    const domain::EntityDesc& e = *state.entity;
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiTable* table = ImGui::GetCurrentTable();
    std::vector<ColumnNeed> needs;
    std::size_t c = 0;
    for (const domain::ListColumn& column : e.columns) {
        const domain::FieldDesc* f = e.find(column.field);
        if (f == nullptr) continue;
        ColumnNeed n;
        float header = ImGui::CalcTextSize(field_label(*f)).x;
        if (f->sortable) header += ImGui::GetFontSize() * kSortArrowEm + style.FramePadding.x;
        n.need = std::max(header, state.content_need[c]) + style.CellPadding.x * 2.0f + 1.0f;
        // The sorted column is kept like the title (see draw_table).
        n.priority = f->name == state.sort_field ? 0 : column.priority;
        n.weight = column.weight;
        // After a user's resize or hide (header menu), the table's own weights and visibility are the truth.
        if (table != nullptr && static_cast<int>(c) < table->ColumnsCount) {
            const ImGuiTableColumn& tc = table->Columns[static_cast<int>(c)];
            if (tc.StretchWeight > 0.0f) n.weight = tc.StretchWeight;
            n.wanted = tc.IsUserEnabled || n.priority == 0;
        }
        needs.push_back(n);
        ++c;
    }
    return fit_columns(needs, available);
}

std::optional<RecordRef> RecordListView::draw_table(ViewContext& ctx, const std::string& selected_id) {
    TabState& state = tab_state();
    const domain::EntityDesc& e = *state.entity;
    const std::vector<Col> cols = columns_of(e);
    if (cols.empty()) return std::nullopt;
    constexpr ImGuiTableFlags kFlags =
        ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
        ImGuiTableFlags_Resizable | ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable |
        ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingStretchProp;
    const std::vector<const domain::FieldDesc*> fields = fields_of(cols);
    // The vertical scrollbar may appear at any time: count it as taken.
    const float available = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
    const std::string table_id = "##table_" + std::string(e.name);
    if (!ImGui::BeginTable(table_id.c_str(), static_cast<int>(cols.size()), kFlags)) return std::nullopt;
    const std::vector<bool> shown = fit(ctx, fields, available);

    if (scroll_to_top_) {
        ImGui::SetScrollY(0.0f);
        scroll_to_top_ = false;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        const domain::FieldDesc& f = *cols[i].field;
        ImGuiTableColumnFlags flags = ImGuiTableColumnFlags_WidthStretch;
        if (!f.sortable) flags |= ImGuiTableColumnFlags_NoSort;
        // The sorted column stays, so the arrow always shows what the rows are sorted by (ImGui would move
        // the sort to another column if it went).
        if (cols[i].column->priority == 0 || f.name == state.sort_field)
            flags |= ImGuiTableColumnFlags_NoHide;
        if (f.name == e.default_sort) flags |= ImGuiTableColumnFlags_DefaultSort;
        if (!shown[i]) flags |= ImGuiTableColumnFlags_Disabled;
        const std::string label = std::string(field_label(f)) + "###col_" + std::string(f.name);
        ImGui::TableSetupColumn(label.c_str(), flags, cols[i].column->weight, static_cast<ImGuiID>(i));
    }
    // The header row by hand (what TableHeadersRow does) so each header can be tagged for automation.
    float rows_top = 0.0f;
    nlohmann::json shown_fields = nlohmann::json::array();
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (!shown[i]) continue;
        shown_fields.push_back(cols[i].field->name);
        if (!ImGui::TableSetColumnIndex(static_cast<int>(i))) continue;
        ImGui::TableHeader(ImGui::TableGetColumnName(static_cast<int>(i)));
        ctx.automation.tag_last_item("list.col." + std::string(cols[i].field->name));
        rows_top = std::max(rows_top, ImGui::GetItemRectMax().y);
    }
    ctx.automation.publish("list.columns", std::move(shown_fields));

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs != nullptr && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
            const Col& c = cols[std::min<std::size_t>(s.ColumnUserID, cols.size() - 1)];
            const bool descending = s.SortDirection == ImGuiSortDirection_Descending;
            if (c.field->sortable && (state.sort_field != c.field->name || state.descending != descending)) {
                state.sort_field = std::string(c.field->name);
                state.descending = descending;
                query_changed();
            }
        }
        specs->SpecsDirty = false;
    }
    if (stale_) {
        start_scan(ctx, 0, 1);
        run_scan(ctx);
    }

    const ImGuiStyle& style = ImGui::GetStyle();
    const float line_h = ImGui::GetTextLineHeight() + row_extra_height(ctx.narrow);
    const float row_h = line_h + 2.0f * style.CellPadding.y;
    const ImVec2 win_pos = ImGui::GetWindowPos();
    const ImVec2 win_size = ImGui::GetWindowSize();
    const float rows_bottom = win_pos.y + win_size.y;
    // Rows the table has room for, partly shown ones at both ends included.
    rows_on_screen_ = std::max(static_cast<int>((rows_bottom - rows_top) / row_h) + 2, 1);
    // The row's clickable line is in the first shown column and spans them all.
    std::size_t first_shown = 0;
    while (first_shown + 1 < cols.size() && !shown[first_shown]) ++first_shown;

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
            const domain::Record* row = row_at(i);
            if (row == nullptr) continue;  // a failed fetch: the error shows next frame
            ImGui::PushID(i);
            for (std::size_t col = 0; col < cols.size(); ++col) {
                if (!shown[col] || !ImGui::TableSetColumnIndex(static_cast<int>(col))) continue;
                const std::string text = field_text(ctx, *cols[col].field, *row, TextForm::Cell);
                if (col != first_shown) {
                    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + row_extra_height(ctx.narrow) * 0.5f);
                    ImGui::TextUnformatted(text.c_str());
                    continue;
                }
                constexpr ImGuiSelectableFlags kRowFlags = ImGuiSelectableFlags_SpanAllColumns;
                if (ImGui::Selectable((text + "###row").c_str(), row->id == selected_id, kRowFlags,
                                      ImVec2(0, line_h)))
                    opened = RecordRef{&e, row->id};
                // Tag only rows a user can see: the clipper also emits rows hidden under the header.
                ImVec2 min = ImGui::GetItemRectMin();
                ImVec2 max = ImGui::GetItemRectMax();
                const float center = (min.y + max.y) * 0.5f;
                if (center > rows_top && center < rows_bottom) {
                    min.x = std::max(min.x, win_pos.x);
                    max.x = std::min(max.x, win_pos.x + win_size.x);
                    min.y = std::max(min.y, rows_top);
                    max.y = std::min(max.y, rows_bottom);
                    ctx.automation.tag("list.row." + std::to_string(i),
                                       ItemRect{min.x, min.y, max.x - min.x, max.y - min.y});
                    visible.push_back({{"index", i}, {"id", row->id}, {"title", row->text(e.title_field)}});
                    if (first_visible < 0) first_visible = i;
                    last_visible = i;
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
    ctx.automation.publish("list.visible", std::move(visible));
    return opened;
}

const domain::Record* RecordListView::row_at(int index) const {
    const int local = index - rows_offset_;
    if (local < 0 || local >= static_cast<int>(rows_.size())) return nullptr;
    return &rows_[static_cast<std::size_t>(local)];
}

void RecordListView::ensure_rows(ViewContext& ctx, int first, int last) {
    if (last <= first) return;
    if (page_pending()) return;  // the previous query's rows stay until the new ones are read
    const int cached_end = rows_offset_ + static_cast<int>(rows_.size());
    if (!stale_ && first >= rows_offset_ && last <= cached_end) return;
    // Past the end of a list that shrank since the last fetch: nothing to load.
    if (!stale_ && first >= total_) return;
    fetch(ctx, first, last);
}

std::pair<int, int> RecordListView::window_for(int first, int last) {
    // Centre the window on what is visible so scrolling either way stays inside the cache for a while.
    const int visible = std::max(last - first, 1);
    int limit = std::min(std::max(limits::kListWindowRows, visible * 2), limits::kMaxPageSize);
    // A changed query's first screen is what the user waits for: load what the screen shows, not the window.
    if (new_query_ && rows_on_screen_ > 0)
        limit = std::min(limit, rows_on_screen_ + limits::kListNewQueryExtraRows);
    new_query_ = false;
    return {std::max(0, first - (limit - visible) / 2), limit};
}

domain::ListQuery RecordListView::current_query(int offset, int limit, bool count_total) {
    const TabState& state = tab_state();
    domain::ListQuery q;
    q.search = search_.data();
    q.sort_field = state.sort_field;
    q.descending = state.descending;
    for (const auto& [field, value] : state.filters) q.equals.emplace_back(field, value);
    q.offset = offset;
    q.limit = limit;
    q.count_total = count_total;
    return q;
}

void RecordListView::fail(ViewContext& ctx, const Error& error) {
    error_ = trf(Str::ListLoadFailed, {error_text(error, tab_state().entity)});
    rows_.clear();
    total_ = 0;
    scan_.reset();
    if (search_changed_ms_)
        ctx.automation.perf().search_ms.add(ctx.platform.monotonic_ms() - *search_changed_ms_);
    search_changed_ms_.reset();
    last_key_ms_.reset();
}

void RecordListView::start_scan(ViewContext& ctx, int first, int last) {
    // A new query starts at the top; new data (invalidate) re-reads the same query where the user is.
    scan_refresh_ = !new_query_ && !(scan_ && !scan_refresh_);
    const auto [offset, limit] = window_for(first, last);
    stale_ = false;
    ++fetches_;
    scan_frames_ = 0;
    scan_total_steps_ = 0;
    scan_.reset();  // abandons the running query, if any
    auto scan = domain::ListScan::start(ctx.records(*tab_state().entity), current_query(offset, limit, true));
    if (!scan) return fail(ctx, scan.error());
    scan_.emplace(std::move(scan).value());
    scan_pages_shown_ = 0;
}

void RecordListView::run_scan(ViewContext& ctx) {
    if (!scan_) return;
    ++scan_frames_;
    // Slices of kListScanClockStride steps until this frame's time or step budget is spent (at least one
    // slice a frame, so a slow frame still makes progress).
    while (!scan_->done() && scan_steps_ < limits::kListScanStepsPerFrame) {
        const int slice = static_cast<int>(std::min<std::int64_t>(
            limits::kListScanClockStride, limits::kListScanStepsPerFrame - scan_steps_));
        auto ran = scan_->advance(slice);
        if (!ran) return fail(ctx, ran.error());
        scan_steps_ += *ran;
        scan_total_steps_ = scan_->steps();
        if (scan_->pages_done() != scan_pages_shown_) {
            // The first screen is read: show it now, whatever the count still costs.
            scan_pages_shown_ = scan_->pages_done();
            error_.clear();
            rows_offset_ = scan_->query().offset;
            rows_ = scan_->take_rows();
            if (search_changed_ms_) {
                const double now = ctx.platform.monotonic_ms();
                ctx.automation.perf().search_ms.add(now - *search_changed_ms_);
                search_changed_ms_.reset();
                if (last_key_ms_)
                    search_timing_ = {{"first_rows_ms", now - *last_key_ms_}, {"count_ms", nullptr}};
            }
        }
        const auto page_end =
            static_cast<std::int64_t>(rows_offset_) + static_cast<std::int64_t>(rows_.size());
        if (scan_->done()) {
            total_ = scan_->counted();
            if (last_key_ms_ && search_timing_.is_object())
                search_timing_["count_ms"] = ctx.platform.monotonic_ms() - *last_key_ms_;
            last_key_ms_.reset();
            scan_.reset();
            return;
        }
        // Counting: what is known so far; new data keeps the old total (the scroll position) meanwhile.
        if (scan_->page_done()) total_ = std::max(scan_refresh_ ? total_ : scan_->counted(), page_end);
        if (ctx.platform.monotonic_ms() - frame_start_ms_ >= limits::kListScanFrameBudgetMs) return;
    }
}

void RecordListView::fetch(ViewContext& ctx, int first, int last) {
    // Another window of the same query (scrolling) keeps the total: only a changed query is counted.
    if (stale_) {
        start_scan(ctx, first, last);
        return run_scan(ctx);
    }
    const auto [offset, limit] = window_for(first, last);
    ++fetches_;
    error_.clear();
    rows_.clear();
    rows_offset_ = offset;
    auto page = ctx.records(*tab_state().entity).list(current_query(offset, limit, false));
    if (!page) return fail(ctx, page.error());
    rows_ = std::move(page->rows);
}

}  // namespace crm::ui
