#include "core/sync/compact_migration.hpp"

#include <string>
#include <vector>

#include "core/domain/ddl.hpp"
#include "core/domain/entity.hpp"
#include "core/domain/row_io.hpp"

namespace crm::sync {

namespace {

Result<bool> exists(storage::Database& db, const std::string& sql, const std::string& arg) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    stmt->bind(1, arg);
    auto row = stmt->step();
    if (!row) return row.error();
    return *row;
}

Result<bool> has_column(storage::Database& db, const std::string& table, const std::string& column) {
    return exists(db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = '" + column + "'", table);
}

// The table's columns that hold field values or derived search text, in descriptor order.
std::string data_columns(const domain::EntityDesc& e) {
    std::string cols = "id";
    for (const auto& f : e.fields) {
        for (const auto& c : domain::columns_of(f)) cols += ", " + c.name;
        if (!f.digits_column.empty()) cols += ", " + std::string(f.digits_column);
    }
    return cols;
}

// Rebuilds a table of schema 1/2 (implicit rowid) in the v3 form: an explicit rid keeps each row's rowid,
// so nothing that refers to rows changes; the search index is built again by the insert triggers.
Status rebuild(storage::Database& db, const domain::EntityDesc& e) {
    const std::string t(e.table);
    const std::string old = t + "_v2";
    CRM_TRY(db.exec("DROP TRIGGER IF EXISTS " + t + "_fts_ai; DROP TRIGGER IF EXISTS " + t +
                    "_fts_ad; DROP TRIGGER IF EXISTS " + t + "_fts_au; DROP TABLE IF EXISTS " + t + "_fts;"));
    CRM_TRY(db.exec("ALTER TABLE " + t + " RENAME TO " + old));
    // Its indexes keep their names (t_by_name, ...), which the new table's indexes take.
    std::vector<std::string> indexes;
    auto list = db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL");
    if (!list) return list.error();
    list->bind(1, old);
    while (true) {
        auto row = list->step();
        if (!row) return row.error();
        if (!*row) break;
        indexes.push_back(list->column_text(0));
    }
    for (const auto& i : indexes) CRM_TRY(db.exec("DROP INDEX " + i));
    CRM_TRY(db.exec(domain::create_table_sql(e)));
    const std::string cols = data_columns(e);
    CRM_TRY(db.exec("INSERT INTO " + t + "(rid, " + cols + ") SELECT rowid, " + cols + " FROM " + old));
    return db.exec("DROP TABLE " + old);
}

}  // namespace

Status migrate_to_compact(storage::Database& db) {
    constexpr int kCompactSchema = 3;  // the version this migration makes
    const domain::Registry& registry = domain::Registry::app();
    CRM_TRY(db.exec(domain::sync_tables_sql()));
    for (const auto& e : registry.entities()) {
        CRM_TRY(db.exec("INSERT OR IGNORE INTO sync_names(name) VALUES ('" + std::string(e.table) + "')"));
        for (const auto& f : e.fields)
            CRM_TRY(db.exec("INSERT OR IGNORE INTO sync_names(name) VALUES ('" + std::string(e.table) + "." +
                            std::string(f.name) + "')"));
        auto table = exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
                            std::string(e.table));
        if (!table) return table.error();
        if (!*table) continue;
        auto compact = has_column(db, std::string(e.table), "rid");
        if (!compact) return compact.error();
        if (!*compact) CRM_TRY(rebuild(db, domain::as_of(e, kCompactSchema)));
    }

    auto log = exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", "changes");
    if (!log) return log.error();
    if (!*log) return {};
    // Each field's winner, by the merge order (hlc, device); ties on hlc are broken by device as the merge
    // does.
    CRM_TRY(
        db.exec("INSERT OR IGNORE INTO sync_sites(uuid) SELECT DISTINCT device FROM changes;\n"
                "CREATE TEMP TABLE winners AS SELECT tbl, row_id, field, hlc, device, seq FROM (SELECT *, "
                "row_number() OVER "
                "(PARTITION BY tbl, row_id, field ORDER BY hlc DESC, device DESC) AS rn FROM changes) WHERE "
                "rn = 1;\n"));
    const std::string own = "(SELECT value FROM meta WHERE key = 'device_id')";
    const std::string pushed =
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'sync.pushed_upto'), 0)";
    for (const auto& e : registry.entities()) {
        if (e.since_schema > kCompactSchema) continue;  // its table comes later, born compact
        const std::string t(e.table);
        const std::string tid = "(SELECT id FROM sync_names WHERE name = '" + t + "')";
        const std::string joins =
            " FROM winners w JOIN " + t + " r ON r.id = w.row_id JOIN sync_names f ON f.name = '" + t +
            ".' || w.field JOIN sync_sites s ON s.uuid = w.device WHERE w.tbl = '" + t + "'";
        CRM_TRY(db.exec(
            "INSERT OR REPLACE INTO sync_clocks(tbl, row, field, hlc, site) SELECT " + tid +
            ", r.rid, f.id, w.hlc, s.id" + joins +
            ";\n"
            // The base of a row is its creation's clock; fields written with it need no override.
            "UPDATE " +
            t +
            " SET sync_hlc = c.hlc, sync_site = c.site FROM (SELECT row, hlc, site FROM "
            "sync_clocks WHERE tbl = " +
            tid + " AND field = (SELECT id FROM sync_names WHERE name = '" + t +
            ".created_at')) AS c WHERE " + t +
            ".rid = c.row;\n"
            "DELETE FROM sync_clocks WHERE tbl = " +
            tid + " AND EXISTS (SELECT 1 FROM " + t +
            " r WHERE r.rid = sync_clocks.row AND r.sync_hlc = sync_clocks.hlc AND r.sync_site = "
            "sync_clocks.site);\n"
            // The server's cursor stays meaningful: a row's sequence is its newest change's.
            "UPDATE " +
            t +
            " SET sync_seq = m.seq FROM (SELECT row_id, max(seq) AS seq FROM changes "
            "WHERE tbl = '" +
            t + "' GROUP BY row_id) AS m WHERE " + t +
            ".id = m.row_id;\n"
            // This device's edits the server has not acknowledged, unless an edit from elsewhere won.
            "INSERT OR IGNORE INTO sync_outbox(tbl, row, field) SELECT " +
            tid + ", r.rid, f.id" + joins + " AND w.device = " + own + " AND w.seq > " + pushed + ";\n"));
    }
    return db.exec(
        "INSERT OR REPLACE INTO meta(key, value) SELECT 'clock.last', CAST(max(hlc) AS TEXT) FROM changes "
        "HAVING count(*) > 0;\n"
        "DROP TABLE winners;\nDROP TABLE changes;\nDELETE FROM meta WHERE key = 'sync.pushed_upto';\n");
}

}  // namespace crm::sync
