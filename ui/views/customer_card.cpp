#include "ui/views/customer_card.hpp"

#include <string_view>

#include <imgui.h>

#include "core/limits.hpp"
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

std::string joined_lines(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty()) out += '\n';
        out += v;
    }
    return out;
}

bool begin_field_grid() {
    if (!ImGui::BeginTable("##fields", 2, ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthStretch, 0.8f);
    ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch, 2.0f);
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

    Automation& a = ctx.automation;
    a.publish("card.id", current_->id);
    a.publish("card.kind", to_key(current_->kind));
    a.publish("card.name", company_ ? company_->name : contact_ ? contact_->name : std::string());

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
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%s", tr(current_->kind == RecordKind::Company ? Str::KindCompany : Str::KindContact));

    const std::string& name = company_ ? company_->name : contact_ ? contact_->name : kNoId;
    if (!name.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram));
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("card.title");
    }
}

void CustomerCardView::draw_company(ViewContext& ctx, const domain::Company& company) {
    const int utc = ctx.platform.utc_offset_minutes();
    if (begin_field_grid()) {
        field_row(Str::FieldStage, stage_name(company.journey_stage));
        field_row(Str::FieldPhones, joined_lines(company.phones));
        field_row(Str::FieldEmails, joined_lines(company.emails));
        field_row(Str::FieldAddress, company.address);
        field_row(Str::FieldOwner, company.owner);
        field_row(Str::FieldCreated, company.created_at > 0 ? format_datetime(company.created_at, utc) : "");
        field_row(Str::FieldUpdated, company.updated_at > 0 ? format_datetime(company.updated_at, utc) : "");
        field_row(Str::FieldNotes, company.notes);
        ImGui::EndTable();
    }

    ImGui::Spacing();
    ImGui::SeparatorText(trf(Str::CardContacts, {format_count(company_contacts_total_)}).c_str());
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
                                  " →###card_company";
        if (ImGui::Selectable(label.c_str())) pending_ = RecordRef{RecordKind::Company, contact.company_id};
        ctx.automation.tag_last_item("card.company");
    }
    field_row(Str::FieldPosition, contact.position);
    field_row(Str::FieldStage, stage_name(contact.journey_stage));
    field_row(Str::FieldPhones, joined_lines(contact.phones));
    field_row(Str::FieldEmails, joined_lines(contact.emails));
    field_row(Str::FieldAddress, contact.address);
    field_row(Str::FieldOwner, contact.owner);
    field_row(Str::FieldCreated, contact.created_at > 0 ? format_datetime(contact.created_at, utc) : "");
    field_row(Str::FieldUpdated, contact.updated_at > 0 ? format_datetime(contact.updated_at, utc) : "");
    field_row(Str::FieldNotes, contact.notes);
    ImGui::EndTable();
}

}  // namespace crm::ui
