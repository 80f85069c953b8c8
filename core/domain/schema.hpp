#pragma once
// Describes the replicated tables as data: which fields exist, how they are stored, which the user may
// sort by. The change log, the merge and the list queries all read this instead of repeating it.
#include <span>
#include <string_view>

namespace crm::domain {

enum class FieldType {
    Text,      // TEXT column; change value is a JSON string
    TextList,  // TEXT column holding a JSON array of strings; change value is that array
    Integer,   // INTEGER column; change value is a JSON number
    Reference, // TEXT id of another record or NULL; change value is a string or null
};

struct FieldDef {
    std::string_view name;  // column name == change-log field name
    FieldType type;
    bool sortable;
    bool replicated = true;  // false: derived locally (updated_at), never in the change log
};

struct TableDef {
    std::string_view name;  // "companies", "contacts"
    std::span<const FieldDef> fields;
    const FieldDef* find(std::string_view field) const;
};

// "deleted" is a replicated field on every table (tombstone, 0/1), handled like any other field.
inline constexpr std::string_view kDeletedField = "deleted";

const TableDef& companies_table();
const TableDef& contacts_table();
std::span<const TableDef* const> replicated_tables();
const TableDef* find_table(std::string_view name);

}  // namespace crm::domain
