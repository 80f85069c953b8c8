#include "ui/views/record_form.hpp"

#include <algorithm>

#include <imgui.h>

#include "core/domain/repository.hpp"
#include "ui/field_text.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

using domain::FieldType;

bool in_form(const domain::EntityDesc& e, std::string_view field) {
    return std::find(e.form.begin(), e.form.end(), field) != e.form.end();
}

// Amounts, numbers and dates are typed in the language's own form ("1250,50", "27.11.2026").
bool typed_per_language(const domain::FieldDesc& f) {
    return f.type == FieldType::Integer || f.type == FieldType::Money || f.type == FieldType::Date ||
           f.type == FieldType::DateTime;
}

}  // namespace

void RecordFormView::reset(const domain::EntityDesc* entity) {
    entity_ = entity;
    draft_ = entity != nullptr ? domain::Record(*entity) : domain::Record();
    loaded_ = false;
    focus_first_ = entity != nullptr;
    show_errors_ = false;
    edits_.clear();
    pickers_.clear();
    errors_.clear();
    kept_errors_.clear();
    general_error_.clear();
}

void RecordFormView::open_new(const domain::EntityDesc& entity, std::vector<Prefill> prefill) {
    reset(&entity);
    result_.reset();
    for (Prefill& p : prefill) {
        if (entity.find(p.field) == nullptr) continue;
        draft_.set(p.field, std::move(p.value));
        if (!p.title.empty()) draft_.ref_titles[p.field] = std::move(p.title);
    }
}

void RecordFormView::open_edit(RecordRef ref) {
    reset(ref.entity);
    result_.reset();
    draft_.id = std::move(ref.id);
}

void RecordFormView::load(ViewContext& ctx) {
    loaded_ = true;
    if (!draft_.id.empty()) {
        auto stored = ctx.records(*entity_).get(draft_.id);
        if (!stored) {
            general_error_ = error_text(stored.error(), entity_);
            return;
        }
        draft_ = std::move(stored.value());
    } else if (entity_->prefill != nullptr) {
        // Defaults that depend on other records (a new deal's owner, pipeline and first stage).
        if (const Status filled = entity_->prefill(ctx.store, draft_); !filled)
            general_error_ = error_text(filled.error(), entity_);
    }
    start_edits(ctx);
}

void RecordFormView::start_edits(ViewContext& ctx) {
    edits_.clear();
    for (std::string_view name : entity_->form)
        if (const domain::FieldDesc* f = entity_->find(name))
            edits_[std::string(name)] = edit_of(ctx, *f, draft_);
    edits_language_ = language();
}

void RecordFormView::revalidate() {
    errors_.clear();
    for (const auto& [name, edit] : edits_) {
        if (!edit.malformed) continue;
        const domain::FieldDesc* f = entity_->find(name);
        errors_[name] = trf(Str::ErrMalformed, {field_label(*f)});
    }
    // The same normalisation the repository applies, so the form never shows a message the save would not.
    domain::Record normalized = draft_;
    domain::normalize_record(normalized);
    for (const Error& e : domain::validate_record(normalized))
        errors_.emplace(e.field, error_text(e, entity_));
    for (const auto& [field, kept] : kept_errors_)
        if (draft_.get(field) == kept.value) errors_.emplace(field, kept.message);
}

void RecordFormView::keep_error(std::string_view field, std::string message) {
    if (entity_->find(field) == nullptr) return;
    errors_[std::string(field)] = message;
    kept_errors_[std::string(field)] = KeptError{std::move(message), draft_.get(field)};
}

void RecordFormView::save(ViewContext& ctx) {
    show_errors_ = true;
    general_error_.clear();
    kept_errors_.clear();
    revalidate();
    if (!errors_.empty()) return;
    Result<std::string> saved = save_record(ctx);
    if (saved) {
        if (!saved->empty()) finish(RecordRef{entity_, *saved});
        return;
    }
    const Error& failure = saved.error();
    // A check only the database can make (the chosen company was deleted meanwhile) still lands at its field.
    if (failure.code == ErrorCode::Invalid && !failure.field.empty())
        keep_error(failure.field, error_text(failure, entity_));
    else
        general_error_ = trf(Str::SaveFailed, {error_text(failure, entity_)});
}

// The saved record's id; "" when the entity's rules want more fields first (shown at those fields).
Result<std::string> RecordFormView::save_record(ViewContext& ctx) {
    if (entity_->save == nullptr) {
        domain::Repository repo = ctx.records(*entity_);
        auto saved = draft_.id.empty() ? repo.create(draft_) : repo.update(draft_);
        if (!saved) return saved.error();
        return saved->id;
    }
    auto outcome = entity_->save(ctx.store, draft_);
    if (!outcome) return outcome.error();
    if (outcome->missing.empty()) return outcome->record.id;
    // A gate: the fields its stage requires, each asked for where it is edited.
    for (const std::string& field : outcome->missing)
        keep_error(field, trf(Str::FormGateRequired, {outcome->blocked_by}));
    return std::string();
}

void RecordFormView::finish(std::optional<RecordRef> saved, bool report) {
    if (report) result_ = FormResult{std::move(saved)};
    reset(nullptr);
}

void RecordFormView::draw(ViewContext& ctx) {
    if (entity_ == nullptr) return;
    if (!loaded_) load(ctx);
    if (language() != edits_language_) {
        // What was typed in the other language's form is shown again in this one, unless it did not parse.
        for (auto& [name, edit] : edits_) {
            const domain::FieldDesc* f = entity_->find(name);
            if (typed_per_language(*f) && !edit.malformed) edit.text = edit_of(ctx, *f, draft_).text;
        }
        edits_language_ = language();
    }
    // Escape leaves the form from anywhere in it (also from an active field, whose edit is dropped with the
    // rest), unless it is closing one of the form's popups (a combo, a picker).
    const bool popup_open = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
    if (!popup_open && ImGui::IsKeyPressed(ImGuiKey_Escape, false)) {
        finish(std::nullopt);
        return;
    }
    if (show_errors_) revalidate();

    const char* title = draft_.id.empty() ? label(entity_->label_new) : label(edit_title_key(*entity_));
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("form.title");
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    if (!general_error_.empty()) {
        ImGui::TextWrapped("%s", general_error_.c_str());
        ctx.automation.tag_last_item("form.error.general");
    }
    // Messages about fields the form does not show (a descriptor's system field) have no line of their own.
    for (const auto& [field, message] : errors_) {
        if (in_form(*entity_, field)) continue;
        ImGui::TextWrapped("%s", message.c_str());
        ctx.automation.tag_last_item("form.error." + field);
    }
    ImGui::PopStyleColor();
    ImGui::Separator();

    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_h =
        ctx.narrow ? std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) : ImGui::GetFrameHeight();
    const float footer_h = button_h + style.ItemSpacing.y * 2.0f + 1.0f;
    ImGui::BeginChild("##form_body", ImVec2(0, -footer_h), ImGuiChildFlags_None);
    draw_fields(ctx);
    ImGui::EndChild();
    if (!is_open()) return;  // saved by Enter inside a field
    draw_footer(ctx);
    if (!is_open()) return;
    publish(ctx);
}

void RecordFormView::publish(ViewContext& ctx) {
    Automation& a = ctx.automation;
    a.publish("form.mode", draft_.id.empty() ? "create" : "edit");
    a.publish("form.entity", entity_->name);
    a.publish("form.id", draft_.id);
    nlohmann::json errors = nlohmann::json::object();
    for (const auto& [field, message] : errors_) errors[field] = message;
    a.publish("form.errors", std::move(errors));
    nlohmann::json draft = nlohmann::json::object();
    nlohmann::json refs = nlohmann::json::object();
    for (std::string_view name : entity_->form) {
        const domain::FieldDesc* f = entity_->find(name);
        if (f == nullptr) continue;
        draft[std::string(name)] = draft_.get(name);
        if (f->type == FieldType::Reference) refs[std::string(name)] = edits_[std::string(name)].ref_title;
    }
    a.publish("form.draft", std::move(draft));
    a.publish("form.refs", std::move(refs));
}

void RecordFormView::error_line(ViewContext& ctx, std::string_view field) {
    const auto it = errors_.find(field);
    if (it == errors_.end()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    ImGui::TextWrapped("%s", it->second.c_str());
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("form.error." + std::string(field));
}

void RecordFormView::draw_fields(ViewContext& ctx) {
    bool enter = false;
    bool focus = std::exchange(focus_first_, false);
    for (std::string_view name : entity_->form) {
        const domain::FieldDesc* f = entity_->find(name);
        if (f == nullptr) continue;
        FieldEdit& edit = edits_[std::string(name)];
        if (f->type == FieldType::Reference) {
            ImGui::TextUnformatted(field_label(*f));
            if (focus) focus_next_item();
            std::string id = draft_.text(name);
            if (pickers_[std::string(name)].draw(ctx, *f, id, edit.ref_title))
                draft_.set(name, id.empty() ? nlohmann::json(nullptr) : nlohmann::json(id));
        } else {
            FieldEditor editor{ctx, *f, edit, draft_, show_errors_, focus};
            enter |= draw_field_editor(editor);
        }
        focus = false;
        error_line(ctx, name);
        ImGui::Spacing();
    }
    draw_read_only(ctx);
    if (enter) save(ctx);
}

// Facts of an existing record the form does not edit (created, updated), so it shows every field the card
// does.
void RecordFormView::draw_read_only(ViewContext& ctx) {
    if (draft_.id.empty() || !draft_.has_entity()) return;
    for (const domain::CardSection& section : entity_->card) {
        for (std::string_view name : section.fields) {
            const domain::FieldDesc* f = entity_->find(name);
            if (f == nullptr || in_form(*entity_, name)) continue;
            ImGui::TextDisabled("%s: %s", field_label(*f),
                                field_text(ctx, *f, draft_, TextForm::Full).c_str());
        }
    }
}

void RecordFormView::draw_footer(ViewContext& ctx) {
    ImGui::Separator();
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string save_label = std::string(tr(Str::Save)) + "###form_save";
    const std::string cancel_label = std::string(tr(Str::Cancel)) + "###form_cancel";
    // Phones: two half-width buttons, easy to hit with a thumb; desktop: buttons sized to their text.
    const float half = (ImGui::GetContentRegionAvail().x - style.ItemSpacing.x) * 0.5f;
    const ImVec2 size = ctx.narrow
                            ? ImVec2(half, std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx))
                            : ImVec2(0.0f, 0.0f);
    const bool save_now = ImGui::Button(save_label.c_str(), size);
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
