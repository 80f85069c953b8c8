#include "ui/views/journey_strip.hpp"

#include <algorithm>

#include <imgui.h>

#include "core/domain/activity.hpp"
#include "core/domain/journey.hpp"
#include "core/domain/repository.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/widgets/chips.hpp"

namespace crm::ui {

namespace {
constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::string_view kStageField = "journey_stage";
}  // namespace

bool JourneyStripView::draw(ViewContext& ctx, const domain::Record& customer) {
    const domain::FieldDesc* field = customer.entity().find(kStageField);
    if (field == nullptr || field->option_list.empty()) return false;
    const std::string current = customer.text(kStageField);
    // "Since" is one indexed read, repeated only when the data or the stage changed.
    const std::string key = customer.id + "/" + current;
    const std::int64_t changes = ctx.store.db().total_changes();
    if (key != since_for_ || changes != since_changes_) {
        auto since = domain::journey_since(ctx.store.db(), customer);
        since_ms_ = since ? *since : customer.integer(domain::kCreatedAtField);
        since_for_ = key;
        since_changes_ = changes;
    }
    const std::int64_t offset_ms = std::int64_t{ctx.platform.utc_offset_minutes()} * kMinuteMs;
    const std::int64_t now_ms = ctx.platform.now_ms();
    const std::int64_t days = std::max<std::int64_t>(
        0, domain::day_number(now_ms, offset_ms) - domain::day_number(since_ms_, offset_ms));

    ImGui::Spacing();
    ImGui::SeparatorText(label("journey.title"));
    const auto& stages = ctx.options.options(ctx.store, ctx.registry, field->option_list);
    bool changed = false;
    std::string chosen;
    ChipRow row;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const bool is_current = stages[i].id == current;
        std::string text = std::to_string(i + 1) + ". " + stages[i].label;
        if (is_current) text += " · " + labelf("journey.days", {format_count(days)});
        if (row.chip(ctx, text, is_current, "journey.stage." + std::to_string(i)) && !is_current)
            chosen = stages[i].id;
    }
    if (!chosen.empty()) {
        domain::Record edited = customer;
        edited.set(kStageField, chosen);
        auto saved = ctx.records(customer.entity()).update(edited);
        error_ = saved ? std::string() : error_text(saved.error(), &customer.entity());
        changed = saved.ok();
    }
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());

    nlohmann::json state = nlohmann::json::object();
    state["current"] = current;
    state["days"] = days;
    state["since"] = since_ms_;
    nlohmann::json ids = nlohmann::json::array(), labels = nlohmann::json::array();
    for (const auto& s : stages) {
        ids.push_back(s.id);
        labels.push_back(s.label);
    }
    state["stages"] = std::move(ids);
    state["labels"] = std::move(labels);
    ctx.automation.publish("journey.strip", std::move(state));
    return changed;
}

}  // namespace crm::ui
