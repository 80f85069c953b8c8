#include "ui/views/conflict_panel.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/field_text.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

const char* kind_key(sync::ConflictKind kind) {
    return kind == sync::ConflictKind::Deleted ? "deleted" : "field";
}

bool begin_rows(const char* id) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_None)) return false;
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void row(const char* label, const std::string& value) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", label);
    ImGui::TableSetColumnIndex(1);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
}

}  // namespace

std::string short_device(std::string_view device) {
    const std::size_t n = std::min(device.size(), limits::kConflictDeviceChars);
    return std::string(device.substr(device.size() - n));
}

void ConflictPanelView::load(ViewContext& ctx, const RecordRef& ref) {
    error_.clear();
    conflicts_.clear();
    deleted_title_.clear();
    auto found = ctx.store.conflicts().of_record(ref.entity->table, ref.id);
    if (!found) {
        error_ = error_text(found.error(), ref.entity);
        return;
    }
    conflicts_ = std::move(found).value();
    deleted_title_.clear();
    if (!deleted()) return;
    // The repository reads live records only; the row is still here, hidden by its tombstone.
    auto title = ctx.store.changes().current(ref.entity->table, ref.id, ref.entity->title_field);
    if (title && *title && (*title)->value.is_string()) deleted_title_ = (*title)->value.get<std::string>();
}

bool ConflictPanelView::has(std::string_view field) const {
    return std::any_of(conflicts_.begin(), conflicts_.end(), [&](const sync::Conflict& c) {
        return c.kind == sync::ConflictKind::Field && c.field == field;
    });
}

bool ConflictPanelView::deleted() const {
    return std::any_of(conflicts_.begin(), conflicts_.end(),
                       [](const sync::Conflict& c) { return c.kind == sync::ConflictKind::Deleted; });
}

std::string ConflictPanelView::value_text(ViewContext& ctx, const domain::EntityDesc& entity,
                                          const domain::FieldDesc& field, const domain::Record* record,
                                          const nlohmann::json& value) const {
    // The card's own formatting, on a copy of the record holding this value (a reference keeps the title
    // the record knows only while it points at the same record).
    domain::Record shown = record != nullptr ? *record : domain::Record(entity);
    if (record == nullptr || record->get(field.name) != value)
        shown.ref_titles.erase(std::string(field.name));
    shown.set(field.name, value);
    return field_text(ctx, field, shown, TextForm::Full);
}

std::string ConflictPanelView::who_and_when(ViewContext& ctx, const sync::Conflict& c) const {
    return trf(Str::ConflictWho, {short_device(c.theirs_device),
                                  format_datetime(c.theirs_hlc.ms, ctx.platform.utc_offset_minutes())});
}

bool ConflictPanelView::draw(ViewContext& ctx, const RecordRef& ref, const domain::Record* record) {
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    if (conflicts_.empty()) return false;
    const domain::EntityDesc& entity = *ref.entity;
    bool changed = false;
    ImGui::PushStyleColor(ImGuiCol_Border, ctx.colors.warning);
    ImGui::BeginChild(
        "##conflicts", ImVec2(0, 0),
        ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_AlwaysUseWindowPadding);
    ImGui::PopStyleColor();
    for (const sync::Conflict& c : conflicts_) {
        const std::string tag = "card.conflict." + c.field;
        ImGui::PushID(c.field.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
        ImGui::PushTextWrapPos(0.0f);
        if (c.kind == sync::ConflictKind::Deleted) {
            ImGui::TextUnformatted(tr(Str::ConflictDeleted));
        } else {
            const domain::FieldDesc* f = entity.find(c.field);
            ImGui::TextUnformatted(
                trf(Str::ConflictField, {f != nullptr ? field_label(*f) : c.field}).c_str());
        }
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item(tag);
        if (begin_rows("##values")) {
            if (c.kind == sync::ConflictKind::Deleted) {
                // The rep's unsent edits, in the card's order of fields.
                for (const domain::FieldDesc& f : entity.fields)
                    if (c.mine.is_object() && c.mine.contains(f.name))
                        row(field_label(f), value_text(ctx, entity, f, record, c.mine[std::string(f.name)]));
            } else if (const domain::FieldDesc* f = entity.find(c.field)) {
                row(tr(Str::ConflictMine), value_text(ctx, entity, *f, record, c.mine));
                row(tr(Str::ConflictWinning), value_text(ctx, entity, *f, record, c.theirs));
            }
            row(tr(Str::ConflictBy), who_and_when(ctx, c));
            ImGui::EndTable();
        }
        const bool restore = c.kind == sync::ConflictKind::Deleted;
        const std::string apply_label =
            std::string(tr(restore ? Str::ConflictRestore : Str::ConflictApplyMine)) + "###apply";
        if (ImGui::Button(apply_label.c_str())) {
            auto records = ctx.records(entity);
            if (Status done = ctx.store.conflicts().reapply(records, c.id); !done)
                error_ = trf(Str::ConflictFailed, {error_text(done.error(), &entity)});
            else
                changed = true;
        }
        ctx.automation.tag_last_item(tag + (restore ? ".restore" : ".apply"));
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr(Str::ConflictDismiss)) + "###dismiss").c_str())) {
            if (Status done = ctx.store.conflicts().dismiss(c.id); !done)
                error_ = trf(Str::ConflictFailed, {error_text(done.error(), &entity)});
            else
                changed = true;
        }
        ctx.automation.tag_last_item(tag + ".dismiss");
        ImGui::PopID();
        if (&c != &conflicts_.back()) ImGui::Separator();
    }
    ImGui::EndChild();
    ImGui::Spacing();
    return changed;
}

void ConflictPanelView::publish(ViewContext& ctx, const RecordRef& ref, const domain::Record* record) const {
    nlohmann::json out = nlohmann::json::array();
    for (const sync::Conflict& c : conflicts_) {
        nlohmann::json entry{
            {"id", c.id},         {"kind", kind_key(c.kind)},  {"field", c.field},           {"mine", c.mine},
            {"theirs", c.theirs}, {"device", c.theirs_device}, {"who", who_and_when(ctx, c)}};
        if (const domain::FieldDesc* f = ref.entity->find(c.field);
            f != nullptr && c.kind == sync::ConflictKind::Field) {
            entry["mine_text"] = value_text(ctx, *ref.entity, *f, record, c.mine);
            entry["theirs_text"] = value_text(ctx, *ref.entity, *f, record, c.theirs);
        }
        out.push_back(std::move(entry));
    }
    ctx.automation.publish("card.conflicts", std::move(out));
}

}  // namespace crm::ui
