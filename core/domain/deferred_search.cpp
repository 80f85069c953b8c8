#include "core/domain/deferred_search.hpp"

#include <algorithm>

#include "core/domain/ddl.hpp"
#include "core/domain/row_io.hpp"

namespace crm::domain {

namespace {

std::string key_of(std::string_view table, std::string_view id) {
    std::string key(table);
    key += '\x1f';
    key += id;
    return key;
}

Result<std::int64_t> single_int(storage::Database& db, const std::string& sql) {
    auto stmt = db.prepare(sql);
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    return *row ? stmt->column_int(0) : 0;
}

}  // namespace

Status DeferredSearch::defer(const EntityDesc& entity) {
    if (!has_search(entity)) return {};
    const bool known = std::any_of(tables_.begin(), tables_.end(),
                                   [&](const Table& t) { return t.entity->table == entity.table; });
    if (known) return {};
    const std::string table(entity.table);
    const std::string trigger = table + "_fts_ai";
    auto stmt = db_.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1");
    if (!stmt) return stmt.error();
    stmt->bind(1, trigger);
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) return make_error(ErrorCode::Storage, "no search trigger " + trigger);
    Table t{&entity, stmt->column_text(0), 0};
    auto max_rid = single_int(db_, "SELECT coalesce(max(rowid), 0) FROM " + table);
    if (!max_rid) return max_rid.error();
    t.max_rid = *max_rid;
    CRM_TRY(db_.exec("DROP TRIGGER " + trigger));
    tables_.push_back(std::move(t));
    return {};
}

bool DeferredSearch::inserted(std::string_view table, std::string_view id) const {
    return inserted_.count(key_of(table, id)) != 0;
}

void DeferredSearch::note_insert(std::string_view table, std::string_view id) {
    if (std::any_of(tables_.begin(), tables_.end(), [&](const Table& t) { return t.entity->table == table; }))
        inserted_.insert(key_of(table, id));
}

Status DeferredSearch::finish() {
    for (const Table& t : tables_) {
        const std::string table(t.entity->table);
        std::string cols;
        for (const auto& c : search_columns(*t.entity)) cols += ", " + c;
        // One statement: FTS5 keeps the terms in memory until the transaction's commit writes one segment.
        CRM_TRY(db_.exec("INSERT INTO " + search_table(*t.entity) + "(rowid" + cols + ") SELECT rowid" +
                         cols + " FROM " + table + " WHERE rowid > " + std::to_string(t.max_rid)));
        CRM_TRY(db_.exec(t.trigger_sql));
    }
    tables_.clear();
    inserted_.clear();
    return {};
}

}  // namespace crm::domain
