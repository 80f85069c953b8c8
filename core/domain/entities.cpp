// The app's entities. Each one is a descriptor; everything else (DDL from schema 2 on, validation,
// repository, list / card / form) is driven by it. Labels are catalogue keys (ui/i18n_labels.cpp).
#include "core/domain/entity.hpp"
#include "core/domain/entity_fields.hpp"
#include "core/limits.hpp"

namespace crm::domain {

namespace {

using T = FieldType;
using fields::name_field;
using fields::named;
using fields::notes_field;
using fields::owner_field;
using fields::owner_ref_field;
using fields::position_field;
using fields::text_field;

FieldDesc phones_field() {
    return {.name = "phones",
            .type = T::TextList,
            .label = "field.phones",
            .max_bytes = limits::kMaxShortTextBytes,
            .max_items = limits::kMaxPhonesPerRecord,
            .format = TextFormat::Phone,
            .digits_column = "phone_digits",
            .searchable = true};
}
FieldDesc emails_field() {
    return {.name = "emails",
            .type = T::TextList,
            .label = "field.emails",
            .max_bytes = limits::kMaxShortTextBytes,
            .max_items = limits::kMaxEmailsPerRecord,
            .format = TextFormat::Email,
            .searchable = true};
}
FieldDesc journey_stage_field() {
    return {.name = "journey_stage",
            .type = T::Enum,
            .label = "field.journey_stage",
            .option_list = kJourneyList,
            .required = true,
            .sortable = true,
            .filterable = true,
            .tracked = true,  // every change is a field_history row: the timeline and the "since" of the strip
            .default_value = std::string(journey_stage_keys().front())};
}

// Where the customer is ("the office is here" on the card takes the device's position), schema 6.
FieldDesc location_field() {
    return {.name = "location", .type = T::GeoPoint, .label = "field.location", .since_schema = 6};
}

EntityDesc company() {
    EntityDesc e =
        named(entity::kCompany, "companies", "entity.company", "entity.companies", "entity.company.new");
    e.fields = {name_field(),   phones_field(),
                emails_field(), text_field("address", "field.address", true, true),
                notes_field(),  journey_stage_field(),
                owner_field(), owner_ref_field(),  location_field()};
    e.subtitle_field = "address";
    e.columns = {{"name", 0, 2.2f},   {"phones", 1, 1.3f}, {"journey_stage", 2, 1.0f},
                 {"emails", 3, 1.5f}, {"owner_id", 4, 1.0f},  {kUpdatedAtField, 5, 1.1f}};
    e.form = {"name", "phones", "emails", "address", "journey_stage", "owner_id", "notes"};
    e.card = {{"",
               {"journey_stage", "phones", "emails", "address", "location", "owner_id", kCreatedAtField,
                kUpdatedAtField, "notes"}}};
    e.access = Access::Owned;
    e.related = {{entity::kContact, "company_id", "card.contacts", "card.add_contact"},
                 {entity::kDeal, "company_id", "card.deals", "card.add_deal", "status", "open",
                  {"stage_id", "amount"}}};
    return e;
}

EntityDesc contact() {
    EntityDesc e =
        named(entity::kContact, "contacts", "entity.contact", "entity.contacts", "entity.contact.new");
    e.fields = {name_field(),
                {.name = "company_id",
                 .type = T::Reference,
                 .label = "field.company_id",
                 .target = entity::kCompany,
                 .filterable = true},
                text_field("position", "field.position", true, true),
                phones_field(),
                emails_field(),
                text_field("address", "field.address", true, true),
                notes_field(),
                journey_stage_field(),
                owner_field(), owner_ref_field(),
                location_field()};
    e.subtitle_field = "position";
    e.access = Access::Owned;
    e.columns = {{"name", 0, 1.8f},     {"company_id", 1, 1.6f},   {"phones", 2, 1.3f},
                 {"position", 3, 1.2f}, {"emails", 4, 1.5f},       {"journey_stage", 5, 1.0f},
                 {"owner_id", 6, 1.0f},    {kUpdatedAtField, 7, 1.1f}};
    e.form = {"name",    "company_id",    "position", "phones", "emails",
              "address", "journey_stage", "owner_id",    "notes"};
    e.card = {{"",
               {"company_id", "position", "journey_stage", "phones", "emails", "address", "location", "owner_id",
                kCreatedAtField, kUpdatedAtField, "notes"}}};
    // Its deals as the customer (a private person), then those where it is the contact person (the card
    // tells the two lists of deals apart by the second one's field: card.related.deal.contact_person_id).
    e.related = {{entity::kDeal, "contact_id", "card.deals", "card.add_deal", "status", "open",
                  {"stage_id", "amount"}},
                 {entity::kDeal, "contact_person_id", "card.deals_as_person", "", "status", "open",
                  {"stage_id", "amount", "company_id"}}};
    return e;
}

// The options of user-defined enum lists (loss reasons, industries, ...): one record per option, synced
// like any record, so a team edits its lists offline. An Enum field with `option_list` = L stores the id
// of an option whose `list` is L.
EntityDesc enum_option() {
    EntityDesc e = named(entity::kEnumOption, "enum_options", "entity.enum_option", "entity.enum_options",
                         "entity.enum_option.new");
    e.fields = {{.name = "list",
                 .type = T::Text,
                 .label = "field.option_list",
                 .max_bytes = limits::kMaxKeyBytes,
                 .required = true,
                 .filterable = true,
                 .editable = false,
                 .since_schema = 2},
                {.name = "label",
                 .type = T::Text,
                 .label = "field.option_label",
                 .max_bytes = limits::kMaxNameBytes,
                 .required = true,
                 .searchable = true,
                 .sortable = true,
                 .since_schema = 2},
                position_field("field.option_position", 2)};
    e.title_field = "label";
    e.columns = {{"label", 0, 2.0f}, {"position", 1, 0.6f}};
    e.form = {"label", "position"};
    e.card = {{"", {"list", "position", kCreatedAtField, kUpdatedAtField}}};
    e.default_sort = "position";
    e.in_tabs = false;
    e.since_schema = 2;
    e.access = Access::Lists;
    return e;
}

}  // namespace

const std::vector<std::string_view>& journey_stage_keys() {
    // Fixed, so every replica (devices and the server) makes the same six records; the last digit is the
    // stage's position + 1, so the list sorts in stage order by id.
    static const std::vector<std::string_view> keys{
        "00000000-0000-7000-8000-00000000a001", "00000000-0000-7000-8000-00000000a002",
        "00000000-0000-7000-8000-00000000a003", "00000000-0000-7000-8000-00000000a004",
        "00000000-0000-7000-8000-00000000a005", "00000000-0000-7000-8000-00000000a006"};
    return keys;
}

const Registry& Registry::app() {
    static const Registry registry = [] {
        std::vector<EntityDesc> all{company(), contact(), enum_option()};
        for (EntityDesc& e : fields::pipeline_entities()) all.push_back(std::move(e));
        for (EntityDesc& e : fields::activity_entities()) all.push_back(std::move(e));
        for (EntityDesc& e : fields::account_entities()) all.push_back(std::move(e));
        return Registry(std::move(all));
    }();
    return registry;
}

}  // namespace crm::domain
