#include "ui/views/customer_timeline.hpp"

#include <imgui.h>

#include "core/domain/activity.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/widgets/chips.hpp"

namespace crm::ui {

namespace {

constexpr const char* kEllipsis = "...";  // in every font the UI loads
constexpr float kRowLines = 2.0f;         // a row: the title, then when, what and who

// The UI font has no arrow glyph (it draws "?"): core's "from → to" texts read with the angle quote, which
// the card's links use too.
std::string drawable(std::string text) {
    static constexpr std::string_view kArrow = "→", kQuote = "›";
    for (auto at = text.find(kArrow); at != std::string::npos; at = text.find(kArrow, at + kQuote.size()))
        text.replace(at, kArrow.size(), kQuote);
    return text;
}

// `text` cut at a UTF-8 boundary so it fits `width`, with an ellipsis when cut.
std::string fit(const std::string& raw, float width) {
    const std::string text = drawable(raw);
    if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
    const float room = width - ImGui::CalcTextSize(kEllipsis).x;
    std::size_t lo = 0, hi = text.size();
    while (lo < hi) {  // the longest prefix that fits
        const std::size_t mid = (lo + hi + 1) / 2;
        if (ImGui::CalcTextSize(text.data(), text.data() + mid).x <= room)
            lo = mid;
        else
            hi = mid - 1;
    }
    while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;
    return text.substr(0, lo) + kEllipsis;
}

std::string kind_label(ViewContext& ctx, const domain::TimelineItem& item) {
    using K = domain::TimelineKind;
    switch (item.kind) {
        case K::Activity: {
            const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity);
            const domain::FieldDesc* type = activity != nullptr ? activity->find("type") : nullptr;
            std::string text = type != nullptr ? option_label(*type, item.type) : item.type;
            if (!item.done) text += std::string(" · ") + label("timeline.planned");
            return text;
        }
        case K::StageChange:
            return label("timeline.stage");
        case K::DealCreated:
            return label("timeline.deal_created");
        case K::DealWon:
            return label("timeline.deal_won");
        case K::DealLost:
            return label("timeline.deal_lost");
        case K::Journey:
            return label("timeline.journey");
    }
    return {};
}

}  // namespace

void CustomerTimelineView::load(ViewContext& ctx, const RecordRef& customer) {
    loaded_for_ = customer.id + "/" + filter_;
    loaded_changes_ = ctx.store.db().total_changes();
    error_.clear();
    auto items = domain::load_timeline(ctx.store.db(), *customer.entity, customer.id, {filter_});
    if (!items) {
        items_.clear();
        error_ = error_text(items.error(), customer.entity);
        return;
    }
    items_ = std::move(items.value());
}

void CustomerTimelineView::draw_filters(ViewContext& ctx) {
    ChipRow row;
    if (row.chip(ctx, label("timeline.all"), filter_.empty(), "timeline.filter.all")) filter_.clear();
    const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity);
    const domain::FieldDesc* type = activity != nullptr ? activity->find("type") : nullptr;
    for (std::string_view key : domain::timeline_filter_keys()) {
        const bool is_type =
            key != domain::timeline_filter::kDeal && key != domain::timeline_filter::kJourney;
        const std::string text = is_type && type != nullptr ? option_label(*type, key)
                                                            : label("timeline.filter." + std::string(key));
        if (row.chip(ctx, text, filter_ == key, "timeline.filter." + std::string(key))) filter_ = key;
    }
}

std::optional<RecordRef> CustomerTimelineView::draw(ViewContext& ctx, const RecordRef& customer) {
    if (customer.id + "/" + filter_ != loaded_for_ || ctx.store.db().total_changes() != loaded_changes_)
        load(ctx, customer);
    ImGui::Spacing();
    ImGui::SeparatorText(
        labelf("timeline.title", {format_count(static_cast<std::int64_t>(items_.size()))}).c_str());
    draw_filters(ctx);
    if (customer.id + "/" + filter_ != loaded_for_) load(ctx, customer);  // a chip was tapped
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    if (items_.empty()) ImGui::TextDisabled("%s", label("timeline.empty"));

    std::optional<RecordRef> open;
    const float line = ImGui::GetTextLineHeight();
    const float row_h = line * kRowLines + ImGui::GetStyle().FramePadding.y * 2.0f;
    const float step = row_h + ImGui::GetStyle().ItemSpacing.y;
    const int offset_min = ctx.platform.utc_offset_minutes();
    nlohmann::json drawn = nlohmann::json::array();
    ImGui::PushID("timeline");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(items_.size()), step);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const domain::TimelineItem& item = items_[static_cast<std::size_t>(i)];
            ImGui::PushID(i);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            const float width = ImGui::GetContentRegionAvail().x;
            const bool clicked =
                ImGui::Selectable("##row", false, ImGuiSelectableFlags_None, ImVec2(0, row_h));
            ImGui::PopID();
            ctx.automation.tag_last_item("timeline.row." + std::to_string(i));
            std::string meta = format_datetime(item.at_ms, offset_min) + " · " + kind_label(ctx, item);
            if (!item.who.empty()) meta += " · " + item.who;
            if (!item.detail.empty()) meta += " · " + item.detail;
            ImDrawList* draw = ImGui::GetWindowDrawList();
            const float pad = ImGui::GetStyle().FramePadding.y;
            const std::string title =
                fit(item.title.empty() ? std::string(tr(Str::NoValue)) : item.title, width);
            draw->AddText(ImVec2(at.x, at.y + pad), ImGui::GetColorU32(ImGuiCol_Text), title.c_str());
            draw->AddText(ImVec2(at.x, at.y + pad + line), ctx.colors.muted, fit(meta, width).c_str());
            if (clicked) {
                const domain::EntityDesc* target = ctx.registry.find(item.entity);
                if (target != nullptr && item.record_id != customer.id)
                    open = RecordRef{target, item.record_id};
            }
            drawn.push_back({{"index", i},
                             {"kind", domain::to_key(item.kind)},
                             {"type", item.type},
                             {"at", item.at_ms},
                             {"id", item.record_id},
                             {"title", item.title}});
        }
    }
    clipper.End();
    ImGui::PopID();
    ctx.automation.publish("timeline.count", static_cast<std::int64_t>(items_.size()));
    ctx.automation.publish("timeline.filter", filter_);
    ctx.automation.publish("timeline.rows", std::move(drawn));
    return open;
}

}  // namespace crm::ui
