#include "core/domain/ddl.hpp"

#include <algorithm>

#include "core/domain/row_io.hpp"
#include "core/storage/migrations.hpp"

namespace crm::domain {

namespace {

std::string field_indexes(const EntityDesc& e, const FieldDesc& f) {
    const std::string t(e.table);
    const std::string n(f.name);
    std::string sql;
    if (needs_sort_index(e, f))
        sql += "CREATE INDEX " + t + "_by_" + n + " ON " + t + "(deleted, " + sort_key(f, "") + ");\n";
    if (f.type == FieldType::Reference)
        sql += "CREATE INDEX " + t + "_ref_" + n + " ON " + t + "(" + n + ", deleted);\n";
    return sql;
}

std::string drop_search_index(const std::string& table) {
    const std::string fts = table + "_fts";
    return "DROP TRIGGER IF EXISTS " + table + "_fts_ai;\nDROP TRIGGER IF EXISTS " + table +
           "_fts_ad;\nDROP TRIGGER IF EXISTS " + table + "_fts_au;\nDROP TABLE IF EXISTS " + fts + ";\n";
}

}  // namespace

bool needs_sort_index(const EntityDesc& e, const FieldDesc& f) {
    if (!f.sortable) return false;
    if (f.name == e.default_sort) return true;
    return std::any_of(e.columns.begin(), e.columns.end(),
                       [&](const ListColumn& c) { return c.field == f.name; });
}

std::string unused_sort_indexes_sql(const Registry& registry) {
    std::string sql;
    for (const auto& e : registry.entities()) {
        const std::string t(e.table);
        for (const auto& f : e.fields)
            if (f.sortable && !needs_sort_index(e, f))
                sql += "DROP INDEX IF EXISTS " + t + "_by_" + std::string(f.name) + ";\n";
    }
    // Schema v1's journey order over its old keys: the journey became option ids in v6.
    sql += "DROP INDEX IF EXISTS companies_by_stage;\nDROP INDEX IF EXISTS contacts_by_stage;\n";
    return sql;
}

std::string server_profile_sql(const Registry& registry) {
    std::string sql;
    for (const auto& e : registry.entities()) {
        const std::string t(e.table);
        if (has_search(e)) sql += drop_search_index(t);
        for (const auto& f : e.fields)
            if (f.sortable) sql += "DROP INDEX IF EXISTS " + t + "_by_" + std::string(f.name) + ";\n";
    }
    return sql + "DROP INDEX IF EXISTS companies_by_stage;\nDROP INDEX IF EXISTS contacts_by_stage;\n";
}

std::vector<std::string> search_columns(const EntityDesc& e) {
    std::vector<std::string> cols;
    for (const auto& f : e.fields) {
        if (!f.searchable) continue;
        cols.emplace_back(f.name);
        if (!f.digits_column.empty()) cols.emplace_back(f.digits_column);
    }
    return cols;
}

std::string search_index_sql(const std::string& table, const std::vector<std::string>& cols,
                             const std::string& key) {
    std::string list, news, olds;
    for (const auto& c : cols) {
        list += ", " + c;
        news += ", new." + c;
        olds += ", old." + c;
    }
    const std::string fts = table + "_fts";
    std::string sql = "CREATE VIRTUAL TABLE " + fts + " USING fts5(" + list.substr(2) + ", content='" +
                      table + "', content_rowid='" + key + "', tokenize='" + storage::kSearchTokenizer +
                      " remove_diacritics 2');\n";
    sql += "CREATE TRIGGER " + table + "_fts_ai AFTER INSERT ON " + table + " BEGIN INSERT INTO " + fts +
           "(rowid" + list + ") VALUES (new.rowid" + news + "); END;\n";
    sql += "CREATE TRIGGER " + table + "_fts_ad AFTER DELETE ON " + table + " BEGIN INSERT INTO " + fts +
           "(" + fts + ", rowid" + list + ") VALUES ('delete', old.rowid" + olds + "); END;\n";
    sql += "CREATE TRIGGER " + table + "_fts_au AFTER UPDATE OF " + list.substr(2) + " ON " + table +
           " BEGIN INSERT INTO " + fts + "(" + fts + ", rowid" + list + ") VALUES ('delete', old.rowid" +
           olds + "); INSERT INTO " + fts + "(rowid" + list + ") VALUES (new.rowid" + news + "); END;\n";
    return sql;
}

std::string create_table_sql(const EntityDesc& e) {
    const std::string t(e.table);
    // rid is the row's stable local key (VACUUM keeps it): search index and sync metadata refer to it.
    std::string sql = "CREATE TABLE " + t + " (\n  rid INTEGER PRIMARY KEY,\n  id TEXT NOT NULL UNIQUE";
    for (const auto& f : e.fields) {
        for (const Column& c : columns_of(f)) sql += ",\n  " + c.name + " " + c.sql_type;
        // Derived search copy of the phones' digits, written with the field, never replicated.
        if (!f.digits_column.empty())
            sql += ",\n  " + std::string(f.digits_column) + " TEXT NOT NULL DEFAULT ''";
    }
    // Sync metadata (sync/change_log.hpp): the row's base clock and the sequence of its newest write.
    sql += ",\n  sync_hlc INTEGER NOT NULL DEFAULT 0,\n  sync_site INTEGER NOT NULL DEFAULT 0";
    sql += ",\n  sync_seq INTEGER NOT NULL DEFAULT 0";
    sql += "\n);\n";
    sql += "CREATE INDEX " + t + "_by_sync_seq ON " + t + "(sync_seq);\n";
    for (const auto& f : e.fields) sql += field_indexes(e, f);
    if (has_search(e)) sql += search_index_sql(t, search_columns(e));
    return sql;
}

EntityDesc as_of(const EntityDesc& entity, int version) {
    EntityDesc then = entity;
    std::erase_if(then.fields, [version](const FieldDesc& f) { return f.since_schema > version; });
    return then;
}

std::string sync_tables_sql() {
    return "CREATE TABLE IF NOT EXISTS sync_names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
           "CREATE TABLE IF NOT EXISTS sync_sites (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE);\n"
           "CREATE TABLE IF NOT EXISTS sync_clocks (tbl INTEGER NOT NULL, row INTEGER NOT NULL, field "
           "INTEGER "
           "NOT NULL, hlc INTEGER NOT NULL, site INTEGER NOT NULL, PRIMARY KEY (tbl, row, field)) WITHOUT "
           "ROWID;\n"
           "CREATE TABLE IF NOT EXISTS sync_outbox (tbl INTEGER NOT NULL, row INTEGER NOT NULL, field "
           "INTEGER NOT "
           "NULL, PRIMARY KEY (tbl, row, field)) WITHOUT ROWID;\n";
}

std::string migration_sql(const Registry& registry, int version) {
    std::string sql;
    for (const auto& e : registry.entities()) {
        if (e.since_schema == version) {
            // Only the fields of this version: later migrations add the newer ones, also on a fresh database.
            sql += create_table_sql(as_of(e, version));
            continue;
        }
        if (e.since_schema > version) continue;
        const std::string t(e.table);
        bool search_changed = false;
        for (const auto& f : e.fields) {
            if (f.since_schema != version) continue;
            for (const Column& c : columns_of(f))
                sql += "ALTER TABLE " + t + " ADD COLUMN " + c.name + " " + c.sql_type + ";\n";
            if (!f.digits_column.empty())
                sql += "ALTER TABLE " + t + " ADD COLUMN " + std::string(f.digits_column) +
                       " TEXT NOT NULL DEFAULT '';\n";
            sql += field_indexes(e, f);
            search_changed = search_changed || f.searchable;
        }
        if (search_changed) {
            sql += drop_search_index(t) + search_index_sql(t, search_columns(e));
            sql += "INSERT INTO " + t + "_fts(" + t + "_fts) VALUES ('rebuild');\n";
        }
    }
    // A device that skipped changes for tables and fields it did not know pulls everything again; the
    // merge makes the repeats no-ops. Its own unsent edits (the change log) are untouched.
    if (!sql.empty()) sql += "DELETE FROM meta WHERE key = 'sync.cursor';\n";
    return sql;
}

}  // namespace crm::domain
