// A rep's day's entities (schema 6): activities and the field history (the customer journey's changes).
// Their rules are in activity.hpp.
#include "core/domain/activity.hpp"
#include "core/domain/entity_fields.hpp"
#include "core/limits.hpp"

namespace crm::domain::fields {

namespace {

using T = FieldType;
constexpr int kSince = 6;

FieldDesc moment(std::string_view name, std::string_view label, bool editable) {
    return {.name = name,
            .type = T::DateTime,
            .label = label,
            .min = 0,
            .sortable = true,
            .editable = editable,
            .since_schema = kSince};
}

FieldDesc system_text(std::string_view name, std::string_view label, std::size_t max_bytes) {
    FieldDesc f = text_field(name, label, false, false, kSince);
    f.max_bytes = max_bytes;
    f.editable = false;
    return f;
}

EntityDesc activity() {
    EntityDesc e =
        named(entity::kActivity, "activities", "entity.activity", "entity.activities", "entity.activity.new");
    FieldDesc subject = name_field(kSince);
    subject.name = "subject";
    subject.label = "field.subject";
    FieldDesc geo_status{.name = "geo_status",
                         .type = T::Enum,
                         .label = "field.geo_status",
                         .options = geo_status_keys(),
                         .editable = false,
                         .since_schema = kSince};
    e.fields = {
        {.name = "type",
         .type = T::Enum,
         .label = "field.activity_type",
         .options = activity_type_keys(),
         .required = true,
         .sortable = true,
         .filterable = true,
         .since_schema = kSince,
         .default_value = std::string(activity_type::kTask)},
        subject,
        reference_field("company_id", "field.company_id", entity::kCompany, false, kSince),
        reference_field("contact_id", "field.contact_id", entity::kContact, false, kSince),
        reference_field("deal_id", "field.deal_id", entity::kDeal, false, kSince),
        moment("due_at", "field.due_at", true),
        {.name = "all_day", .type = T::Boolean, .label = "field.all_day", .since_schema = kSince},
        {.name = "duration_min",
         .type = T::Integer,
         .label = "field.duration_min",
         .min = 0,
         .max = limits::kMaxActivityDurationMin,
         .since_schema = kSince},
        moment("done_at", "field.done_at", true),
        notes_field("result", "field.activity_result", kSince),
        notes_field("notes", "field.notes", kSince),
        text_field("next_step", "field.next_step", false, true, kSince),
        owner_field(kSince), owner_ref_field(),
        // A visit's check-in and check-out: written by the card's buttons, not the form.
        moment("check_in_at", "field.check_in_at", false),
        moment("check_out_at", "field.check_out_at", false),
        {.name = "check_in_geo",
         .type = T::GeoPoint,
         .label = "field.check_in_geo",
         .editable = false,
         .since_schema = kSince},
        geo_status,
    };
    e.fields[1].searchable = true;
    // The list filters by type and owner; a customer's activities are on its card (a picker of thousands
    // of customers is no filter on a phone).
    for (FieldDesc& f : e.fields)
        if (f.type == T::Reference && f.name != "owner_id") f.filterable = false;
    e.title_field = "subject";
    e.subtitle_field = "due_at";
    e.columns = {{"subject", 0, 2.0f}, {"type", 1, 0.8f},  {"due_at", 2, 1.1f},     {"company_id", 3, 1.4f},
                 {"done_at", 4, 1.1f}, {"owner_id", 5, 1.0f}, {"contact_id", 6, 1.3f}, {"deal_id", 7, 1.3f}};
    e.form = {"subject",      "type",    "company_id", "contact_id", "deal_id",   "due_at", "all_day",
              "duration_min", "done_at", "result",     "notes",      "next_step", "owner_id"};
    e.card = {{"",
               {"type", "due_at", "all_day", "duration_min", "done_at", "company_id", "contact_id", "deal_id",
                "owner_id"}},
              {"card.activity_report", {"result", "notes", "next_step"}},
              {"card.visit", {"check_in_at", "check_out_at", "check_in_geo", "geo_status"}},
              {"card.record_dates", {kCreatedAtField, kUpdatedAtField}}};
    e.default_sort = "due_at";
    e.rule = check_activity;
    e.access = Access::Owned;
    e.since_schema = kSince;
    return e;
}

// One row per change of a tracked field (FieldDesc::tracked: the customer journey), written by the
// repository in the same transaction as the change: who, when, from, to. The timeline and later
// analytics read it; nobody edits it.
EntityDesc field_history() {
    EntityDesc e = named(entity::kFieldHistory, "field_history", "entity.field_change",
                         "entity.field_changes", "entity.field_change.new");
    FieldDesc title = name_field(kSince);
    title.name = "title";
    title.label = "field.field_change";
    title.sortable = false;
    title.editable = false;
    FieldDesc record_id = system_text("record_id", "field.record_id", limits::kMaxRowIdBytes);
    record_id.required = true;
    record_id.filterable = true;
    e.fields = {title,
                system_text("entity", "field.record_entity", limits::kMaxKeyBytes),
                record_id,
                system_text("field", "field.changed_field", limits::kMaxKeyBytes),
                system_text("from_value", "field.from_value", limits::kMaxTrackedValueBytes),
                system_text("to_value", "field.to_value", limits::kMaxTrackedValueBytes),
                moment("changed_at", "field.changed_at", false),
                system_text("changed_by", "field.moved_by", limits::kMaxShortTextBytes),
                system_text("device", "field.device", limits::kMaxRowIdBytes)};
    e.fields.back().editable = false;
    e.title_field = "title";
    e.subtitle_field = "changed_at";
    e.columns = {{"title", 0, 2.0f}, {"changed_at", 1, 1.2f}, {"changed_by", 2, 1.0f}};
    e.form = {};
    e.card = {
        {"",
         {"entity", "record_id", "field", "from_value", "to_value", "changed_at", "changed_by", "device"}}};
    e.default_sort = "changed_at";
    e.in_tabs = false;
    e.access = Access::Child;
    e.parent_field = "record_id";
    e.parent_entity_field = "entity";
    e.since_schema = kSince;
    return e;
}

}  // namespace

std::vector<EntityDesc> activity_entities() {
    return {activity(), field_history()};
}

}  // namespace crm::domain::fields
