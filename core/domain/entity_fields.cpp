#include "core/domain/entity_fields.hpp"

#include "core/limits.hpp"

namespace crm::domain::fields {

using T = FieldType;

FieldDesc name_field(int since_schema) {
    return {.name = "name",
            .type = T::Text,
            .label = "field.name",
            .max_bytes = limits::kMaxNameBytes,
            .required = true,
            .searchable = true,
            .sortable = true,
            .since_schema = since_schema};
}

FieldDesc text_field(std::string_view name, std::string_view label, bool sortable, bool searchable,
                     int since_schema) {
    return {.name = name,
            .type = T::Text,
            .label = label,
            .max_bytes = limits::kMaxShortTextBytes,
            .searchable = searchable,
            .sortable = sortable,
            .since_schema = since_schema};
}

FieldDesc notes_field(std::string_view name, std::string_view label, int since_schema) {
    return {.name = name,
            .type = T::LongText,
            .label = label,
            .max_bytes = limits::kMaxNotesBytes,
            .since_schema = since_schema};
}

FieldDesc owner_field(int since_schema) {
    // Schemas 1-7 named the owner in free text. Kept (hidden, never edited) so nothing a rep wrote is lost;
    // the server maps these names to user accounts (owner_id) once (sync/accounts.hpp).
    FieldDesc f = text_field("owner", "field.owner_legacy", false, false, since_schema);
    f.editable = false;
    return f;
}

FieldDesc owner_ref_field() {
    FieldDesc f = reference_field("owner_id", "field.owner", entity::kUser, false, kAccountsSchema);
    return f;
}

FieldDesc position_field(std::string_view label, int since_schema) {
    return {.name = "position",
            .type = T::Integer,
            .label = label,
            .min = 0,
            .max = limits::kMaxOptionPosition,
            .sortable = true,
            .since_schema = since_schema,
            .default_value = 0};
}

FieldDesc reference_field(std::string_view name, std::string_view label, std::string_view target,
                          bool required, int since_schema) {
    return {.name = name,
            .type = T::Reference,
            .label = label,
            .target = target,
            .required = required,
            .filterable = true,
            .since_schema = since_schema};
}

EntityDesc named(std::string_view name, std::string_view table, std::string_view one, std::string_view many,
                 std::string_view create) {
    EntityDesc e;
    e.name = name;
    e.table = table;
    e.label_one = one;
    e.label_many = many;
    e.label_new = create;
    return e;
}

}  // namespace crm::domain::fields
