#include "ui/views/record_card.hpp"

#include <set>
#include <string_view>

#include <imgui.h>

#include "core/domain/repository.hpp"

#include "core/util/text.hpp"
#include "ui/field_text.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/views/call_log_prompt.hpp"
#include "ui/views/visit_panel.hpp"
#include "ui/widgets/confirm_modal.hpp"

namespace crm::ui {

namespace {

using domain::FieldType;

const std::string kNoId;
constexpr const char* kConflictMark = "(!)";
constexpr std::string_view kJourneyField = "journey_stage";  // in the UI font's glyphs: Latin, Cyrillic, a few signs

bool begin_field_grid(std::size_t section) {
    const std::string id = "##fields_" + std::to_string(section);
    if (!ImGui::BeginTable(id.c_str(), 2, ImGuiTableFlags_None)) return false;
    // Labels keep their natural width (never cut, also in Russian on a phone); values take the rest.
    ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

// Phone numbers and e-mails are links: a tap starts a call or a new message (tel:/mailto: through the
// platform), which is what a rep in the field wants from a number on a card.
std::string link_target(domain::TextFormat format, const std::string& value) {
    if (format == domain::TextFormat::Email) return "mailto:" + value;
    // tel: wants the number without spaces and brackets; a leading + stays.
    std::string number = text::digits_only(value);
    if (!value.empty() && value.front() == '+') number.insert(0, "+");
    return "tel:" + number;
}

// The rows of a related list: those matching its `first_field` (a customer's open deals) first, then the
// others, at most kCardRelatedRows in all; the total counts every row.
Result<domain::Page> related_rows(ViewContext& ctx, const domain::RelatedList& list,
                                  const domain::EntityDesc& child, const std::string& parent_id) {
    domain::ListQuery q;
    q.equals = {{std::string(list.via), parent_id}};
    q.limit = limits::kCardRelatedRows;
    auto all = ctx.records(child).list(q);
    if (!all || list.first_field.empty()) return all;
    q.equals.emplace_back(std::string(list.first_field), std::string(list.first_value));
    q.count_total = false;
    auto first = ctx.records(child).list(q);
    if (!first) return first.error();
    std::set<std::string, std::less<>> listed;
    for (const domain::Record& r : first->rows) listed.insert(r.id);
    domain::Page out{std::move(first->rows), all->total, std::nullopt};
    for (domain::Record& r : all->rows) {
        if (out.rows.size() >= static_cast<std::size_t>(limits::kCardRelatedRows)) break;
        if (listed.count(r.id) == 0) out.rows.push_back(std::move(r));
    }
    return out;
}

// Companies and contacts: the customers that have a journey and a timeline.
bool is_customer(const domain::EntityDesc& e) {
    return e.name == domain::entity::kCompany || e.name == domain::entity::kContact;
}

}  // namespace

void RecordCardView::open(RecordRef ref) {
    history_.clear();
    current_ = std::move(ref);
    loaded_ = false;
}

void RecordCardView::close() {
    history_.clear();
    current_.reset();
    record_.reset();
    related_.clear();
    loaded_ = false;
}

const std::string& RecordCardView::current_id() const {
    return current_ ? current_->id : kNoId;
}

std::string RecordCardView::title() const {
    return record_ ? record_->text(record_->entity().title_field) : conflicts_.deleted_title();
}

void RecordCardView::navigate(RecordRef ref) {
    if (current_) history_.push_back(*current_);
    current_ = std::move(ref);
    loaded_ = false;
}

void RecordCardView::load(ViewContext& ctx) {
    loaded_ = true;
    error_.clear();
    record_.reset();
    related_.clear();
    if (!current_) return;
    const domain::EntityDesc& e = *current_->entity;
    conflicts_.load(ctx, *current_);
    auto record = ctx.records(e).get(current_->id);
    if (!record) {
        error_ = record.error().code == ErrorCode::NotFound ? tr(Str::CardNotFound)
                                                            : error_text(record.error(), &e);
        return;
    }
    record_ = std::move(record.value());
    for (const domain::RelatedList& list : e.related) {
        const domain::EntityDesc* child = ctx.registry.find(list.entity);
        if (child == nullptr) continue;  // check_descriptor reports it; the card shows what it can
        std::string key(list.entity);
        for (const Related& r : related_)
            if (r.entity == child) key = std::string(list.entity) + "." + std::string(list.via);
        auto rows = related_rows(ctx, list, *child, current_->id);
        if (!rows) {
            error_ = error_text(rows.error(), child);
            continue;
        }
        related_.push_back(Related{std::move(key), &list, child, std::move(rows->rows), rows->total});
    }
}

void RecordCardView::draw(ViewContext& ctx) {
    if (!current_) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", tr(Str::SelectRecord));
        return;
    }
    if (!loaded_) load(ctx);

    draw_header(ctx);
    if (record_ && draw_visit_panel(ctx, *current_, *record_)) loaded_ = false;  // visits and calls
    ImGui::Separator();
    ImGui::BeginChild("##card_body", ImVec2(0, 0), ImGuiChildFlags_None);
    // Deleted elsewhere with the rep's edits unsent: the conflict panel says so and offers Restore.
    if (!error_.empty() && (record_ || !conflicts_.deleted())) ImGui::TextWrapped("%s", error_.c_str());
    if (conflicts_.draw(ctx, *current_, record_ ? &*record_ : nullptr)) {
        loaded_ = false;
        event_ = CardEvent{CardEvent::Type::Changed, *current_, title(), nullptr};
    }
    if (record_) {
        const bool customer = is_customer(*current_->entity);
        // Visits: the visit panel of a company's or contact's card goes here, above the journey.
        if (customer && journey_.draw(ctx, *record_)) loaded_ = false;
        draw_fields(ctx);
        for (const Related& r : related_) draw_related(ctx, r);
        if (customer) {
            if (auto open = timeline_.draw(ctx, *current_)) pending_ = std::move(*open);
        }
    }
    ImGui::EndChild();

    draw_delete_confirmation(ctx);
    publish(ctx);

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

void RecordCardView::publish(ViewContext& ctx) {
    Automation& a = ctx.automation;
    const domain::EntityDesc& e = *current_->entity;
    a.publish("card.id", current_->id);
    a.publish("card.entity", e.name);
    a.publish("card.title", title());
    conflicts_.publish(ctx, *current_, record_ ? &*record_ : nullptr);
    if (!record_) return;
    nlohmann::json values = nlohmann::json::object();
    for (const domain::FieldDesc& f : e.fields)
        if (f.name != domain::kDeletedField) values[std::string(f.name)] = record_->get(f.name);
    a.publish("card.record", std::move(values));
    nlohmann::json texts = nlohmann::json::object();
    for (const domain::CardSection& section : e.card)
        for (std::string_view name : section.fields)
            if (const domain::FieldDesc* f = e.find(name))
                texts[std::string(name)] = field_text(ctx, *f, *record_, TextForm::Full);
    a.publish("card.text", std::move(texts));
    nlohmann::json related = nlohmann::json::object();
    nlohmann::json rows = nlohmann::json::object();
    for (const Related& r : related_) {
        related[r.key] = r.total;
        nlohmann::json ids = nlohmann::json::array();
        for (const domain::Record& row : r.rows) ids.push_back(row.id);
        rows[r.key] = std::move(ids);
    }
    a.publish("card.related", std::move(related));
    a.publish("card.related_ids", std::move(rows));
}

void RecordCardView::draw_header(ViewContext& ctx) {
    // On a phone the card replaces the list, so closing it reads as going back.
    const char* close_label = ctx.narrow && history_.empty() ? tr(Str::Back) : tr(Str::Close);
    if (ImGui::Button((std::string(close_label) + "###card_close").c_str())) pending_close_ = true;
    ctx.automation.tag_last_item("card.close");
    if (!history_.empty()) {
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr(Str::Back)) + "###card_back").c_str())) pending_back_ = true;
        ctx.automation.tag_last_item("card.back");
    }
    ImGui::BeginDisabled(!record_.has_value());
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr(Str::Edit)) + "###card_edit").c_str()))
        event_ = CardEvent{CardEvent::Type::Edit, *current_, title(), nullptr};
    ctx.automation.tag_last_item("card.edit");
    ImGui::SameLine();
    if (ImGui::Button((std::string(tr(Str::Delete)) + "###card_delete").c_str())) confirm_delete_ = true;
    ctx.automation.tag_last_item("card.delete");
    ImGui::EndDisabled();
    ImGui::TextDisabled("%s", label(current_->entity->label_one));

    const std::string name = title();
    if (!name.empty()) {
        // The title field is drawn here, not among the sections: its conflict mark goes before it.
        const std::string_view title_field = current_->entity->title_field;
        if (conflicts_.has(title_field)) {
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
            ImGui::TextUnformatted(kConflictMark);
            ImGui::PopStyleColor();
            ctx.automation.tag_last_item("card.mark." + std::string(title_field));
            ImGui::SameLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("card.title");
    }
}

void RecordCardView::draw_delete_confirmation(ViewContext& ctx) {
    constexpr const char* kPopup = "###confirm_delete";
    if (confirm_delete_) {
        ImGui::OpenPopup(kPopup);
        confirm_delete_ = false;
    }
    const std::string name = title();
    float max_w = 0.0f;
    if (!begin_confirm_modal(std::string(tr(Str::Delete)) + kPopup, max_w)) return;
    ImGui::PushTextWrapPos(max_w - ImGui::GetStyle().WindowPadding.x * 2.0f);
    ImGui::TextUnformatted(trf(Str::ConfirmDelete, {name}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const bool confirmed = confirm_buttons(ctx, tr(Str::ConfirmYes)).yes;
    if (confirmed && current_) {
        const Status removed = ctx.records(*current_->entity).remove(current_->id);
        if (removed) {
            event_ = CardEvent{CardEvent::Type::Deleted, *current_, name, nullptr};
            pending_close_ = true;
        } else {
            error_ = trf(Str::DeleteFailed, {error_text(removed.error(), current_->entity)});
        }
    }
    ImGui::EndPopup();
}

void RecordCardView::draw_fields(ViewContext& ctx) {
    const domain::EntityDesc& e = *current_->entity;
    for (std::size_t s = 0; s < e.card.size(); ++s) {
        const domain::CardSection& section = e.card[s];
        if (!section.label.empty()) {
            ImGui::Spacing();
            ImGui::SeparatorText(label(section.label));
        }
        if (!begin_field_grid(s)) continue;
        for (std::string_view name : section.fields) {
            // A customer's stage is the journey strip above the fields, not a row again.
            if (name == kJourneyField && is_customer(e)) continue;
            if (const domain::FieldDesc* f = e.find(name)) draw_field(ctx, *f);
        }
        ImGui::EndTable();
    }
}

void RecordCardView::draw_field(ViewContext& ctx, const domain::FieldDesc& field) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (conflicts_.has(field.name)) {
        // The value shown is the one that won; the mark points at the panel holding the rep's own.
        ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
        ImGui::Text("%s %s", kConflictMark, field_label(field));
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("card.mark." + std::string(field.name));
    } else {
        ImGui::TextDisabled("%s", field_label(field));
    }
    ImGui::TableSetColumnIndex(1);
    const std::string tag_prefix = "card." + std::string(field.name);
    ImGui::PushID(tag_prefix.c_str());
    const bool links = field.type == FieldType::TextList && field.format != domain::TextFormat::Plain;
    if (links) {
        const std::vector<std::string> items = record_->list(field.name);
        if (items.empty()) ImGui::TextUnformatted(tr(Str::NoValue));
        for (std::size_t i = 0; i < items.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
            const bool clicked = ImGui::Selectable((items[i] + "###link").c_str());
            ImGui::PopStyleColor();
            ImGui::PopID();
            ctx.automation.tag_last_item(tag_prefix + "." + std::to_string(i));
            if (clicked) ctx.platform.open_url(link_target(field.format, items[i]));
            if (clicked && field.format == domain::TextFormat::Phone) note_call_started(ctx, *current_, title());
        }
        ImGui::PopID();
        return;
    }
    const domain::EntityDesc* target =
        field.type == FieldType::Reference ? ctx.registry.find(field.target) : nullptr;
    const std::string id = field.type == FieldType::Reference ? record_->text(field.name) : std::string();
    if (target != nullptr && !id.empty()) {
        // A link to the referenced card; the title may be empty while that record has not synced yet.
        const std::string ref_title = record_->ref_title(field.name);
        const std::string text = (ref_title.empty() ? std::string(tr(Str::NoValue)) : ref_title) + " ›###ref";
        if (ImGui::Selectable(text.c_str())) pending_ = RecordRef{target, id};
        ctx.automation.tag_last_item("card.ref." + std::string(field.name));
        ImGui::PopID();
        return;
    }
    const std::string text = field_text(ctx, field, *record_, TextForm::Full);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopID();
}

void RecordCardView::draw_related(ViewContext& ctx, const Related& related) {
    const std::string tag = "card.related." + related.key;
    ImGui::Spacing();
    ImGui::SeparatorText(labelf(related.list->label, {format_count(related.total)}).c_str());
    if (!related.list->add_label.empty()) {
        const std::string text = std::string(label(related.list->add_label)) + "###new_" + related.key;
        if (ImGui::Button(text.c_str()))
            event_ = CardEvent{CardEvent::Type::NewRelated, *current_, title(), related.list};
        ctx.automation.tag_last_item(tag + ".new");
    }
    if (related.rows.empty()) {
        ImGui::TextDisabled("%s", tr(Str::CardNoRelated));
        return;
    }
    ImGui::PushID(tag.c_str());
    const domain::EntityDesc& child = *related.entity;
    for (std::size_t i = 0; i < related.rows.size(); ++i) {
        const domain::Record& r = related.rows[i];
        std::string text = r.text(child.title_field);
        // The list's own details (a deal's stage and amount), else the child's subtitle.
        const std::vector<std::string_view> subtitle{child.subtitle_field};
        for (std::string_view name : related.list->details.empty() ? subtitle : related.list->details) {
            const domain::FieldDesc* f = child.find(name);
            if (f == nullptr) continue;
            const std::string detail = field_text(ctx, *f, r, TextForm::Cell);
            if (!detail.empty()) text += " · " + detail;
        }
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Selectable((text + "###row").c_str())) pending_ = RecordRef{&child, r.id};
        ImGui::PopID();
        ctx.automation.tag_last_item(tag + "." + std::to_string(i));
    }
    ImGui::PopID();
    const std::int64_t hidden = related.total - static_cast<std::int64_t>(related.rows.size());
    if (hidden > 0) ImGui::TextDisabled("%s", trf(Str::CardMore, {format_count(hidden)}).c_str());
}

}  // namespace crm::ui
