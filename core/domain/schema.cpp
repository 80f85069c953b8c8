#include "core/domain/schema.hpp"

#include <array>

namespace crm::domain {

namespace {

using T = FieldType;

constexpr std::array<FieldDef, 10> kCompanyFields{{
    {"name", T::Text, true},
    {"phones", T::TextList, false},
    {"emails", T::TextList, false},
    {"address", T::Text, true},
    {"notes", T::Text, false},
    {"journey_stage", T::Text, true},
    {"owner", T::Text, true},
    {"created_at", T::Integer, true},
    {"updated_at", T::Integer, true, false},
    {kDeletedField, T::Integer, false},
}};

constexpr std::array<FieldDef, 12> kContactFields{{
    {"name", T::Text, true},
    {"company_id", T::Reference, false},
    {"position", T::Text, true},
    {"phones", T::TextList, false},
    {"emails", T::TextList, false},
    {"address", T::Text, true},
    {"notes", T::Text, false},
    {"journey_stage", T::Text, true},
    {"owner", T::Text, true},
    {"created_at", T::Integer, true},
    {"updated_at", T::Integer, true, false},
    {kDeletedField, T::Integer, false},
}};

const TableDef kCompanies{"companies", kCompanyFields};
const TableDef kContacts{"contacts", kContactFields};
const std::array<const TableDef*, 2> kTables{&kCompanies, &kContacts};

}  // namespace

const FieldDef* TableDef::find(std::string_view field) const {
    for (const auto& f : fields)
        if (f.name == field) return &f;
    return nullptr;
}

const TableDef& companies_table() { return kCompanies; }
const TableDef& contacts_table() { return kContacts; }
std::span<const TableDef* const> replicated_tables() { return kTables; }

const TableDef* find_table(std::string_view name) {
    for (const auto* t : kTables)
        if (t->name == name) return t;
    return nullptr;
}

}  // namespace crm::domain
