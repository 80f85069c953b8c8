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
// The entity as schema `version` knew it: without the fields later versions added (a migration to an
// older version builds the table of that version; the later ones add their columns).
EntityDesc as_of(const EntityDesc& entity, int version);
// The external-content FTS5 index of `table` over `columns`, kept in step by triggers.
// `key` is the table's integer key column ("rid"; schema v1's tables used the implicit "rowid").
std::string search_index_sql(const std::string& table, const std::vector<std::string>& columns,
                             const std::string& key = "rid");
// The columns of an entity's full-text index: its searchable fields plus their derived digits columns.
std::vector<std::string> search_columns(const EntityDesc& entity);
// Everything migration `version` (>= 2) does: tables whose since_schema is `version`, and fields of
// older tables added in it (ALTER TABLE ADD COLUMN, their indexes, a rebuilt search index when one is
// searchable).
std::string migration_sql(const Registry& registry, int version);
// Whether a sortable field gets a (deleted, key) index: only when the UI sorts by it, i.e. it is a list
// column or the default sort. Every index costs each insert of a first sync and bytes on the device.
bool needs_sort_index(const EntityDesc& entity, const FieldDesc& field);
// Schema v7: drops the sort indexes earlier versions made that needs_sort_index no longer wants.
std::string unused_sort_indexes_sql(const Registry& registry);
// The server's store: no search index and no sort index (it never searches or lists; each would cost
// every write it takes). Idempotent, run at every start after the migrations.
std::string server_profile_sql(const Registry& registry);
// The sync metadata tables of schema v3 (sync/change_log.hpp).
std::string sync_tables_sql();

}  // namespace crm::domain
