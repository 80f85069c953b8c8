#include "ui/views/pipeline_settings.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include <imgui.h>

#include "core/domain/pipeline.hpp"
#include "core/domain/repository.hpp"
#include "core/storage/sqlite.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/widgets/confirm_modal.hpp"

namespace crm::ui {

namespace {

namespace entity = domain::entity;

const domain::EntityDesc& desc(const ViewContext& ctx, std::string_view name) {
    return ctx.registry.get(name);  // the nav offers this section only when the registry has them
}

void fill(std::array<char, limits::kMaxNameBytes + 1>& buffer, const std::string& text) {
    const std::size_t n = std::min(text.size(), buffer.size() - 1);
    std::memcpy(buffer.data(), text.data(), n);
    buffer[n] = '\0';
}

// Live records of `e`, by position (then name), optionally of one parent.
Result<std::vector<domain::Record>> by_position(ViewContext& ctx, const domain::EntityDesc& e,
                                                std::string_view parent_field = {},
                                                const std::string& parent_id = {}) {
    domain::ListQuery q;
    q.sort_field = "position";
    q.limit = limits::kSettingsMaxRows;
    if (!parent_field.empty()) q.equals = {{std::string(parent_field), parent_id}};
    auto page = ctx.records(e).list(q);
    if (!page) return page.error();
    return std::move(page->rows);
}

// Live deals whose `field` is `id` (none read: the count only).
Result<std::int64_t> count_deals(ViewContext& ctx, std::string_view field, const std::string& id) {
    domain::ListQuery q;
    q.equals = {{std::string(field), id}};
    q.limit = 1;
    auto page = ctx.records(desc(ctx, entity::kDeal)).list(q);
    if (!page) return page.error();
    return page->total;
}

// The deal fields a stage may require: those the deal form edits, but the pipeline and the stage
// themselves (a gate cannot ask for them).
std::vector<const domain::FieldDesc*> gate_candidates(const domain::EntityDesc& deal) {
    std::vector<const domain::FieldDesc*> out;
    for (std::string_view name : deal.form)
        if (name != "pipeline_id" && name != "stage_id")
            if (const domain::FieldDesc* f = deal.find(name)) out.push_back(f);
    return out;
}

// A combo is tagged from where it will be drawn: while open, the last item is an entry of its popup.
ItemRect frame_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

bool small_button(const char* text, const char* id) {
    return ImGui::Button((std::string(text) + "###" + id).c_str());
}

}  // namespace

void PipelineSettingsView::load(ViewContext& ctx) {
    loaded_at_ = ctx.store.db().total_changes();
    auto read = [&](Result<std::vector<domain::Record>> records, std::vector<Row>& rows) {
        rows.clear();
        if (!records) {
            error_ = trf(Str::SettingsLoadFailed, {error_text(records.error())});
            return;
        }
        for (domain::Record& r : *records) {
            Row row;
            fill(row.name, r.text(r.entity().title_field));
            row.record = std::move(r);
            rows.push_back(std::move(row));
        }
    };
    read(by_position(ctx, desc(ctx, entity::kPipeline)), pipelines_);
    const bool chosen_exists = std::any_of(pipelines_.begin(), pipelines_.end(),
                                           [&](const Row& p) { return p.record.id == pipeline_id_; });
    if (!chosen_exists) pipeline_id_ = pipelines_.empty() ? std::string() : pipelines_.front().record.id;
    read(by_position(ctx, desc(ctx, entity::kStage), "pipeline_id", pipeline_id_), stages_);
    if (pipeline_id_.empty()) stages_.clear();
    for (Row& s : stages_) {
        s.probability = static_cast<int>(s.record.integer("probability"));
        s.idle_days = static_cast<int>(s.record.integer("idle_days"));
        s.deals = count_deals(ctx, "stage_id", s.record.id).value_or(0);
    }
    read(by_position(ctx, desc(ctx, entity::kLossReason)), reasons_);
}

void PipelineSettingsView::draw(ViewContext& ctx) {
    if (ctx.store.db().total_changes() != loaded_at_) load(ctx);
    ImGui::BeginChild("##settings", ImVec2(0, 0), ImGuiChildFlags_None);
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
        ImGui::TextWrapped("%s", error_.c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("settings.error");
    }
    if (ctx.narrow) {
        // A phone scrolls one column: the pipeline and its stages, then the loss reasons.
        draw_pipeline_bar(ctx);
        draw_stages(ctx);
        draw_reasons(ctx);
    } else {
        // Side by side, so the loss reasons stay in view beside a long pipeline.
        const float stages_w = ImGui::GetContentRegionAvail().x * limits::kSettingsStagesShare;
        ImGui::BeginChild("##stages", ImVec2(stages_w, 0), ImGuiChildFlags_None);
        draw_pipeline_bar(ctx);
        draw_stages(ctx);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##reasons", ImVec2(0, 0), ImGuiChildFlags_None);
        draw_reasons(ctx);
        ImGui::EndChild();
    }
    ImGui::EndChild();
    draw_delete_dialog(ctx);
    publish(ctx);
}

void PipelineSettingsView::draw_pipeline_bar(ViewContext& ctx) {
    ImGui::SeparatorText(tr(Str::SettingsPipelines));
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string add = std::string(tr(Str::SettingsAddPipeline)) + "###pipeline_add";
    const std::string del = std::string(tr(Str::SettingsDeletePipeline)) + "###pipeline_delete";
    const float buttons_w = ImGui::CalcTextSize(add.c_str(), nullptr, true).x +
                            ImGui::CalcTextSize(del.c_str(), nullptr, true).x + style.FramePadding.x * 4.0f +
                            style.ItemSpacing.x * 2.0f;
    const float combo_w = std::max(ImGui::GetContentRegionAvail().x - buttons_w, ImGui::GetFontSize() * 6.0f);
    auto chosen = std::find_if(pipelines_.begin(), pipelines_.end(),
                               [&](const Row& p) { return p.record.id == pipeline_id_; });
    const std::string preview =
        chosen == pipelines_.end() ? std::string(tr(Str::SettingsNoPipelines)) : chosen->record.text("name");
    ctx.automation.tag("settings.pipeline", frame_rect(combo_w));
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo("##pipeline", preview.c_str())) {
        for (std::size_t i = 0; i < pipelines_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            const bool current = pipelines_[i].record.id == pipeline_id_;
            if (ImGui::Selectable(pipelines_[i].record.text("name").c_str(), current) && !current) {
                pipeline_id_ = pipelines_[i].record.id;
                invalidate();  // the chosen pipeline's stages
                error_.clear();
            }
            ImGui::PopID();
            ctx.automation.tag_last_item("settings.pipeline." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    if (ImGui::Button(add.c_str())) add_pipeline(ctx);
    ctx.automation.tag_last_item("settings.pipeline.add");
    ImGui::SameLine();
    ImGui::BeginDisabled(chosen == pipelines_.end());
    if (ImGui::Button(del.c_str()) && chosen != pipelines_.end()) {
        auto deals = count_deals(ctx, "pipeline_id", chosen->record.id);
        if (!deals)
            error_ = trf(Str::SettingsWriteFailed, {error_text(deals.error())});
        else if (*deals > 0)
            error_ = trf(Str::SettingsPipelineHasDeals, {format_count(*deals)});
        else
            ask_delete(desc(ctx, entity::kPipeline), *chosen, 0);
    }
    ctx.automation.tag_last_item("settings.pipeline.delete");
    ImGui::EndDisabled();
    if (chosen == pipelines_.end()) return;
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tr(Str::SettingsName));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText("##pipeline_name", chosen->name.data(), chosen->name.size(),
                     ImGuiInputTextFlags_AutoSelectAll);
    ctx.automation.tag_last_item("settings.pipeline.name");
    if (ImGui::IsItemDeactivatedAfterEdit()) rename(ctx, *chosen);
}

void PipelineSettingsView::draw_stages(ViewContext& ctx) {
    if (pipeline_id_.empty()) return;
    ImGui::SeparatorText(tr(Str::SettingsStages));
    // Above the stages, so it stays in reach however many there are.
    if (small_button(tr(Str::SettingsAddStage), "stage_add")) add_stage(ctx);
    ctx.automation.tag_last_item("settings.stage.add");
    for (std::size_t i = 0; i < stages_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (stages_[i].record.id == reveal_stage_) {
            ImGui::SetScrollHereY(0.5f);  // a stage just added is shown, ready to be named
            reveal_stage_.clear();
        }
        draw_stage(ctx, i);
        ImGui::PopID();
        ImGui::Separator();
    }
}

void PipelineSettingsView::draw_stage(ViewContext& ctx, std::size_t i) {
    Row& row = stages_[i];
    const std::string tag = "settings.stage." + std::to_string(i);
    // Line 1: the name, then up / down / delete.
    draw_ordered_row(ctx, desc(ctx, entity::kStage), stages_, i, tag, row.deals);

    // Line 2 (wrapped on a phone): kind, probability, idle days, the gate's fields, the deals in it.
    const domain::EntityDesc& stage = desc(ctx, entity::kStage);
    const domain::FieldDesc& kind = *stage.find("kind");
    const std::string current = row.record.text("kind");
    const float kind_w = ImGui::GetFontSize() * 7.0f;
    ctx.automation.tag(tag + ".kind", frame_rect(kind_w));
    ImGui::SetNextItemWidth(kind_w);
    if (ImGui::BeginCombo("##kind", option_label(kind, current))) {
        for (std::string_view key : domain::outcome_keys()) {
            if (ImGui::Selectable(option_label(kind, key), key == current) && key != current) {
                domain::Record edited = row.record;
                edited.set("kind", std::string(key));
                update(ctx, edited);
            }
            ctx.automation.tag_last_item(tag + ".kind." + std::string(key));
        }
        ImGui::EndCombo();
    }
    const float number_w = ImGui::GetFontSize() * 3.5f;
    auto number = [&](const char* id, Str caption, int& value, std::int64_t max, std::string_view field) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr(caption));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(number_w);
        ImGui::InputInt(id, &value, 0, 0, ImGuiInputTextFlags_AutoSelectAll);
        ctx.automation.tag_last_item(tag + "." + std::string(field));
        if (ImGui::IsItemDeactivatedAfterEdit()) {
            value = static_cast<int>(std::clamp<std::int64_t>(value, 0, max));
            domain::Record edited = row.record;
            edited.set(field, value);
            update(ctx, edited);
        }
    };
    ImGui::SameLine();
    number("##probability", Str::SettingsProbability, row.probability, limits::kMaxProbabilityPercent,
           "probability");
    if (!ctx.narrow) ImGui::SameLine();
    number("##idle", Str::SettingsIdleDays, row.idle_days, limits::kMaxStageIdleDays, "idle_days");
    if (!ctx.narrow) ImGui::SameLine();
    draw_required(ctx, i);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", trf(Str::SettingsStageDeals, {format_count(row.deals)}).c_str());
}

void PipelineSettingsView::draw_required(ViewContext& ctx, std::size_t i) {
    Row& row = stages_[i];
    const std::vector<std::string> required = row.record.list("required_fields");
    const std::string text =
        trf(Str::SettingsRequired, {format_count(static_cast<std::int64_t>(required.size()))}) +
        "###required";
    if (ImGui::Button(text.c_str())) ImGui::OpenPopup("###required_popup");
    ctx.automation.tag_last_item("settings.stage." + std::to_string(i) + ".required");
    if (!ImGui::BeginPopup("###required_popup")) return;
    const domain::EntityDesc& deal = desc(ctx, entity::kDeal);
    for (const domain::FieldDesc* f : gate_candidates(deal)) {
        bool on = std::find(required.begin(), required.end(), f->name) != required.end();
        if (ImGui::Checkbox(field_label(*f), &on)) {
            // Kept in the form's order, so the gate asks for fields in the order a rep reads them.
            nlohmann::json next = nlohmann::json::array();
            for (const domain::FieldDesc* g : gate_candidates(deal)) {
                const bool was = std::find(required.begin(), required.end(), g->name) != required.end();
                if (g == f ? on : was) next.push_back(g->name);
            }
            domain::Record edited = row.record;
            edited.set("required_fields", std::move(next));
            update(ctx, edited);
        }
        ctx.automation.tag_last_item("settings.required." + std::string(f->name));
    }
    ImGui::EndPopup();
}

// One row of an ordered list (a stage, a loss reason): the name, edited in place, then up / down / delete.
void PipelineSettingsView::draw_ordered_row(ViewContext& ctx, const domain::EntityDesc& e,
                                            std::vector<Row>& rows, std::size_t i, const std::string& tag,
                                            std::int64_t deals) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* del = tr(Str::Delete);
    const float arrows_w = ImGui::GetFrameHeight() * 2.0f + style.ItemSpacing.x * 2.0f;
    const float del_w = ImGui::CalcTextSize(del).x + style.FramePadding.x * 2.0f + style.ItemSpacing.x;
    Row& row = rows[i];
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - arrows_w - del_w, 1.0f));
    ImGui::InputText("##name", row.name.data(), row.name.size(), ImGuiInputTextFlags_AutoSelectAll);
    ctx.automation.tag_last_item(tag + ".name");
    if (ImGui::IsItemDeactivatedAfterEdit()) rename(ctx, row);
    ImGui::SameLine();
    ImGui::BeginDisabled(i == 0);
    if (ImGui::ArrowButton("##up", ImGuiDir_Up)) reorder(ctx, rows, i, i - 1);
    ImGui::EndDisabled();
    ctx.automation.tag_last_item(tag + ".up");
    ImGui::SameLine();
    ImGui::BeginDisabled(i + 1 >= rows.size());
    if (ImGui::ArrowButton("##down", ImGuiDir_Down)) reorder(ctx, rows, i, i + 1);
    ImGui::EndDisabled();
    ctx.automation.tag_last_item(tag + ".down");
    ImGui::SameLine();
    if (small_button(del, "delete")) ask_delete(e, row, deals);
    ctx.automation.tag_last_item(tag + ".delete");
}

void PipelineSettingsView::draw_reasons(ViewContext& ctx) {
    ImGui::SeparatorText(tr(Str::SettingsLossReasons));
    const ImGuiStyle& style = ImGui::GetStyle();
    for (std::size_t i = 0; i < reasons_.size(); ++i) {
        const std::string tag = "settings.reason." + std::to_string(i);
        ImGui::PushID(static_cast<int>(i));
        draw_ordered_row(ctx, desc(ctx, entity::kLossReason), reasons_, i, tag, 0);
        ImGui::PopID();
    }
    const std::string add = std::string(tr(Str::SettingsAddReason)) + "###reason_add";
    const float add_w = ImGui::CalcTextSize(add.c_str(), nullptr, true).x + style.FramePadding.x * 2.0f;
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - add_w - style.ItemSpacing.x, 1.0f));
    ImGui::InputTextWithHint("##reason_new", tr(Str::SettingsNewReasonHint), new_reason_.data(),
                             new_reason_.size());
    // Enter in the field adds it too (Enter leaves the field; the buffer holds the text all along).
    const bool enter = ImGui::IsItemDeactivatedAfterEdit() &&
                       (ImGui::IsKeyPressed(ImGuiKey_Enter) || ImGui::IsKeyPressed(ImGuiKey_KeypadEnter));
    ctx.automation.tag_last_item("settings.reason.new");
    ImGui::SameLine();
    if ((ImGui::Button(add.c_str()) || enter) && new_reason_[0] != '\0') add_reason(ctx);
    ctx.automation.tag_last_item("settings.reason.add");
}

bool PipelineSettingsView::failed(const Error& error, const domain::EntityDesc* entity) {
    error_ = trf(Str::SettingsWriteFailed, {error_text(error, entity)});
    return false;
}

bool PipelineSettingsView::in_transaction(ViewContext& ctx, const std::function<bool()>& body) {
    auto tx = storage::Transaction::begin(ctx.store.db());
    if (!tx) return failed(tx.error());
    if (!body()) return false;  // rolled back when `tx` goes out of scope; body said why
    if (const Status done = tx->commit(); !done) return failed(done.error());
    error_.clear();
    return true;
}

bool PipelineSettingsView::update(ViewContext& ctx, const domain::Record& record) {
    auto saved = ctx.records(record.entity()).update(record);
    if (saved) {
        error_.clear();
        return true;
    }
    return failed(saved.error(), &record.entity());
}

void PipelineSettingsView::rename(ViewContext& ctx, Row& row) {
    const std::string_view field = row.record.entity().title_field;
    const std::string name(row.name.data());
    if (name == row.record.text(field)) return;
    domain::Record edited = row.record;
    edited.set(field, name);
    if (!update(ctx, edited)) fill(row.name, row.record.text(field));  // the stored name stays shown
}

void PipelineSettingsView::reorder(ViewContext& ctx, std::vector<Row>& rows, std::size_t from,
                                   std::size_t to) {
    if (from >= rows.size() || to >= rows.size()) return;
    std::vector<const domain::Record*> order;
    for (const Row& r : rows) order.push_back(&r.record);
    std::swap(order[from], order[to]);
    // Positions are renumbered 0..n-1, in one transaction: records that kept their place write nothing.
    in_transaction(ctx, [&] {
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (order[i]->integer("position") == static_cast<std::int64_t>(i)) continue;
            domain::Record edited = *order[i];
            edited.set("position", static_cast<std::int64_t>(i));
            if (!update(ctx, edited)) return false;
        }
        return true;
    });
}

void PipelineSettingsView::add_pipeline(ViewContext& ctx) {
    // A new pipeline starts usable: one open stage, then won and lost, which every board needs.
    struct First {
        Str name;
        std::string_view kind;
        int probability;
    };
    static constexpr std::array<First, 3> kStages{{{Str::SettingsNewStage, domain::outcome::kOpen, 10},
                                                   {Str::SettingsWonStage, domain::outcome::kWon, 100},
                                                   {Str::SettingsLostStage, domain::outcome::kLost, 0}}};
    std::string created_id;
    const bool done = in_transaction(ctx, [&] {
        const domain::EntityDesc& pe = desc(ctx, entity::kPipeline);
        domain::Record pipeline(pe);
        pipeline.set("name", std::string(tr(Str::SettingsNewPipeline)));
        pipeline.set("position", static_cast<std::int64_t>(pipelines_.size()));
        auto created = ctx.records(pe).create(pipeline);
        if (!created) return failed(created.error(), &pe);
        created_id = created->id;
        const domain::EntityDesc& se = desc(ctx, entity::kStage);
        for (std::size_t i = 0; i < kStages.size(); ++i) {
            domain::Record s(se);
            s.set("pipeline_id", created_id)
                .set("name", std::string(tr(kStages[i].name)))
                .set("position", static_cast<std::int64_t>(i))
                .set("kind", std::string(kStages[i].kind))
                .set("probability", kStages[i].probability);
            if (auto made = ctx.records(se).create(s); !made) return failed(made.error(), &se);
        }
        return true;
    });
    if (done) pipeline_id_ = created_id;
}

void PipelineSettingsView::add_stage(ViewContext& ctx) {
    // A new stage is open and goes after the last open one (before won / lost), the others renumbered.
    std::size_t at = 0;
    for (std::size_t i = 0; i < stages_.size(); ++i)
        if (stages_[i].record.text("kind") == domain::outcome::kOpen) at = i + 1;
    std::string made_id;
    const bool done = in_transaction(ctx, [&] {
        for (std::size_t i = 0; i < stages_.size(); ++i) {
            const auto position = static_cast<std::int64_t>(i < at ? i : i + 1);
            if (stages_[i].record.integer("position") == position) continue;
            domain::Record edited = stages_[i].record;
            edited.set("position", position);
            if (!update(ctx, edited)) return false;
        }
        const domain::EntityDesc& se = desc(ctx, entity::kStage);
        domain::Record s(se);
        s.set("pipeline_id", pipeline_id_)
            .set("name", std::string(tr(Str::SettingsNewStage)))
            .set("position", static_cast<std::int64_t>(at))
            .set("kind", std::string(domain::outcome::kOpen));
        auto made = ctx.records(se).create(s);
        if (!made) return failed(made.error(), &se);
        made_id = made->id;
        return true;
    });
    if (done) reveal_stage_ = made_id;
}

void PipelineSettingsView::add_reason(ViewContext& ctx) {
    const domain::EntityDesc& re = desc(ctx, entity::kLossReason);
    domain::Record r(re);
    r.set("name", std::string(new_reason_.data()));
    std::int64_t last = -1;
    for (const Row& row : reasons_) last = std::max(last, row.record.integer("position"));
    r.set("position", last + 1);
    auto made = ctx.records(re).create(r);
    if (!made) {
        error_ = trf(Str::SettingsWriteFailed, {error_text(made.error(), &re)});
        return;
    }
    error_.clear();
    new_reason_[0] = '\0';
}

void PipelineSettingsView::ask_delete(const domain::EntityDesc& e, const Row& row, std::int64_t deals) {
    Deleting d;
    d.entity = &e;
    d.id = row.record.id;
    d.title = row.record.text(e.title_field);
    d.deals = deals;
    if (deals > 0)
        for (std::size_t i = 0; i < stages_.size(); ++i)
            if (stages_[i].record.id != row.record.id) d.targets.push_back(i);
    deleting_ = std::move(d);
    open_delete_ = true;
}

void PipelineSettingsView::draw_delete_dialog(ViewContext& ctx) {
    constexpr const char* kPopup = "###settings_delete";
    if (open_delete_) {
        ImGui::OpenPopup(kPopup);
        open_delete_ = false;
    }
    if (!deleting_) return;
    float max_w = 0.0f;
    if (!begin_confirm_modal(std::string(tr(Str::Delete)) + kPopup, max_w)) return;
    Deleting& d = *deleting_;
    ImGui::PushTextWrapPos(max_w - ImGui::GetStyle().WindowPadding.x * 2.0f);
    if (d.deals > 0)
        ImGui::TextUnformatted(trf(Str::SettingsStageHasDeals, {d.title, format_count(d.deals)}).c_str());
    else
        ImGui::TextUnformatted(trf(Str::ConfirmDelete, {d.title}).c_str());
    ImGui::PopTextWrapPos();
    const bool movable = d.deals == 0 || !d.targets.empty();
    if (d.deals > 0 && d.targets.empty()) ImGui::TextDisabled("%s", tr(Str::SettingsNoTarget));
    if (d.deals > 0 && !d.targets.empty()) {
        d.target = std::min(d.target, d.targets.size() - 1);
        const float w = ImGui::GetFontSize() * 14.0f;
        ctx.automation.tag("settings.move.target", frame_rect(w));
        ImGui::SetNextItemWidth(w);
        if (ImGui::BeginCombo("##target", stages_[d.targets[d.target]].record.text("name").c_str())) {
            for (std::size_t t = 0; t < d.targets.size(); ++t) {
                ImGui::PushID(static_cast<int>(t));
                if (ImGui::Selectable(stages_[d.targets[t]].record.text("name").c_str(), t == d.target))
                    d.target = t;
                ImGui::PopID();
                ctx.automation.tag_last_item("settings.move.target." + std::to_string(t));
            }
            ImGui::EndCombo();
        }
    }
    ImGui::Spacing();
    const Str yes = d.deals > 0 ? Str::SettingsMoveAndDelete : Str::ConfirmYes;
    const ConfirmAnswer answer = confirm_buttons(ctx, tr(yes), movable);
    if (answer.yes) delete_confirmed(ctx);
    if (answer.yes || answer.no) deleting_.reset();
    ImGui::EndPopup();
}

bool PipelineSettingsView::move_deals(ViewContext& ctx, const std::string& from, const std::string& to,
                                      const std::string& to_name) {
    const domain::EntityDesc& deal = desc(ctx, entity::kDeal);
    // Each pass reads the deals still in the stage; a moved deal leaves it, so the passes end.
    for (;;) {
        domain::ListQuery q;
        q.equals = {{"stage_id", from}};
        q.limit = limits::kMaxPageSize;
        q.count_total = false;
        auto page = ctx.records(deal).list(q);
        if (!page) {
            error_ = trf(Str::SettingsMoveFailed, {error_text(page.error(), &deal)});
            return false;
        }
        if (page->rows.empty()) return true;
        for (const domain::Record& d : page->rows) {
            auto moved = domain::move_deal(ctx.store, d.id, to);
            if (!moved) {
                error_ = trf(Str::SettingsMoveFailed, {error_text(moved.error(), &deal)});
                return false;
            }
            if (!moved->missing.empty()) {
                std::string fields;
                for (const std::string& name : moved->missing) {
                    if (!fields.empty()) fields += ", ";
                    const domain::FieldDesc* f = deal.find(name);
                    fields += f != nullptr ? field_label(*f) : name;
                }
                error_ = trf(Str::SettingsMoveBlocked, {d.text("title"), to_name, fields});
                return false;
            }
            if (!moved->moved) return false;  // it stayed where it was: stop rather than read it again
        }
    }
}

void PipelineSettingsView::delete_confirmed(ViewContext& ctx) {
    const Deleting& d = *deleting_;
    // The deals' moves, the stage's removal (and a pipeline's stages) commit together or not at all.
    in_transaction(ctx, [&] {
        if (d.deals > 0) {
            const Row& target = stages_[d.targets[d.target]];
            if (!move_deals(ctx, d.id, target.record.id, target.record.text("name"))) return false;
        }
        if (d.entity->name == entity::kPipeline) {
            for (const Row& s : stages_) {
                if (const Status removed = ctx.records(s.record.entity()).remove(s.record.id); !removed)
                    return failed(removed.error());
            }
        }
        if (const Status removed = ctx.records(*d.entity).remove(d.id); !removed)
            return failed(removed.error(), d.entity);
        return true;
    });
}

void PipelineSettingsView::publish(ViewContext& ctx) const {
    Automation& a = ctx.automation;
    a.publish("settings.pipeline", pipeline_id_);
    nlohmann::json pipelines = nlohmann::json::array();
    for (const Row& p : pipelines_)
        pipelines.push_back({{"id", p.record.id}, {"name", p.record.text("name")}});
    a.publish("settings.pipelines", std::move(pipelines));
    nlohmann::json stages = nlohmann::json::array();
    for (const Row& s : stages_)
        stages.push_back({{"id", s.record.id},
                          {"name", s.record.text("name")},
                          {"position", s.record.integer("position")},
                          {"kind", s.record.text("kind")},
                          {"probability", s.record.integer("probability")},
                          {"idle_days", s.record.integer("idle_days")},
                          {"required_fields", s.record.list("required_fields")},
                          {"deals", s.deals}});
    a.publish("settings.stages", std::move(stages));
    nlohmann::json reasons = nlohmann::json::array();
    for (const Row& r : reasons_) reasons.push_back({{"id", r.record.id}, {"name", r.record.text("name")}});
    a.publish("settings.reasons", std::move(reasons));
    a.publish("settings.error", error_);
    if (deleting_) a.publish("settings.deleting", {{"title", deleting_->title}, {"deals", deleting_->deals}});
}

}  // namespace crm::ui
