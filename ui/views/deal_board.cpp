#include "ui/views/deal_board.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>
#include <imgui_internal.h>  // RenderTextEllipsis: a card's long title ends in "…"

#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

constexpr std::int64_t kMsPerMinute = 60'000;

ItemRect next_item_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

std::vector<std::string> money_parts(const std::vector<domain::CurrencySum>& sums, bool weighted) {
    std::vector<std::string> parts;
    for (const domain::CurrencySum& s : sums)
        parts.push_back(format_money(weighted ? s.weighted : s.amount, s.currency));
    if (parts.empty()) parts.emplace_back(tr(Str::NoValue));
    return parts;
}

// "1 250 500,50 ₽ · 1 000,00 $": each currency apart, no exchange rates.
std::string sums_text(const std::vector<domain::CurrencySum>& sums, bool weighted) {
    std::string out;
    for (const std::string& part : money_parts(sums, weighted)) out += (out.empty() ? "" : " · ") + part;
    return out;
}

// The sums as lines of at most `width`, broken only between two currencies (never inside an amount); the
// weighted ones after their label.
std::vector<std::string> sum_lines(const std::vector<domain::CurrencySum>& sums, bool weighted, float width) {
    std::vector<std::string> lines;
    std::string line;
    const std::string label = weighted ? trf(Str::BoardWeighted, {""}) : std::string();
    for (const std::string& part : money_parts(sums, weighted)) {
        const std::string joined = line.empty() ? label + part : line + " · " + part;
        if (!line.empty() && ImGui::CalcTextSize(joined.c_str()).x > width) {
            lines.push_back(line);
            line = part;
        } else {
            line = joined;
        }
    }
    lines.push_back(line);
    return lines;
}

ImU32 with_alpha(ImU32 color, float alpha) {
    ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
    c.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

// Text cut at `max_x` (the card's inner edge) so a long title never runs into its neighbour.
// Text cut at `max_x` with an ellipsis, so a long name reads as shortened rather than cut mid-letter.
void clipped_text(ImDrawList* dl, ImVec2 pos, float max_x, ImU32 color, const std::string& text) {
    const char* end = text.c_str() + text.size();
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), end);
    if (pos.x + size.x <= max_x) {
        dl->AddText(pos, color, text.c_str(), end);
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color);  // the ellipsis helper draws in the style's text colour
    ImGui::RenderTextEllipsis(dl, pos, ImVec2(max_x, pos.y + ImGui::GetTextLineHeightWithSpacing()), max_x,
                              max_x, text.c_str(), end, &size);
    ImGui::PopStyleColor();
}

}  // namespace

float DealBoardView::card_height() const {
    return ImGui::GetTextLineHeightWithSpacing() * limits::kBoardCardLines +
           ImGui::GetStyle().FramePadding.y * 2.0f;
}

void DealBoardView::load(ViewContext& ctx) {
    const std::int64_t changes = ctx.store.db().total_changes();
    if (!stale_ && changes == loaded_changes_) return;
    stale_ = false;
    loaded_changes_ = changes;
    error_.clear();
    auto pipelines = domain::board_pipelines(ctx.store);
    if (!pipelines) {
        error_ = trf(Str::BoardLoadFailed, {error_text(pipelines.error())});
        return;
    }
    pipelines_ = std::move(pipelines).value();
    const bool known = std::any_of(pipelines_.begin(), pipelines_.end(),
                                   [&](const domain::Record& p) { return p.id == pipeline_id_; });
    if (!known) pipeline_id_ = pipelines_.empty() ? std::string() : pipelines_.front().id;
    owners_ = domain::board_owners(ctx.store);
    std::vector<Column> columns;
    if (!pipeline_id_.empty()) {
        auto loaded = domain::load_board_columns(ctx.store, {pipeline_id_, owner_, search_.data()});
        if (!loaded) {
            error_ = trf(Str::BoardLoadFailed, {error_text(loaded.error())});
            return;
        }
        for (domain::BoardColumn& c : *loaded) columns.push_back(Column{std::move(c), {}, {}, {}});
    }
    // The previous frame's rectangles stay until the columns are drawn again (a drop's target).
    for (std::size_t i = 0; i < columns.size() && i < columns_.size(); ++i)
        columns[i].rect = columns_[i].rect;
    columns_ = std::move(columns);
}

const domain::BoardCard* DealBoardView::card_at(ViewContext& ctx, int column, int index) {
    Column& c = columns_[static_cast<std::size_t>(column)];
    const int page = index / limits::kBoardPageRows;
    auto it = c.pages.find(page);
    if (it == c.pages.end()) {
        const std::int64_t zone = static_cast<std::int64_t>(ctx.platform.utc_offset_minutes()) * kMsPerMinute;
        auto cards = domain::load_board_cards(ctx.store, {pipeline_id_, owner_, search_.data()}, c.data.stage,
                                              page * limits::kBoardPageRows, limits::kBoardPageRows,
                                              ctx.platform.now_ms(), zone);
        if (!cards) {
            error_ = trf(Str::BoardLoadFailed, {error_text(cards.error())});
            return nullptr;
        }
        ++pages_fetched_;
        rows_fetched_ += static_cast<std::int64_t>(cards->size());
        // Keep the pages nearest to this one: scrolling back a little is free, a long scroll stays bounded.
        while (static_cast<int>(c.pages.size()) >= limits::kBoardCachedPages) {
            auto farthest = c.pages.begin();
            for (auto p = c.pages.begin(); p != c.pages.end(); ++p)
                if (std::abs(p->first - page) > std::abs(farthest->first - page)) farthest = p;
            c.pages.erase(farthest);
        }
        it = c.pages.emplace(page, std::move(cards).value()).first;
    }
    const std::size_t local = static_cast<std::size_t>(index - page * limits::kBoardPageRows);
    return local < it->second.size() ? &it->second[local] : nullptr;
}

std::optional<RecordRef> DealBoardView::draw(ViewContext& ctx, const std::string& selected_id) {
    draw_mode_toggle(ctx);
    ctx.automation.publish("board.mode", mode_ == Mode::Board ? "board" : "list");
    if (mode_ == Mode::List) {
        drag_.reset();
        return list_.draw(ctx, selected_id);
    }
    load(ctx);
    draw_filters(ctx);
    std::optional<RecordRef> opened;
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
    }
    if (!move_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
        ImGui::TextWrapped("%s", move_error_.c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("board.move_error");
    }
    if (pipelines_.empty() && error_.empty()) {
        ImGui::TextDisabled("%s", tr(Str::BoardNoPipelines));
    } else {
        opened = draw_columns(ctx, selected_id);
    }
    if (auto moved = dialog_.draw(ctx)) {
        last_move_ = {{"deal", *moved}};
        stale_ = true;
    }
    publish(ctx);
    return opened;
}

void DealBoardView::draw_mode_toggle(ViewContext& ctx) {
    struct ModeButton {
        Mode mode;
        Str text;
        const char* id;
        const char* tag;
    };
    static constexpr ModeButton kModes[] = {
        {Mode::Board, Str::BoardModeBoard, "###board_mode_board", "board.mode.board"},
        {Mode::List, Str::BoardModeList, "###board_mode_list", "board.mode.list"}};
    for (const ModeButton& b : kModes) {
        const bool current = mode_ == b.mode;
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        }
        if (ImGui::Button((std::string(tr(b.text)) + b.id).c_str()) && !current) {
            mode_ = b.mode;
            stale_ = true;
        }
        if (current) ImGui::PopStyleColor(2);
        ctx.automation.tag_last_item(b.tag);
        ImGui::SameLine();
    }
    if (mode_ == Mode::List) ImGui::NewLine();
}

void DealBoardView::draw_filters(ViewContext& ctx) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float em = ImGui::GetFontSize();
    // On a phone the pipeline takes the rest of the toggle's row, owner and search share the next one.
    const float pipeline_w = ctx.narrow ? std::max(ImGui::GetContentRegionAvail().x, 1.0f)
                                        : em * limits::kBoardColumnWidthEm * 0.8f;
    std::string pipeline_name;
    for (const domain::Record& p : pipelines_)
        if (p.id == pipeline_id_) pipeline_name = p.text("name");
    ctx.automation.tag("board.pipeline", next_item_rect(pipeline_w));
    ImGui::SetNextItemWidth(pipeline_w);
    if (ImGui::BeginCombo("##board_pipeline", trf(Str::BoardPipeline, {pipeline_name}).c_str())) {
        for (std::size_t i = 0; i < pipelines_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(pipelines_[i].text("name").c_str(), pipelines_[i].id == pipeline_id_) &&
                pipelines_[i].id != pipeline_id_) {
                pipeline_id_ = pipelines_[i].id;
                stale_ = true;
            }
            ImGui::PopID();
            ctx.automation.tag_last_item("board.pipeline." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    if (!ctx.narrow) ImGui::SameLine();
    const float row_w = ImGui::GetContentRegionAvail().x;
    const float owner_w =
        ctx.narrow ? (row_w - style.ItemSpacing.x) * 0.5f : em * limits::kBoardColumnWidthEm * 0.7f;
    std::string owner_shown(tr(Str::FilterAll));
    for (const auto& o : owners_)
        if (o.id == owner_) owner_shown = o.name;
    ctx.automation.tag("board.owner", next_item_rect(owner_w));
    ImGui::SetNextItemWidth(owner_w);
    if (ImGui::BeginCombo("##board_owner", trf(Str::BoardOwner, {owner_shown}).c_str())) {
        if (ImGui::Selectable(tr(Str::FilterAll), owner_.empty()) && !owner_.empty()) {
            owner_.clear();
            stale_ = true;
        }
        ctx.automation.tag_last_item("board.owner.all");
        for (std::size_t i = 0; i < owners_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(owners_[i].name.c_str(), owners_[i].id == owner_) && owners_[i].id != owner_) {
                owner_ = owners_[i].id;
                stale_ = true;
            }
            ImGui::PopID();
            ctx.automation.tag_last_item("board.owner." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x, 1.0f));
    // Every keystroke re-reads the board: the columns' figures and the visible cards follow the search.
    if (ImGui::InputTextWithHint("##board_search", tr(Str::BoardSearchHint), search_.data(), search_.size()))
        stale_ = true;
    ctx.automation.tag_last_item("board.search");
    // A filter changed this frame: read before drawing the columns.
    load(ctx);
}

std::optional<RecordRef> DealBoardView::draw_columns(ViewContext& ctx, const std::string& selected_id) {
    std::optional<RecordRef> opened;
    const ImGuiStyle& style = ImGui::GetStyle();
    constexpr ImGuiWindowFlags kBoardFlags = ImGuiWindowFlags_HorizontalScrollbar;
    if (!ImGui::BeginChild("##board", ImVec2(0, 0), ImGuiChildFlags_None, kBoardFlags)) {
        ImGui::EndChild();
        return opened;
    }
    const ImVec2 board_pos = ImGui::GetWindowPos();
    const ImVec2 board_size = ImGui::GetWindowSize();
    const Rect board{board_pos.x, board_pos.y, board_pos.x + board_size.x, board_pos.y + board_size.y};
    ctx.automation.tag("board.area", ItemRect{board_pos.x, board_pos.y, board_size.x, board_size.y});
    const float width = ctx.narrow ? std::floor(board_size.x * limits::kBoardColumnShareNarrow)
                                   : ImGui::GetFontSize() * limits::kBoardColumnWidthEm;
    // Room for the horizontal scrollbar under the columns, so it never covers the last card.
    const float height = std::max(ImGui::GetContentRegionAvail().y - style.ScrollbarSize, 1.0f);
    // Sums wrap rather than being cut (a phone has no hover for a tooltip); every header takes the tallest
    // one's height, so the cards of all columns start on one line.
    const float inner = std::max(width - style.WindowPadding.x * 2.0f, 1.0f);
    std::size_t lines = 0;
    for (Column& c : columns_) {
        c.sum_lines = sum_lines(c.data.sums, false, inner);
        c.weighted_lines = sum_lines(c.data.sums, true, inner);
        lines = std::max(lines, 1 + c.sum_lines.size() + c.weighted_lines.size());
    }
    header_lines_ = static_cast<int>(lines);
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        draw_column(ctx, static_cast<int>(i), width, height, selected_id, opened);
    }
    if (drag_) update_drag(ctx, board);
    ImGui::EndChild();
    if (drag_) draw_ghost(ctx);
    return opened;
}

void DealBoardView::draw_column(ViewContext& ctx, int index, float width, float height,
                                const std::string& selected_id, std::optional<RecordRef>& opened) {
    Column& column = columns_[static_cast<std::size_t>(index)];
    column.visible.clear();
    const bool target = drag_ && over_ == index && drag_->from != index;
    if (target)
        ImGui::PushStyleColor(ImGuiCol_ChildBg, with_alpha(ImGui::GetColorU32(ImGuiCol_HeaderActive), 0.35f));
    ImGui::PushID(index);
    const bool shown = ImGui::BeginChild("##column", ImVec2(width, height), ImGuiChildFlags_Border,
                                         ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (target) ImGui::PopStyleColor();
    const ImVec2 pos = ImGui::GetWindowPos();
    column.rect = Rect{pos.x, pos.y, pos.x + width, pos.y + height};
    if (shown) {
        ctx.automation.tag("board.column." + std::to_string(index), ItemRect{pos.x, pos.y, width, height});
        draw_header(ctx, column);
        ImGui::Separator();
        if (ImGui::BeginChild("##cards", ImVec2(0, 0), ImGuiChildFlags_None)) {
            const float card_h = card_height();
            const float step = card_h + limits::kBoardCardGapPx;
            const float card_w = ImGui::GetContentRegionAvail().x;
            const ImVec2 clip_min = ImGui::GetWindowPos();
            const float clip_max_y = clip_min.y + ImGui::GetWindowHeight();
            // ItemSpacing.y is the gap between cards: the clipper's step is exactly one card and its gap.
            ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                                ImVec2(ImGui::GetStyle().ItemSpacing.x, limits::kBoardCardGapPx));
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(std::min<std::int64_t>(column.data.count, INT32_MAX)), step);
            while (clipper.Step()) {
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                    const domain::BoardCard* card = card_at(ctx, index, i);
                    if (card == nullptr) {
                        ImGui::Dummy(
                            ImVec2(card_w, card_h));  // past a list that shrank: refetched next frame
                        continue;
                    }
                    const domain::BoardCard shown_card = *card;  // the cache may evict while drawing
                    if (draw_card(ctx, index, shown_card, card_w, shown_card.id == selected_id))
                        opened = RecordRef{ctx.registry.find(domain::entity::kDeal), shown_card.id};
                    const ImVec2 min = ImGui::GetItemRectMin();
                    const ImVec2 max = ImGui::GetItemRectMax();
                    const float center = (min.y + max.y) * 0.5f;
                    if (center > clip_min.y && center < clip_max_y) {
                        const float top = std::max(min.y, clip_min.y);
                        const float bottom = std::min(max.y, clip_max_y);
                        ctx.automation.tag("board.card." + shown_card.id,
                                           ItemRect{min.x, top, max.x - min.x, bottom - top});
                        column.visible.push_back(shown_card.id);
                    }
                }
            }
            ImGui::PopStyleVar();
        }
        ImGui::EndChild();
    }
    ImGui::EndChild();
    ImGui::PopID();
}

void DealBoardView::draw_header(ViewContext& ctx, const Column& column) {
    const float top = ImGui::GetCursorPosY();
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
    ImGui::TextUnformatted(column.data.stage.text("name").c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", format_count(column.data.count).c_str());
    for (const std::string& line : column.sum_lines) ImGui::TextUnformatted(line.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.muted);
    for (const std::string& line : column.weighted_lines) ImGui::TextUnformatted(line.c_str());
    ImGui::PopStyleColor();
    // Every header as tall as the tallest, so the cards of all columns start on one line.
    const float lines_h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(header_lines_);
    ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), top + lines_h));
}

bool DealBoardView::draw_card(ViewContext& ctx, int column, const domain::BoardCard& card, float width,
                              bool selected) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float height = card_height();
    ImGui::PushID(card.id.c_str());
    const bool pressed = ImGui::InvisibleButton("##card", ImVec2(width, height));
    const bool hovered = ImGui::IsItemHovered();
    if (!drag_ && ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left)) {
        const ImVec2 start = ImGui::GetIO().MouseClickedPos[ImGuiMouseButton_Left];
        const ImVec2 min = ImGui::GetItemRectMin();
        drag_ = Drag{card.id, column, card, start.x - min.x, start.y - min.y, width};
        over_ = column;
        suppress_click_ = true;
    }
    ImGui::PopID();
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    const bool dragged = drag_ && drag_->deal_id == card.id;
    const float alpha = dragged ? 0.35f : 1.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The page's own background inside the white column, with a border: a card reads as a card in both
    // themes.
    const ImGuiCol bg = selected  ? ImGuiCol_HeaderActive
                        : hovered ? ImGuiCol_FrameBgHovered
                                  : ImGuiCol_WindowBg;
    dl->AddRectFilled(min, max, with_alpha(ImGui::GetColorU32(bg), alpha), style.FrameRounding);
    dl->AddRect(min, max, with_alpha(ImGui::GetColorU32(ImGuiCol_Border), alpha), style.FrameRounding);
    if (card.stale)
        dl->AddRectFilled(min, ImVec2(min.x + limits::kBoardStaleBarPx, max.y),
                          with_alpha(ctx.colors.error, alpha), style.FrameRounding);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float x = min.x + style.FramePadding.x + limits::kBoardStaleBarPx;
    const float right = max.x - style.FramePadding.x;
    float y = min.y + style.FramePadding.y;
    const ImU32 text = with_alpha(ImGui::GetColorU32(ImGuiCol_Text), alpha);
    const ImU32 muted = with_alpha(ctx.colors.muted, alpha);
    clipped_text(dl, ImVec2(x, y), right, text, card.title);
    y += line;
    clipped_text(dl, ImVec2(x, y), right, muted,
                 card.customer.empty() ? tr(Str::BoardNoCustomer) : card.customer);
    y += line;
    // The owner on the amount's line, at the right; the amount wins the room when both do not fit.
    const std::string amount =
        card.amount ? format_money(card.amount->minor, card.amount->currency) : std::string(tr(Str::NoValue));
    const float amount_w = ImGui::CalcTextSize(amount.c_str()).x;
    const float owner_w = ImGui::CalcTextSize(card.owner.c_str()).x;
    const float owner_x = std::max(right - owner_w, x + amount_w + style.ItemSpacing.x);
    clipped_text(dl, ImVec2(x, y), right, text, amount);
    if (owner_x < right) clipped_text(dl, ImVec2(owner_x, y), right, muted, card.owner);
    y += line;
    std::string days = trn(Str::BoardDaysOne, card.days_in_stage, format_count(card.days_in_stage));
    if (card.stale) days += " · " + std::string(tr(Str::BoardStale));
    clipped_text(dl, ImVec2(x, y), right, card.stale ? with_alpha(ctx.colors.error, alpha) : muted, days);
    const bool clicked = pressed && !suppress_click_;
    if (pressed) suppress_click_ = false;
    return clicked;
}

void DealBoardView::draw_ghost(ViewContext& ctx) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ImVec2 min(mouse.x - drag_->grab_x, mouse.y - drag_->grab_y);
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 max(min.x + drag_->card_w, min.y + line * 2.0f + style.FramePadding.y * 2.0f);
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    // Opaque, so the cards it passes over do not show through its text.
    dl->AddRectFilled(min, max, ImGui::GetColorU32(ImGuiCol_PopupBg), style.FrameRounding);
    dl->AddRect(min, max, ctx.colors.accent, style.FrameRounding);
    const float x = min.x + style.FramePadding.x;
    const float right = max.x - style.FramePadding.x;
    clipped_text(dl, ImVec2(x, min.y + style.FramePadding.y), right, ImGui::GetColorU32(ImGuiCol_Text),
                 drag_->card.title);
    const std::string amount = drag_->card.amount
                                   ? format_money(drag_->card.amount->minor, drag_->card.amount->currency)
                                   : std::string(tr(Str::NoValue));
    clipped_text(dl, ImVec2(x, min.y + style.FramePadding.y + line), right, ctx.colors.muted, amount);
}

void DealBoardView::update_drag(ViewContext& ctx, const Rect& board) {
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 mouse = io.MousePos;
    over_ = -1;
    if (board.contains(mouse.x, mouse.y))
        for (std::size_t i = 0; i < columns_.size(); ++i)
            if (columns_[i].rect.contains(mouse.x, mouse.y)) over_ = static_cast<int>(i);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        edge_scroll_ms_ = 0.0;
        const Drag done = *drag_;
        drag_.reset();
        suppress_click_ = false;
        if (over_ >= 0 && over_ != done.from) drop(ctx, done, over_);
        over_ = -1;
        return;
    }
    // Near a side the board scrolls that way, faster the closer the pointer is to the edge.
    const float zone = limits::kBoardEdgeZonePx;
    float push = 0.0f;
    if (mouse.x < board.x0 + zone) push = -(1.0f - std::max(mouse.x - board.x0, 0.0f) / zone);
    if (mouse.x > board.x1 - zone) push = 1.0f - std::max(board.x1 - mouse.x, 0.0f) / zone;
    // By the clock, not per frame: a slow device (or a busy test machine) draws fewer frames, and the board
    // should still cross at the same speed. A stalled frame does not jump it further than one step.
    const double now = ctx.platform.monotonic_ms();
    const double elapsed_ms = edge_scroll_ms_ > 0.0 ? now - edge_scroll_ms_ : 0.0;
    edge_scroll_ms_ = push != 0.0f ? now : 0.0;
    const double step_ms =
        std::clamp(elapsed_ms, static_cast<double>(io.DeltaTime) * 1000.0, limits::kBoardEdgeMaxStepMs);
    if (push != 0.0f)
        ImGui::SetScrollX(ImGui::GetScrollX() +
                          push * limits::kBoardEdgeSpeedPx * static_cast<float>(step_ms / 1000.0));
}

void DealBoardView::drop(ViewContext& ctx, const Drag& drag, int to) {
    move_error_.clear();
    const domain::Record stage = columns_[static_cast<std::size_t>(to)].data.stage;
    switch (dialog_.begin(ctx, drag.deal_id, stage)) {
        case StageMoveDialog::Start::Moved:
            last_move_ = {{"deal", drag.deal_id}, {"stage", stage.id}};
            stale_ = true;
            break;
        case StageMoveDialog::Start::Failed:
            move_error_ = trf(Str::BoardMoveFailed, {dialog_.error()});
            break;
        case StageMoveDialog::Start::Asking:
        case StageMoveDialog::Start::Unchanged:
            break;
    }
}

void DealBoardView::publish(ViewContext& ctx) {
    Automation& a = ctx.automation;
    a.publish("board.pipeline", pipeline_id_);
    nlohmann::json pipelines = nlohmann::json::array();
    for (const domain::Record& p : pipelines_) pipelines.push_back({{"id", p.id}, {"name", p.text("name")}});
    a.publish("board.pipelines", std::move(pipelines));
    a.publish("board.owner", owner_);
    nlohmann::json owners = nlohmann::json::array();
    for (const domain::OwnerChoice& o : owners_) owners.push_back(o.name);
    a.publish("board.owners", std::move(owners));
    a.publish("board.search", std::string(search_.data()));
    nlohmann::json columns = nlohmann::json::array();
    for (const Column& c : columns_) {
        nlohmann::json sums = nlohmann::json::array();
        for (const domain::CurrencySum& s : c.data.sums)
            sums.push_back({{"currency", s.currency}, {"amount", s.amount}, {"weighted", s.weighted}});
        columns.push_back({{"stage", c.data.stage.id},
                           {"name", c.data.stage.text("name")},
                           {"kind", c.data.stage.text("kind")},
                           {"count", c.data.count},
                           {"sums", std::move(sums)},
                           {"sum_text", sums_text(c.data.sums, false)},
                           {"weighted_text", sums_text(c.data.sums, true)},
                           {"cards", c.visible}});
    }
    a.publish("board.columns", std::move(columns));
    if (drag_)
        a.publish("board.dragging", {{"deal", drag_->deal_id}, {"from", drag_->from}, {"over", over_}});
    a.publish("board.fetch", {{"pages", pages_fetched_}, {"rows", rows_fetched_}});
    if (!last_move_.is_null()) a.publish("board.last_move", last_move_);
    if (!move_error_.empty()) a.publish("board.move_error", move_error_);
}

}  // namespace crm::ui
