#pragma once
// Field and descriptor builders shared by the files that describe the app's entities (entities.cpp,
// pipeline_entities.cpp), so a name or an owner reads and validates the same on every kind of record.
#include <string_view>
#include <vector>

#include "core/domain/entity.hpp"

namespace crm::domain::fields {

FieldDesc name_field(int since_schema = 1);
FieldDesc text_field(std::string_view name, std::string_view label, bool sortable, bool searchable,
                     int since_schema = 1);
FieldDesc notes_field(std::string_view name = "notes", std::string_view label = "field.notes",
                      int since_schema = 1);
FieldDesc owner_field(int since_schema = 1);
// Who owns a record (schema 8): a user account. The server scopes what a device holds by it.
FieldDesc owner_ref_field();
// An ordering number (0 first): the position of a pipeline, a stage, an option.
FieldDesc position_field(std::string_view label, int since_schema);
FieldDesc reference_field(std::string_view name, std::string_view label, std::string_view target,
                          bool required, int since_schema);

// An entity's identity and its three catalogue labels.
EntityDesc named(std::string_view name, std::string_view table, std::string_view one, std::string_view many,
                 std::string_view create);

// The sales pipeline's entities (schema 5): pipeline, stage, loss reason, deal, stage history.
std::vector<EntityDesc> pipeline_entities();
// A rep's day's entities (schema 6): activity, field history.
std::vector<EntityDesc> activity_entities();
// Team accounts' entities (schema 8): team, user.
std::vector<EntityDesc> account_entities();

}  // namespace crm::domain::fields
