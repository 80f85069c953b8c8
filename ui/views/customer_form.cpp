#include "ui/views/customer_form.hpp"

#include <algorithm>

#include <imgui.h>

#include "core/domain/validation.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

// ImGui edits a char buffer; this grows the std::string behind it as the text grows.
int grow_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* value = static_cast<std::string*>(data->UserData);
        value->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = value->data();
    }
    return 0;
}

// Returns true when Enter was pressed in the field (the text itself changes live).
bool input_string(const char* id, std::string& value, bool multiline, float multiline_h) {
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue;
    if (multiline) {
        // Enter saves like everywhere else in the form; Ctrl+Enter starts a new line.
        flags |= ImGuiInputTextFlags_CtrlEnterForNewLine;
        return ImGui::InputTextMultiline(id, value.data(), value.capacity() + 1,
                                         ImVec2(-FLT_MIN, multiline_h), flags, grow_string, &value);
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    return ImGui::InputText(id, value.data(), value.capacity() + 1, flags, grow_string, &value);
}

bool blank(const std::string& value) {
    return text::trim(value).empty();
}

// Gives the next item the keyboard focus. ImGui only moves focus within the focused window's focus scope, and
// the form's body is a child window of its own, so it is focused first (the click was elsewhere: "New").
void focus_here() {
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere();
}

}  // namespace

void CustomerFormView::open_new(RecordKind kind, std::string company_id, std::string company_name) {
    draft_ = Draft{};
    draft_.kind = kind;
    draft_.company_id = std::move(company_id);
    draft_.company_name = std::move(company_name);
    // One empty row each, so the first phone and e-mail can be typed without pressing "+" first.
    draft_.phones = {""};
    draft_.emails = {""};
    open_ = true;
    loaded_ = true;
    owners_.reset();
    focus_first_ = true;
    show_errors_ = false;
    errors_.clear();
    general_error_.clear();
    result_.reset();
}

void CustomerFormView::open_edit(RecordRef ref) {
    draft_ = Draft{};
    draft_.kind = ref.kind;
    draft_.id = std::move(ref.id);
    open_ = true;
    loaded_ = false;
    owners_.reset();
    focus_first_ = true;
    show_errors_ = false;
    errors_.clear();
    general_error_.clear();
    result_.reset();
}

void CustomerFormView::load(ViewContext& ctx) {
    loaded_ = true;
    // Companies and contacts share these fields (same names in both structs).
    auto copy_shared = [this](const auto& c) {
        draft_.name = c.name;
        draft_.phones = c.phones;
        draft_.emails = c.emails;
        draft_.address = c.address;
        draft_.notes = c.notes;
        draft_.stage = c.journey_stage;
        draft_.owner = c.owner;
        draft_.created_at = c.created_at;
        draft_.updated_at = c.updated_at;
    };
    if (draft_.kind == RecordKind::Company) {
        auto company = ctx.store.companies().get(draft_.id);
        if (!company) {
            general_error_ = error_text(company.error());
            return;
        }
        copy_shared(*company);
    } else {
        auto contact = ctx.store.contacts().get(draft_.id);
        if (!contact) {
            general_error_ = error_text(contact.error());
            return;
        }
        copy_shared(*contact);
        draft_.company_id = contact->company_id;
        draft_.company_name = contact->company_name;
        draft_.position = contact->position;
    }
    if (draft_.phones.empty()) draft_.phones.emplace_back();
    if (draft_.emails.empty()) draft_.emails.emplace_back();
}

domain::Company CustomerFormView::to_company() const {
    domain::Company c;
    c.id = draft_.id;
    c.name = draft_.name;
    c.phones = draft_.phones;
    c.emails = draft_.emails;
    c.address = draft_.address;
    c.notes = draft_.notes;
    c.journey_stage = draft_.stage;
    c.owner = draft_.owner;
    return c;
}

domain::Contact CustomerFormView::to_contact() const {
    domain::Contact c;
    c.id = draft_.id;
    c.name = draft_.name;
    c.company_id = draft_.company_id;
    c.position = draft_.position;
    c.phones = draft_.phones;
    c.emails = draft_.emails;
    c.address = draft_.address;
    c.notes = draft_.notes;
    c.journey_stage = draft_.stage;
    c.owner = draft_.owner;
    return c;
}

void CustomerFormView::revalidate() {
    errors_.clear();
    std::vector<Error> found;
    // The same normalisation the repository applies, so the form never shows a message the save would not.
    if (draft_.kind == RecordKind::Company) {
        domain::Company c = to_company();
        domain::normalize(c);
        found = domain::validate(c);
    } else {
        domain::Contact c = to_contact();
        domain::normalize(c);
        found = domain::validate(c);
    }
    for (const Error& e : found) errors_.emplace(e.field, error_text(e));  // the first per field stays
}

void CustomerFormView::save(ViewContext& ctx) {
    show_errors_ = true;
    general_error_.clear();
    revalidate();
    if (!errors_.empty()) return;
    Error failure;
    std::optional<RecordRef> saved;
    if (draft_.kind == RecordKind::Company) {
        auto result = draft_.id.empty() ? ctx.store.companies().create(to_company())
                                        : ctx.store.companies().update(to_company());
        if (result)
            saved = RecordRef{RecordKind::Company, result->id};
        else
            failure = result.error();
    } else {
        auto result = draft_.id.empty() ? ctx.store.contacts().create(to_contact())
                                        : ctx.store.contacts().update(to_contact());
        if (result)
            saved = RecordRef{RecordKind::Contact, result->id};
        else
            failure = result.error();
    }
    if (saved) {
        finish(std::move(saved));
        return;
    }
    // A check only the database can make (the chosen company was deleted meanwhile) still lands at its field.
    if (failure.code == ErrorCode::Invalid && !failure.field.empty())
        errors_[failure.field] = error_text(failure);
    else
        general_error_ = trf(Str::SaveFailed, {error_text(failure)});
}

void CustomerFormView::finish(std::optional<RecordRef> saved) {
    result_ = FormResult{std::move(saved)};
    open_ = false;
    draft_ = Draft{};
    picker_ = CompanyPicker{};
    errors_.clear();
    general_error_.clear();
}

void CustomerFormView::draw(ViewContext& ctx) {
    if (!open_) return;
    if (!loaded_) load(ctx);
    // Escape leaves the form from anywhere in it (also from an active field, whose edit is dropped with the
    // rest), unless it is closing one of the form's popups (stage, company).
    const bool popup_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
    if (!popup_open && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        finish(std::nullopt);
        return;
    }
    if (show_errors_) revalidate();

    const bool creating = draft_.id.empty();
    const bool company = draft_.kind == RecordKind::Company;
    const Str title = creating ? (company ? Str::FormNewCompany : Str::FormNewContact)
                               : (company ? Str::FormEditCompany : Str::FormEditContact);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
    ImGui::TextUnformatted(tr(title));
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("form.title");
    if (!general_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
        ImGui::TextWrapped("%s", general_error_.c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("form.error.general");
    }
    ImGui::Separator();

    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_h =
        ctx.narrow ? std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) : ImGui::GetFrameHeight();
    const float footer_h = button_h + style.ItemSpacing.y * 2.0f + 1.0f;
    ImGui::BeginChild("##form_body", ImVec2(0, -footer_h), ImGuiChildFlags_None);
    draw_fields(ctx);
    ImGui::EndChild();
    if (!open_) return;  // saved by Enter inside a field
    draw_footer(ctx);
    if (!open_) return;

    Automation& a = ctx.automation;
    a.publish("form.mode", creating ? "create" : "edit");
    a.publish("form.kind", to_key(draft_.kind));
    a.publish("form.id", draft_.id);
    nlohmann::json errors = nlohmann::json::object();
    for (const auto& [field, message] : errors_) errors[field] = message;
    a.publish("form.errors", std::move(errors));
    a.publish("form.draft", {{"name", draft_.name},
                             {"company_id", draft_.company_id},
                             {"company", draft_.company_name},
                             {"position", draft_.position},
                             {"phones", draft_.phones},
                             {"emails", draft_.emails},
                             {"stage", domain::to_key(draft_.stage)},
                             {"owner", draft_.owner}});
}

void CustomerFormView::error_line(ViewContext& ctx, const std::string& field) {
    const auto it = errors_.find(field);
    if (it == errors_.end()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    ImGui::TextWrapped("%s", it->second.c_str());
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("form.error." + field);
}

bool CustomerFormView::text_field(ViewContext& ctx, const char* key, const char* label, std::string& value,
                                  bool multiline) {
    ImGui::TextUnformatted(label);
    if (focus_first_ && std::string_view(key) == "name") {
        focus_here();
        focus_first_ = false;
    }
    const std::string id = std::string("##") + key;
    const bool enter = input_string(id.c_str(), value, multiline, ImGui::GetTextLineHeight() * 4.0f);
    ctx.automation.tag_last_item(std::string("form.field.") + key);
    error_line(ctx, key);
    ImGui::Spacing();
    return enter;
}

bool CustomerFormView::list_field(ViewContext& ctx, const char* key, const char* label,
                                  std::vector<std::string>& values, std::size_t max_count,
                                  bool (*valid)(std::string_view)) {
    // key is "phones" / "emails"; rows are tagged form.phone.<i> / form.email.<i>.
    const std::string row_tag = std::string(key) == "phones" ? "form.phone." : "form.email.";
    ImGui::TextUnformatted(label);
    const ImGuiStyle& style = ImGui::GetStyle();
    const char* remove_text = tr(Str::RemoveRow);
    const float remove_w = ImGui::CalcTextSize(remove_text).x + style.FramePadding.x * 2.0f;
    bool enter = false;
    std::optional<std::size_t> remove;
    for (std::size_t i = 0; i < values.size(); ++i) {
        ImGui::PushID(key);
        ImGui::PushID(static_cast<int>(i));
        // A malformed entry gets a red frame, so the message below points at the right row.
        const bool bad = show_errors_ && !blank(values[i]) && !valid(text::trim(values[i]));
        if (bad) {
            ImGui::PushStyleColor(ImGuiCol_Border, ctx.colors.error);
            ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 2.0f);
        }
        if (focus_row_ == i && focus_list_ == key) {
            focus_here();
            focus_row_.reset();
        }
        ImGui::SetNextItemWidth(
            std::max(ImGui::GetContentRegionAvail().x - remove_w - style.ItemSpacing.x, 1.0f));
        ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue;
        enter |= ImGui::InputText("##value", values[i].data(), values[i].capacity() + 1, flags, grow_string,
                                  &values[i]);
        ctx.automation.tag_last_item(row_tag + std::to_string(i));
        if (bad) {
            ImGui::PopStyleVar();
            ImGui::PopStyleColor();
        }
        ImGui::SameLine();
        if (ImGui::Button((std::string(remove_text) + "###remove").c_str())) remove = i;
        ctx.automation.tag_last_item(row_tag + std::to_string(i) + ".remove");
        ImGui::PopID();
        ImGui::PopID();
    }
    if (remove) values.erase(values.begin() + static_cast<std::ptrdiff_t>(*remove));
    error_line(ctx, key);
    ImGui::BeginDisabled(values.size() >= max_count);
    const Str add = std::string_view(key) == "phones" ? Str::AddPhone : Str::AddEmail;
    if (ImGui::Button((std::string(tr(add)) + "###add_" + key).c_str())) {
        values.emplace_back();
        focus_row_ = values.size() - 1;
        focus_list_ = key;
    }
    ImGui::EndDisabled();
    ctx.automation.tag_last_item(row_tag + "add");
    ImGui::Spacing();
    return enter;
}

void CustomerFormView::draw_stage(ViewContext& ctx) {
    ImGui::TextUnformatted(tr(Str::FieldStage));
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ctx.automation.tag("form.field.stage",
                       ItemRect{pos.x, pos.y, ImGui::GetContentRegionAvail().x, ImGui::GetFrameHeight()});
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string preview(stage_name(draft_.stage));
    if (ImGui::BeginCombo("##stage", preview.c_str())) {
        for (const domain::JourneyStage stage : domain::kJourneyStages) {
            const std::string key(domain::to_key(stage));
            if (ImGui::Selectable((std::string(stage_name(stage)) + "###" + key).c_str(),
                                  stage == draft_.stage))
                draft_.stage = stage;
            ctx.automation.tag_last_item("form.stage." + key);
        }
        ImGui::EndCombo();
    }
    ImGui::Spacing();
}

// The owner is free text (a login until users exist); the owners already in use are one click away, so the
// same rep is not spelled two ways and the list's owner filter finds all of their customers.
bool CustomerFormView::draw_owner(ViewContext& ctx) {
    if (!owners_) {
        std::vector<std::string> all = ctx.store.companies().owners();
        for (std::string& o : ctx.store.contacts().owners()) all.push_back(std::move(o));
        std::sort(all.begin(), all.end());
        all.erase(std::unique(all.begin(), all.end()), all.end());
        owners_ = std::move(all);
    }
    ImGui::TextUnformatted(tr(Str::FieldOwner));
    const ImGuiStyle& style = ImGui::GetStyle();
    const float arrow_w = ImGui::GetFrameHeight();
    ImGui::SetNextItemWidth(
        std::max(ImGui::GetContentRegionAvail().x - arrow_w - style.ItemInnerSpacing.x, 1.0f));
    const bool enter =
        ImGui::InputText("##owner", draft_.owner.data(), draft_.owner.capacity() + 1,
                         ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue,
                         grow_string, &draft_.owner);
    ctx.automation.tag_last_item("form.field.owner");
    ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    ctx.automation.tag("form.owner.pick", ItemRect{pos.x, pos.y, arrow_w, ImGui::GetFrameHeight()});
    if (ImGui::BeginCombo("##owner_pick", nullptr,
                          ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft)) {
        for (std::size_t i = 0; i < owners_->size(); ++i) {
            const std::string& owner = (*owners_)[i];
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(owner.c_str(), owner == draft_.owner)) draft_.owner = owner;
            ImGui::PopID();
            ctx.automation.tag_last_item("form.owner." + std::to_string(i));
        }
        ImGui::EndCombo();
    }
    error_line(ctx, "owner");
    ImGui::Spacing();
    return enter;
}

void CustomerFormView::draw_fields(ViewContext& ctx) {
    bool enter = text_field(ctx, "name", tr(Str::FieldName), draft_.name);
    if (draft_.kind == RecordKind::Contact) {
        ImGui::TextUnformatted(tr(Str::FieldCompany));
        picker_.draw(ctx, draft_.company_id, draft_.company_name);
        error_line(ctx, "company_id");
        ImGui::Spacing();
        enter |= text_field(ctx, "position", tr(Str::FieldPosition), draft_.position);
    }
    enter |= list_field(ctx, "phones", tr(Str::FieldPhones), draft_.phones, limits::kMaxPhonesPerRecord,
                        domain::is_valid_phone);
    enter |= list_field(ctx, "emails", tr(Str::FieldEmails), draft_.emails, limits::kMaxEmailsPerRecord,
                        domain::is_valid_email);
    enter |= text_field(ctx, "address", tr(Str::FieldAddress), draft_.address);
    draw_stage(ctx);
    enter |= draw_owner(ctx);
    enter |= text_field(ctx, "notes", tr(Str::FieldNotes), draft_.notes, true);
    if (!draft_.id.empty()) {
        // Read-only facts of an existing record, so the form shows every field the card does.
        const int utc = ctx.platform.utc_offset_minutes();
        ImGui::TextDisabled(
            "%s: %s", tr(Str::FieldCreated),
            draft_.created_at > 0 ? format_datetime(draft_.created_at, utc).c_str() : tr(Str::NoValue));
        ImGui::TextDisabled(
            "%s: %s", tr(Str::FieldUpdated),
            draft_.updated_at > 0 ? format_datetime(draft_.updated_at, utc).c_str() : tr(Str::NoValue));
    }
    if (enter) save(ctx);
}

void CustomerFormView::draw_footer(ViewContext& ctx) {
    ImGui::Separator();
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string save_label = std::string(tr(Str::Save)) + "###form_save";
    const std::string cancel_label = std::string(tr(Str::Cancel)) + "###form_cancel";
    // Phones: two half-width buttons, easy to hit with a thumb; desktop: buttons sized to their text.
    const float half = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) * 0.5f;
    const ImVec2 size = ctx.narrow
                            ? ImVec2(half, std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx))
                            : ImVec2(0.0f, 0.0f);
    bool save_now = false;
    if (ImGui::Button(save_label.c_str(), size)) save_now = true;
    ctx.automation.tag_last_item("form.save");
    ImGui::SameLine();
    const bool cancel = ImGui::Button(cancel_label.c_str(), size);
    ctx.automation.tag_last_item("form.cancel");
    if (!ctx.narrow) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr(Str::FormKeysHint));
    }
    if (save_now)
        save(ctx);
    else if (cancel)
        finish(std::nullopt);
}

}  // namespace crm::ui
