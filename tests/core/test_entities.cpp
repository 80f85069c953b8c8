#include "tests/core/test_entities.hpp"

namespace crm::test {

namespace {

using domain::FieldType;

domain::EntityDesc sample() {
    domain::EntityDesc e;
    e.name = kSample;
    e.table = "samples";
    e.label_one = "test.sample";
    e.label_many = "test.samples";
    e.label_new = "test.sample.new";
    e.fields = {
        {.name = "title",
         .type = FieldType::Text,
         .label = "test.title",
         .max_bytes = kSampleTitleBytes,
         .required = true,
         .searchable = true,
         .sortable = true},
        {.name = "body", .type = FieldType::LongText, .label = "test.body", .searchable = true},
        {.name = "tags",
         .type = FieldType::TextList,
         .label = "test.tags",
         .max_bytes = kSampleTagBytes,
         .max_items = kSampleTags},
        {.name = "phones",
         .type = FieldType::TextList,
         .label = "test.phones",
         .format = domain::TextFormat::Phone,
         .digits_column = "phone_digits",
         .searchable = true},
        {.name = "emails",
         .type = FieldType::TextList,
         .label = "test.emails",
         .max_items = kSampleEmails,
         .format = domain::TextFormat::Email},
        {.name = "count",
         .type = FieldType::Integer,
         .label = "test.count",
         .min = kSampleCountMin,
         .max = kSampleCountMax,
         .sortable = true,
         .filterable = true},
        {.name = "flag",
         .type = FieldType::Boolean,
         .label = "test.flag",
         .sortable = true,
         .filterable = true},
        {.name = "price", .type = FieldType::Money, .label = "test.price", .sortable = true},
        {.name = "fee", .type = FieldType::Money, .label = "test.fee", .min = 0, .max = kSampleFeeMax},
        {.name = "due", .type = FieldType::Date, .label = "test.due", .sortable = true},
        {.name = "seen_at", .type = FieldType::DateTime, .label = "test.seen_at", .sortable = true},
        {.name = "level",
         .type = FieldType::Enum,
         .label = "test.level",
         .options = {"low", "mid", "high"},
         .sortable = true,
         .filterable = true},
        {.name = "kind",
         .type = FieldType::Enum,
         .label = "test.kind",
         .option_list = kSampleKinds,
         .sortable = true,
         .filterable = true},
        {.name = "parent",
         .type = FieldType::Reference,
         .label = "test.parent",
         .target = kSample,
         .sortable = true,
         .filterable = true},
        {.name = "place", .type = FieldType::GeoPoint, .label = "test.place"},
    };
    e.title_field = "title";
    e.subtitle_field = "level";
    e.columns = {{"title", 0, 2.0f}, {"level", 1, 1.0f}, {"price", 2, 1.0f}};
    e.form = {"title", "body", "tags",    "phones", "emails", "count",  "flag", "price",
              "fee",   "due",  "seen_at", "level",  "kind",   "parent", "place"};
    e.card = {{"", {"level", "kind", "price", "due", "place"}}};
    e.related = {{kSample, "parent", "test.children", ""}};
    e.default_sort = "title";
    return e;
}

}  // namespace

const domain::Registry& sample_registry() {
    static const domain::Registry registry({sample()});
    return registry;
}

std::vector<EntityCase> app_entities() {
    std::vector<EntityCase> out;
    for (const auto& e : domain::Registry::app().entities())
        out.push_back({&domain::Registry::app(), e.name});
    return out;
}

std::vector<EntityCase> every_entity() {
    std::vector<EntityCase> out = app_entities();
    for (const auto& e : sample_registry().entities()) out.push_back({&sample_registry(), e.name});
    return out;
}

std::string case_name(const EntityCase& c) {
    const std::string name(c.entity);
    return c.registry == &domain::Registry::app() ? name : "test_" + name;
}

}  // namespace crm::test
