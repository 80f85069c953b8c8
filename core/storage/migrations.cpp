#include "core/storage/migrations.hpp"

#include <sqlite3.h>

#include <cassert>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/ddl.hpp"
#include "core/domain/entity.hpp"
#include "core/domain/journey.hpp"
#include "core/storage/search_tokenizer.hpp"
#include "core/sync/compact_migration.hpp"
#include "core/sync/conflicts.hpp"
#include "core/util/text.hpp"

namespace crm::storage {

namespace {

int fold_collation(void*, int na, const void* a, int nb, const void* b) {
    return text::compare_folded(std::string_view(static_cast<const char*>(a), static_cast<std::size_t>(na)),
                                std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(nb)));
}

// One record table's columns. `extra` adds the table's own columns.
std::string record_table(const char* name, const char* extra) {
    return std::string("CREATE TABLE ") + name +
           " (\n"
           "  id TEXT PRIMARY KEY NOT NULL,\n"
           "  name TEXT NOT NULL DEFAULT '',\n" +
           extra +
           "  phones TEXT NOT NULL DEFAULT '[]',\n"
           "  emails TEXT NOT NULL DEFAULT '[]',\n"
           "  address TEXT NOT NULL DEFAULT '',\n"
           "  notes TEXT NOT NULL DEFAULT '',\n"
           "  journey_stage TEXT NOT NULL DEFAULT 'awareness',\n"
           "  owner TEXT NOT NULL DEFAULT '',\n"
           "  created_at INTEGER NOT NULL DEFAULT 0,\n"
           "  updated_at INTEGER NOT NULL DEFAULT 0,\n"
           "  deleted INTEGER NOT NULL DEFAULT 0,\n"
           // Derived search copy of the phones' digits (with and without the country prefix), written
           // by the repositories and the merge, never replicated.
           "  phone_digits TEXT NOT NULL DEFAULT ''\n"
           ");\n";
}

// Every sortable column gets (deleted, column) so a page of live rows in that order is an index walk.
std::string sort_indexes(const std::string& table, const std::vector<std::string>& text_cols) {
    std::string sql;
    for (const auto& c : text_cols)
        sql += "CREATE INDEX " + table + "_by_" + c + " ON " + table + "(deleted, " + c +
               " COLLATE crm_fold);\n";
    sql += "CREATE INDEX " + table + "_by_stage ON " + table + "(deleted, " + kStageOrderExpr + ");\n";
    sql += "CREATE INDEX " + table + "_by_created_at ON " + table + "(deleted, created_at);\n";
    sql += "CREATE INDEX " + table + "_by_updated_at ON " + table + "(deleted, updated_at);\n";
    return sql;
}

// Schema v1 as it shipped: frozen, so a database made by that release migrates exactly (tests compare
// it against the descriptors).
std::string schema_v1() {
    std::string sql =
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);\n"
        "CREATE TABLE changes (\n"
        "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        "  tbl TEXT NOT NULL,\n"
        "  row_id TEXT NOT NULL,\n"
        "  field TEXT NOT NULL,\n"
        "  value TEXT NOT NULL,\n"
        "  hlc INTEGER NOT NULL,\n"
        "  device TEXT NOT NULL,\n"
        "  UNIQUE (device, hlc, tbl, row_id, field)\n"  // a replayed change is recognised and ignored
        ");\n"
        // The merge asks for a field's newest (hlc, device) on every received change.
        "CREATE INDEX changes_by_field ON changes(tbl, row_id, field, hlc DESC, device DESC);\n";
    sql += record_table("companies", "");
    sql += record_table("contacts", "  company_id TEXT,\n  position TEXT NOT NULL DEFAULT '',\n");
    sql += "CREATE INDEX contacts_by_company ON contacts(company_id, deleted);\n";
    sql += sort_indexes("companies", {"name", "address", "owner"});
    sql += sort_indexes("contacts", {"name", "position", "address", "owner"});
    sql += domain::search_index_sql("companies", {"name", "emails", "phones", "phone_digits", "address"},
                                    "rowid");
    sql += domain::search_index_sql(
        "contacts", {"name", "emails", "phones", "phone_digits", "position", "address"}, "rowid");
    return sql;
}

struct Migration {
    int version;
    std::string (*sql)();
    Status (*run)(Database&) = nullptr;  // for a migration that must look at the data
};

// From v2 on, each migration is generated from the descriptors (domain/ddl.cpp).
std::string schema_v2() {
    return domain::migration_sql(domain::Registry::app(), 2);
}

// v4 adds the local conflict journal only: no entity or field changes, so the pull cursor stays.
std::string schema_v4() {
    return sync::conflict_journal_sql();
}

// v5 adds the sales pipeline's entities (domain/pipeline_entities.cpp), generated like v2.
std::string schema_v5() {
    return domain::migration_sql(domain::Registry::app(), 5);
}

// v6 adds a rep's day (domain/activity_entities.cpp: activities, field history) and customers' locations,
// and makes the journey the team's option list (domain/journey.hpp: six default options, old keys mapped).
std::string schema_v6() {
    return domain::migration_sql(domain::Registry::app(), 6) + domain::journey_migration_sql();
}

// v7 keeps only the sort indexes the lists use (domain::needs_sort_index); no entity or field changes,
// so the pull cursor stays.
std::string schema_v7() {
    return domain::unused_sort_indexes_sql(domain::Registry::app());
}

// v8 adds team accounts (domain/account_entities.cpp: teams, users) and records' owner_id (a user); the
// free-text owner stays as it was, no longer a list column, so its sort indexes go.
std::string schema_v8() {
    return domain::migration_sql(domain::Registry::app(), 8) +
           domain::unused_sort_indexes_sql(domain::Registry::app());
}

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> list{
        {1, schema_v1}, {2, schema_v2}, {3, nullptr, sync::migrate_to_compact},
        {4, schema_v4}, {5, schema_v5}, {6, schema_v6},
        {7, schema_v7}, {8, schema_v8}};
    static_assert(kSchemaVersion == 8, "a new schema version needs its migration listed here");
    return list;
}

}  // namespace

Status register_functions(Database& db) {
    const int rc =
        sqlite3_create_collation_v2(db.handle(), "crm_fold", SQLITE_UTF8, nullptr, fold_collation, nullptr);
    if (rc != SQLITE_OK) return db.last_error("register collation crm_fold");
    return register_search_tokenizer(db);
}

Result<int> schema_version(Database& db) {
    auto stmt = db.prepare("PRAGMA user_version");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    return *row ? static_cast<int>(stmt->column_int(0)) : 0;
}

Status migrate(Database& db) {
    return migrate(db, kSchemaVersion);
}

Status migrate(Database& db, int target) {
    assert(target >= 1 && target <= kSchemaVersion && "migrate: target must be a known schema version");
    CRM_TRY(register_functions(db));
    auto current = schema_version(db);
    if (!current) return current.error();
    if (*current > kSchemaVersion) {
        return make_error(ErrorCode::Unsupported, "the database has schema version " +
                                                      std::to_string(*current) + ", newer than this app's " +
                                                      std::to_string(kSchemaVersion) + ": upgrade the app");
    }
    // A new database takes every migration in one transaction: one commit (in the page, one saved batch)
    // instead of one per version on a new device's start path. An existing one commits each step, so a
    // failure keeps the versions already reached.
    std::optional<Transaction> whole;
    if (*current == 0) {
        auto tx = Transaction::begin(db);
        if (!tx) return tx.error();
        whole.emplace(std::move(tx).value());
    }
    for (const auto& m : migrations()) {
        if (m.version <= *current || m.version > target) continue;
        auto tx = Transaction::begin(db);  // inside `whole`: a savepoint
        if (!tx) return tx.error();
        Status applied = m.run != nullptr ? m.run(db) : db.exec(m.sql());
        if (!applied) {
            return make_error(applied.error().code,
                              "migration to v" + std::to_string(m.version) + ": " + applied.error().message);
        }
        // user_version lives in the database header, so it commits atomically with the migration.
        CRM_TRY(db.exec("PRAGMA user_version = " + std::to_string(m.version)));
        CRM_TRY(tx->commit());
    }
    if (whole) CRM_TRY(whole->commit());
    return {};
}

}  // namespace crm::storage
