#include "ui/views/customer_card.hpp"

#include <string_view>

#include <imgui.h>

#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

const std::string kNoId;

// One "label: value" line of the card's field grid. Empty values show a dash so the grid stays aligned.
void field_row(Str label, std::string_view value) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(label));
    ImGui::TableSetColumnIndex(1);
    if (value.empty()) value = tr(Str::NoValue);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(value.data(), value.data() + value.size());
    ImGui::PopTextWrapPos();
}

// Phone numbers and e-mails are links: a tap starts a call or a new message (tel:/mailto: through the
// platform), which is what a rep in the field wants from a number on a card.
void link_rows(ViewContext& ctx, Str label, const std::vector<std::string>& values, std::string_view scheme,
               std::string_view tag) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(label));
    ImGui::TableSetColumnIndex(1);
    if (values.empty()) ImGui::TextUnformatted(tr(Str::NoValue));
    for (std::size_t i = 0; i < values.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
        const bool clicked = ImGui::Selectable(values[i].c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
        ctx.automation.tag_last_item(std::string(tag) + "." + std::to_string(i));
        if (!clicked) continue;
        // tel: wants the number without spaces and brackets; a leading + stays.
        std::string target = scheme == "tel:" ? text::digits_only(values[i]) : values[i];
        if (scheme == "tel:" && !values[i].empty() && values[i].front() == '+') target.insert(0, "+");
        ctx.platform.open_url(std::string(scheme) + target);
    }
}

bool begin_field_grid() {
    if (!ImGui::BeginTable("##fields", 2, ImGuiTableFlags_None)) return false;
    // Labels keep their natural width (never cut, also in Russian on a phone); values take the rest.
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

}  // namespace

void CustomerCardView::open(RecordRef ref) {
    history_.clear();
    current_ = std::move(ref);
    loaded_ = false;
}

void CustomerCardView::close() {
    history_.clear();
    current_.reset();
    company_.reset();
    contact_.reset();
    company_contacts_.clear();
    loaded_ = false;
}

const std::string& CustomerCardView::current_id() const { return current_ ? current_->id : kNoId; }

void CustomerCardView::navigate(RecordRef ref) {
    if (current_) history_.push_back(*current_);
    current_ = std::move(ref);
    loaded_ = false;
}

void CustomerCardView::load(ViewContext& ctx) {
    loaded_ = true;
    error_.clear();
    company_.reset();
    contact_.reset();
    company_contacts_.clear();
    company_contacts_total_ = 0;
    if (!current_) return;
    if (current_->kind == RecordKind::Company) {
        auto company = ctx.store.companies().get(current_->id);
        if (!company) {
            error_ = company.error().code == ErrorCode::NotFound ? tr(Str::CardNotFound) : error_text(company.error());
            return;
        }
        company_ = std::move(company.value());
        domain::ListQuery q;
        q.company_id = current_->id;
        q.limit = limits::kCardContactRows;
        auto contacts = ctx.store.contacts().list(q);
        if (!contacts) {
            error_ = error_text(contacts.error());
            return;
        }
        company_contacts_total_ = contacts->total;
        company_contacts_ = std::move(contacts->rows);
    } else {
        auto contact = ctx.store.contacts().get(current_->id);
        if (!contact) {
            error_ = contact.error().code == ErrorCode::NotFound ? tr(Str::CardNotFound) : error_text(contact.error());
            return;
        }
        contact_ = std::move(contact.value());
    }
}

void CustomerCardView::draw(ViewContext& ctx) {
    if (!current_) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", tr(Str::SelectCustomer));
        return;
    }
    if (!loaded_) load(ctx);

    draw_header(ctx);
    ImGui::Separator();
    ImGui::BeginChild("##card_body", ImVec2(0, 0), ImGuiChildFlags_None);
    if (!error_.empty()) ImGui::TextWrapped("%s", error_.c_str());
    if (company_) draw_company(ctx, *company_);
    if (contact_) draw_contact(ctx, *contact_);
    ImGui::EndChild();

    draw_delete_confirmation(ctx);

    Automation& a = ctx.automation;
    a.publish("card.id", current_->id);
    a.publish("card.kind", to_key(current_->kind));
    a.publish("card.name", company_ ? company_->name : contact_ ? contact_->name : std::string());
    if (company_) {
        a.publish("card.record", {{"phones", company_->phones},
                                  {"emails", company_->emails},
                                  {"stage", domain::to_key(company_->journey_stage)},
                                  {"owner", company_->owner},
                                  {"contacts", company_contacts_total_}});
    } else if (contact_) {
        a.publish("card.record", {{"company", contact_->company_name},
                                  {"position", contact_->position},
                                  {"phones", contact_->phones},
                                  {"emails", contact_->emails},
                                  {"stage", domain::to_key(contact_->journey_stage)},
                                  {"owner", contact_->owner}});
    }

    // Navigation is applied after drawing so this frame's widgets all describe one record.
    if (pending_close_) {
        close();
    } else if (pending_back_ && !history_.empty()) {
        current_ = history_.back();
        history_.pop_back();
        loaded_ = false;
    } else if (pending_) {
        navigate(std::move(*pending_));
    }
    pending_.reset();
    pending_back_ = false;
    pending_close_ = false;
}

void CustomerCardView::draw_header(ViewContext& ctx) {
    // On a phone the card replaces the list, so closing it reads as going back.
    const char* close_label = ctx.narrow && history_.empty() ? tr(Str::Back) : tr(Str::Close);
    if (ImGui::Button((std::string(close_label) + "###card_close").c_str())) pending_close_ = true;
    ctx.automation.tag_last_item("card.close");
    if (!history_.empty()) {
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr(Str::Back)) + "###card_back").c_str())) pending_back_ = true;
        ctx.automation.tag_last_item("card.back");
    }
    const bool loaded = company_.has_value() || contact_.has_value();
    ImGui::BeginDisabled(!loaded);
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr(Str::Edit)) + "###card_edit").c_str()))
        event_ = CardEvent{CardEvent::Type::Edit, *current_, {}};
    ctx.automation.tag_last_item("card.edit");
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr(Str::Delete)) + "###card_delete").c_str())) confirm_delete_ = true;
    ctx.automation.tag_last_item("card.delete");
    ImGui::EndDisabled();
    ImGui::TextDisabled("%s", tr(current_->kind == RecordKind::Company ? Str::KindCompany : Str::KindContact));

    const std::string& name = company_ ? company_->name : contact_ ? contact_->name : kNoId;
    if (!name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("card.title");
    }
}

void CustomerCardView::draw_delete_confirmation(ViewContext& ctx) {
    constexpr const char* kPopup = "###confirm_delete";
    if (confirm_delete_) {
        ImGui::OpenPopup(kPopup);
        confirm_delete_ = false;
    }
    const std::string& name = company_ ? company_->name : contact_ ? contact_->name : kNoId;
    const std::string title = std::string(tr(Str::Delete)) + kPopup;
    const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
    ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // A phone gets a popup as wide as the screen allows; a desktop one sized to its text.
    const float max_w = ImGui::GetMainViewport()->Size.x - ImGui::GetStyle().WindowPadding.x * 2.0f;
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(max_w, FLT_MAX));
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    ImGui::PushTextWrapPos(max_w - ImGui::GetStyle().WindowPadding.x * 2.0f);
    ImGui::TextUnformatted(trf(Str::ConfirmDelete, {name}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    bool confirmed = false;
    if (ImGui::Button((std::string(tr(Str::ConfirmYes)) + "###confirm_yes").c_str())) confirmed = true;
    ctx.automation.tag_last_item("confirm.yes");
    ImGui::SameLine();
    const bool cancelled = ImGui::Button((std::string(tr(Str::ConfirmNo)) + "###confirm_no").c_str()) ||
                           ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    ctx.automation.tag_last_item("confirm.no");
    ctx.automation.publish("confirm.open", true);
    if (confirmed && current_) {
        const Status removed = current_->kind == RecordKind::Company
                                   ? ctx.store.companies().remove(current_->id)
                                   : ctx.store.contacts().remove(current_->id);
        if (removed) {
            event_ = CardEvent{CardEvent::Type::Deleted, *current_, name};
            pending_close_ = true;
        } else {
            error_ = trf(Str::DeleteFailed, {error_text(removed.error())});
        }
    }
    if (confirmed || cancelled) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void CustomerCardView::draw_company(ViewContext& ctx, const domain::Company& company) {
    const int utc = ctx.platform.utc_offset_minutes();
    if (begin_field_grid()) {
        field_row(Str::FieldStage, stage_name(company.journey_stage));
        link_rows(ctx, Str::FieldPhones, company.phones, "tel:", "card.phone");
        link_rows(ctx, Str::FieldEmails, company.emails, "mailto:", "card.email");
        field_row(Str::FieldAddress, company.address);
        field_row(Str::FieldOwner, company.owner);
        field_row(Str::FieldCreated, company.created_at > 0 ? format_datetime(company.created_at, utc) : "");
        field_row(Str::FieldUpdated, company.updated_at > 0 ? format_datetime(company.updated_at, utc) : "");
        field_row(Str::FieldNotes, company.notes);
        ImGui::EndTable();
    }

    ImGui::Spacing();
    ImGui::SeparatorText(trf(Str::CardContacts, {format_count(company_contacts_total_)}).c_str());
    if (ImGui::Button((std::string(tr(Str::AddContact)) + "###card_new_contact").c_str()))
        event_ =
            CardEvent{CardEvent::Type::NewContact, RecordRef{RecordKind::Company, company.id}, company.name};
    ctx.automation.tag_last_item("card.new_contact");
    if (company_contacts_.empty()) {
        ImGui::TextDisabled("%s", tr(Str::CardNoContacts));
        return;
    }
    for (std::size_t i = 0; i < company_contacts_.size(); ++i) {
        const domain::Contact& c = company_contacts_[i];
        std::string label = c.name;
        if (!c.position.empty()) label += " · " + c.position;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable(label.c_str())) pending_ = RecordRef{RecordKind::Contact, c.id};
        ImGui::PopID();
        ctx.automation.tag_last_item("card.contact." + std::to_string(i));
    }
    const std::int64_t hidden = company_contacts_total_ - static_cast<std::int64_t>(company_contacts_.size());
    if (hidden > 0) ImGui::TextDisabled("%s", trf(Str::CardMoreContacts, {format_count(hidden)}).c_str());
}

void CustomerCardView::draw_contact(ViewContext& ctx, const domain::Contact& contact) {
    const int utc = ctx.platform.utc_offset_minutes();
    if (!begin_field_grid()) return;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", tr(Str::FieldCompany));
    ImGui::TableSetColumnIndex(1);
    if (contact.company_id.empty()) {
        ImGui::TextUnformatted(tr(Str::PrivatePerson));
    } else {
        // A link to the company card; the name may be empty while the company has not synced yet.
        const std::string label = (contact.company_name.empty() ? std::string(tr(Str::NoValue)) : contact.company_name) +
                                  " ›###card_company";
        if (ImGui::Selectable(label.c_str())) pending_ = RecordRef{RecordKind::Company, contact.company_id};
        ctx.automation.tag_last_item("card.company");
    }
    field_row(Str::FieldPosition, contact.position);
    field_row(Str::FieldStage, stage_name(contact.journey_stage));
    link_rows(ctx, Str::FieldPhones, contact.phones, "tel:", "card.phone");
    link_rows(ctx, Str::FieldEmails, contact.emails, "mailto:", "card.email");
    field_row(Str::FieldAddress, contact.address);
    field_row(Str::FieldOwner, contact.owner);
    field_row(Str::FieldCreated, contact.created_at > 0 ? format_datetime(contact.created_at, utc) : "");
    field_row(Str::FieldUpdated, contact.updated_at > 0 ? format_datetime(contact.updated_at, utc) : "");
    field_row(Str::FieldNotes, contact.notes);
    ImGui::EndTable();
}

}  // namespace crm::ui
