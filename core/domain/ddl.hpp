#pragma once
// SQL generated from descriptors: the tables, indexes and search indexes of entities added from schema 2
// on, and the schema migrations they make. Schema v1's tables keep their own frozen SQL
// (core/storage/migrations.cpp), which tests compare against the descriptors.
#include <string>
#include <vector>

#include "core/domain/entity.hpp"

namespace crm::domain {

// CREATE TABLE with every field's columns, one (deleted, key) index per sortable field, one index per
// reference, and the full-text index over the searchable fields.
std::string create_table_sql(const EntityDesc& entity);
// The external-content FTS5 index of `table` over `columns`, kept in step by triggers.
std::string search_index_sql(const std::string& table, const std::vector<std::string>& columns);
// The columns of an entity's full-text index: its searchable fields plus their derived digits columns.
std::vector<std::string> search_columns(const EntityDesc& entity);
// Everything migration `version` (>= 2) does: tables whose since_schema is `version`, and fields of
// older tables added in it (ALTER TABLE ADD COLUMN, their indexes, a rebuilt search index when one is
// searchable).
std::string migration_sql(const Registry& registry, int version);

}  // namespace crm::domain
