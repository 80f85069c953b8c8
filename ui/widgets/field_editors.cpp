#include "ui/widgets/field_editors.hpp"

#include <algorithm>

#include <imgui.h>

#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "ui/field_text.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/widgets/text_input.hpp"

namespace crm::ui {

namespace {

using domain::FieldType;

constexpr ImGuiInputTextFlags kLineFlags = ImGuiInputTextFlags_EnterReturnsTrue;

// A one-line input at `width` (< 0: up to the right edge). Returns true when Enter was pressed.
bool line_at(const char* id, std::string& value, float width, const char* hint = nullptr) {
    ImGui::SetNextItemWidth(width);
    return ui::input_line(id, value, kLineFlags, hint);
}

std::string tag_of(const FieldEditor& e) {
    return "form.field." + std::string(e.field.name);
}
std::string prefix_of(const FieldEditor& e) {
    return "form." + std::string(e.field.name);
}

// Where the next frame-height item of width `w` goes: a combo is tagged from this, as its last item is an
// entry of its popup while it is open.
ItemRect next_item_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

void field_title(const FieldEditor& e) {
    ImGui::TextUnformatted(field_label(e.field));
}

void take_focus(FieldEditor& e) {
    if (!e.focus) return;
    focus_next_item();
    e.focus = false;
}

std::size_t max_items(const domain::FieldDesc& field) {
    return field.max_items > 0 ? field.max_items : limits::kMaxListItems;
}

// The values of a free-text field already in use in any entity that has the field, so the same rep is not
// spelled two ways and the list's filter finds all of their records.
std::vector<std::string> values_in_use(ViewContext& ctx, std::string_view name) {
    std::vector<std::string> all;
    for (const domain::EntityDesc& e : ctx.registry.entities()) {
        const domain::FieldDesc* f = e.find(name);
        if (f == nullptr || f->type != FieldType::Text || !f->filterable) continue;
        for (std::string& v : ctx.records(e).distinct(name)) all.push_back(std::move(v));
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

bool draw_text(FieldEditor& e) {
    field_title(e);
    take_focus(e);
    const std::string id = "##" + std::string(e.field.name);
    if (!e.field.filterable) {
        const bool enter = line_at(id.c_str(), e.edit.text, -FLT_MIN);
        e.ctx.automation.tag_last_item(tag_of(e));
        if (ImGui::IsItemEdited()) commit_edit(e.ctx, e.field, e.edit, e.draft);
        return enter;
    }
    // A filterable text (owner) offers the values in use beside the input.
    if (!e.edit.suggestions) e.edit.suggestions = values_in_use(e.ctx, e.field.name);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float arrow_w = ImGui::GetFrameHeight();
    const bool enter =
        line_at(id.c_str(), e.edit.text,
                   std::max(ImGui::GetContentRegionAvail().x - arrow_w - style.ItemInnerSpacing.x, 1.0f));
    e.ctx.automation.tag_last_item(tag_of(e));
    bool changed = ImGui::IsItemEdited();
    ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
    e.ctx.automation.tag(prefix_of(e) + ".suggest", next_item_rect(arrow_w));
    if (ImGui::BeginCombo((id + "_suggest").c_str(), nullptr,
                          ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
        for (std::size_t i = 0; i < e.edit.suggestions->size(); ++i) {
            const std::string& value = (*e.edit.suggestions)[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable((value + "###value").c_str(), value == e.edit.text)) {
                e.edit.text = value;
                changed = true;
            }
            ImGui::PopID();
            e.ctx.automation.tag_last_item(prefix_of(e) + ".suggest." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    if (changed) commit_edit(e.ctx, e.field, e.edit, e.draft);
    return enter;
}

bool draw_long_text(FieldEditor& e) {
    field_title(e);
    take_focus(e);
    // Enter saves like everywhere else in the form; Ctrl+Enter starts a new line.
    const ImGuiInputTextFlags flags = kLineFlags | ImGuiInputTextFlags_CtrlEnterForNewLine;
    const std::string id = "##" + std::string(e.field.name);
    const float height =
        ImGui::GetTextLineHeight() * limits::kLongTextLines + ImGui::GetStyle().FramePadding.y * 2.0f;
    const bool enter = input_area(id.c_str(), e.edit.text, ImVec2(-FLT_MIN, height), flags);
    e.ctx.automation.tag_last_item(tag_of(e));
    if (ImGui::IsItemEdited()) commit_edit(e.ctx, e.field, e.edit, e.draft);
    return enter;
}

bool draw_text_list(FieldEditor& e) {
    field_title(e);
    const std::string prefix = prefix_of(e);
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* remove_text = tr(Str::RemoveRow);
    const float remove_w = ImGui::CalcTextSize(remove_text).x + style.FramePadding.x * 2.0f;
    std::vector<std::string>& rows = e.edit.items;
    bool enter = false;
    bool changed = false;
    std::optional<std::size_t> remove;
    ImGui::PushID(prefix.c_str());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        // A malformed entry gets a red frame, so the message below points at the right row.
        const std::string item = text::trim(rows[i]);
        const bool bad = e.show_errors && !item.empty() &&
                         !domain::validate_value(e.field, nlohmann::json::array({item})).ok();
        if (bad) {
            ImGui::PushStyleColor(ImGuiCol_Border, e.ctx.colors.error);
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
        }
        if (e.edit.focus_row == i || (e.focus && i == 0)) {
            focus_next_item();
            e.edit.focus_row.reset();
            e.focus = false;
        }
        enter |=
            line_at("##value", rows[i],
                       std::max(ImGui::GetContentRegionAvail().x - remove_w - style.ItemSpacing.x, 1.0f));
        changed |= ImGui::IsItemEdited();
        e.ctx.automation.tag_last_item(prefix + "." + std::to_string(i));
        if (bad) {
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
        }
        ImGui::SameLine();
        if (ImGui::Button((std::string(remove_text) + "###remove").c_str())) remove = i;
        e.ctx.automation.tag_last_item(prefix + "." + std::to_string(i) + ".remove");
        ImGui::PopID();
    }
    if (remove) {
        rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(*remove));
        changed = true;
    }
    ImGui::BeginDisabled(rows.size() >= max_items(e.field));
    if (ImGui::Button((std::string(tr(Str::AddRow)) + "###add").c_str())) {
        rows.emplace_back();
        e.edit.focus_row = rows.size() - 1;
    }
    ImGui::EndDisabled();
    e.ctx.automation.tag_last_item(prefix + ".add");
    ImGui::PopID();
    if (changed) commit_edit(e.ctx, e.field, e.edit, e.draft);
    return enter;
}

// Integer, date and date-time: one line of text read by the type's parser.
bool draw_parsed_line(FieldEditor& e, const char* hint) {
    field_title(e);
    take_focus(e);
    const std::string id = "##" + std::string(e.field.name);
    const bool enter = line_at(id.c_str(), e.edit.text, -FLT_MIN, hint);
    e.ctx.automation.tag_last_item(tag_of(e));
    if (ImGui::IsItemEdited()) commit_edit(e.ctx, e.field, e.edit, e.draft);
    return enter;
}

bool draw_boolean(FieldEditor& e) {
    take_focus(e);
    bool value = e.draft.boolean(e.field.name);
    const std::string text = std::string(field_label(e.field)) + "###" + std::string(e.field.name);
    if (ImGui::Checkbox(text.c_str(), &value)) e.draft.set(e.field.name, value);
    e.ctx.automation.tag_last_item(tag_of(e));
    return false;
}

bool draw_money(FieldEditor& e) {
    field_title(e);
    take_focus(e);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float combo_w =
        ImGui::CalcTextSize("WWWW").x + ImGui::GetFrameHeight() + style.FramePadding.x * 2.0f;
    const std::string id = "##" + std::string(e.field.name);
    const bool enter =
        line_at(id.c_str(), e.edit.text,
                   std::max(ImGui::GetContentRegionAvail().x - combo_w - style.ItemInnerSpacing.x, 1.0f),
                   tr(Str::AmountHint));
    e.ctx.automation.tag_last_item(tag_of(e));
    bool changed = ImGui::IsItemEdited();
    ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
    const std::string prefix = prefix_of(e) + ".currency";
    e.ctx.automation.tag(prefix, next_item_rect(combo_w));
    ImGui::SetNextItemWidth(combo_w);
    if (ImGui::BeginCombo((id + "_currency").c_str(), e.edit.currency.c_str())) {
        for (const Currency& c : currencies()) {
            const std::string code(c.code);
            if (ImGui::Selectable(code.c_str(), code == e.edit.currency) && code != e.edit.currency) {
                e.edit.currency = code;
                changed = true;  // the same digits may mean another amount in minor units
            }
            e.ctx.automation.tag_last_item(prefix + "." + code);
        }
        ImGui::EndCombo();
    }
    if (changed) commit_edit(e.ctx, e.field, e.edit, e.draft);
    return enter;
}

bool draw_enum(FieldEditor& e) {
    field_title(e);
    take_focus(e);
    const std::string prefix = prefix_of(e);
    const std::string value = e.draft.text(e.field.name);
    const std::string preview = value.empty() ? none_text(e.field) : enum_text(e.ctx, e.field, value);
    e.ctx.automation.tag(tag_of(e), next_item_rect(ImGui::GetContentRegionAvail().x));
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ImGui::BeginCombo(("##" + std::string(e.field.name)).c_str(), preview.c_str())) return false;
    auto entry = [&](const std::string& key, const std::string& text, const std::string& tag) {
        if (ImGui::Selectable((text + "###" + tag).c_str(), key == value)) e.draft.set(e.field.name, key);
        e.ctx.automation.tag_last_item(tag);
    };
    if (!e.field.required) entry(std::string(), none_text(e.field), prefix + ".none");
    if (e.field.option_list.empty()) {
        for (std::string_view key : e.field.options)
            entry(std::string(key), option_label(e.field, key), prefix + ".option." + std::string(key));
    } else {
        const auto& options = e.ctx.options.options(e.ctx.store, e.ctx.registry, e.field.option_list);
        for (std::size_t i = 0; i < options.size(); ++i)
            entry(options[i].id, options[i].label, prefix + ".option." + std::to_string(i));
    }
    ImGui::EndCombo();
    return false;
}

// The place is filled in by the device (a later issue); the form shows it and can clear it.
bool draw_geo(FieldEditor& e) {
    field_title(e);
    const auto geo = domain::geo_of(e.draft.get(e.field.name));
    const std::string text =
        geo ? format_geo(geo->lat, geo->lon, geo->accuracy) : std::string(tr(Str::NoValue));
    const std::string clear = std::string(tr(Str::GeoClear)) + "###clear_" + std::string(e.field.name);
    const float clear_w =
        ImGui::CalcTextSize(clear.c_str(), nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text.c_str());
    e.ctx.automation.tag_last_item(tag_of(e));
    ImGui::SameLine(std::max(ImGui::GetContentRegionMax().x - clear_w, ImGui::GetCursorPosX()));
    take_focus(e);
    ImGui::BeginDisabled(!geo.has_value());
    if (ImGui::Button(clear.c_str())) e.draft.set(e.field.name, nullptr);
    ImGui::EndDisabled();
    e.ctx.automation.tag_last_item(prefix_of(e) + ".clear");
    return false;
}

}  // namespace

void focus_next_item() {
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere();
}

bool edited_as_text(const domain::FieldDesc& field) {
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::TextList:
        case FieldType::Integer:
        case FieldType::Money:
        case FieldType::Date:
        case FieldType::DateTime:
            return true;
        default:
            return false;
    }
}

FieldEdit edit_of(ViewContext& ctx, const domain::FieldDesc& field, const domain::Record& record) {
    FieldEdit edit;
    const nlohmann::json& value = record.get(field.name);
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
            edit.text = record.text(field.name);
            break;
        case FieldType::TextList:
            edit.items = record.list(field.name);
            // One empty row, so the first phone or e-mail can be typed without pressing "+" first.
            if (edit.items.empty()) edit.items.emplace_back();
            break;
        case FieldType::Integer:
            if (value.is_number_integer()) edit.text = std::to_string(value.get<std::int64_t>());
            break;
        case FieldType::Money:
            edit.currency = std::string(currencies().front().code);
            if (const auto m = domain::money_of(value)) {
                edit.currency = m->currency;
                edit.text = format_amount_input(m->minor, m->currency);
            }
            break;
        case FieldType::Date:
            if (value.is_string()) edit.text = format_iso_date(value.get<std::string>());
            break;
        case FieldType::DateTime:
            if (value.is_number_integer())
                edit.text = format_datetime(value.get<std::int64_t>(), ctx.platform.utc_offset_minutes());
            break;
        case FieldType::Reference:
            edit.ref_title = record.ref_title(field.name);
            break;
        case FieldType::Boolean:
        case FieldType::Enum:
        case FieldType::GeoPoint:
            break;
    }
    return edit;
}

void commit_edit(ViewContext& ctx, const domain::FieldDesc& field, FieldEdit& edit, domain::Record& record) {
    edit.malformed = false;
    const bool blank = text::trim(edit.text).empty();
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
            record.set(field.name, edit.text);
            return;
        case FieldType::TextList:
            record.set(field.name, edit.items);
            return;
        case FieldType::Integer: {
            const auto n = blank ? std::nullopt : parse_integer(edit.text);
            edit.malformed = !blank && !n;
            record.set(field.name, n ? nlohmann::json(*n) : nlohmann::json(nullptr));
            return;
        }
        case FieldType::Money: {
            const auto minor = blank ? std::nullopt : parse_amount(edit.text, edit.currency);
            edit.malformed = !blank && !minor;
            record.set(field.name, minor ? domain::money(*minor, edit.currency) : nlohmann::json(nullptr));
            return;
        }
        case FieldType::Date: {
            const auto iso = blank ? std::nullopt : parse_date_input(edit.text);
            edit.malformed = !blank && !iso;
            record.set(field.name, iso ? nlohmann::json(*iso) : nlohmann::json(nullptr));
            return;
        }
        case FieldType::DateTime: {
            const auto ms =
                blank ? std::nullopt : parse_datetime_input(edit.text, ctx.platform.utc_offset_minutes());
            edit.malformed = !blank && !ms;
            record.set(field.name, ms ? nlohmann::json(*ms) : nlohmann::json(nullptr));
            return;
        }
        case FieldType::Boolean:
        case FieldType::Enum:
        case FieldType::Reference:
        case FieldType::GeoPoint:
            return;  // edited in the record itself
    }
}

bool draw_field_editor(FieldEditor& editor) {
    switch (editor.field.type) {
        case FieldType::Text:
            return draw_text(editor);
        case FieldType::LongText:
            return draw_long_text(editor);
        case FieldType::TextList:
            return draw_text_list(editor);
        case FieldType::Integer:
            return draw_parsed_line(editor, nullptr);
        case FieldType::Boolean:
            return draw_boolean(editor);
        case FieldType::Money:
            return draw_money(editor);
        case FieldType::Date:
            return draw_parsed_line(editor, tr(Str::DateHint));
        case FieldType::DateTime:
            return draw_parsed_line(editor, tr(Str::DateTimeHint));
        case FieldType::Enum:
            return draw_enum(editor);
        case FieldType::GeoPoint:
            return draw_geo(editor);
        case FieldType::Reference:
            return false;  // the form's picker
    }
    return false;
}

}  // namespace crm::ui
