#include "core/domain/row_io.hpp"

#include <cassert>

#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"

namespace crm::domain {

Status ensure_row(storage::Database& db, const EntityDesc& entity, std::string_view id) {
    auto stmt = db.cached("INSERT OR IGNORE INTO " + std::string(entity.table) + "(id) VALUES(?1)");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, id);
    return (*stmt)->run();
}

Status write_fields(storage::Database& db, const EntityDesc& entity, std::string_view id,
                    const FieldValues& fields, std::int64_t changed_ms) {
    std::string sql = "UPDATE " + std::string(entity.table) + " SET ";
    int index = 1;
    std::vector<std::pair<const FieldDesc*, const nlohmann::json*>> bound;
    bound.reserve(fields.size());
    for (const auto& [name, value] : fields) {
        const FieldDesc* def = entity.find(name);
        assert(def != nullptr && def->replicated && "write_fields: field must be a replicated column");
        for (const Column& c : columns_of(*def)) sql += c.name + " = ?" + std::to_string(index++) + ", ";
        if (!def->digits_column.empty())
            sql += std::string(def->digits_column) + " = ?" + std::to_string(index++) + ", ";
        bound.emplace_back(def, &value);
    }
    sql += "updated_at = max(updated_at, ?" + std::to_string(index) + ") WHERE id = ?" +
           std::to_string(index + 1);

    auto cached = db.cached(sql);
    if (!cached) return cached.error();
    storage::Statement* stmt = *cached;
    index = 1;
    for (const auto& [def, value] : bound) {
        index = bind_value(*stmt, index, *def, *value);
        if (!def->digits_column.empty()) stmt->bind(index++, phone_search_digits(*value));
    }
    stmt->bind(index++, changed_ms);
    stmt->bind(index, id);
    return stmt->run();
}

Result<std::int64_t> insert_row(storage::Database& db, const EntityDesc& entity, std::string_view id,
                                const FieldValues& fields, std::int64_t changed_ms, const RowSync* sync) {
    std::string columns = "id";
    std::string params = "?1";
    int index = 2;
    std::vector<std::pair<const FieldDesc*, const nlohmann::json*>> bound;
    bound.reserve(fields.size());
    auto add = [&](const std::string& column) {
        columns += ", " + column;
        params += ", ?" + std::to_string(index++);
    };
    for (const auto& [name, value] : fields) {
        const FieldDesc* def = entity.find(name);
        assert(def != nullptr && def->replicated && "insert_row: field must be a replicated column");
        for (const Column& c : columns_of(*def)) add(c.name);
        if (!def->digits_column.empty()) add(std::string(def->digits_column));
        bound.emplace_back(def, &value);
    }
    add(std::string(kUpdatedAtField));
    if (sync != nullptr) {
        add("sync_hlc");
        add("sync_site");
        add("sync_seq");
    }
    auto cached =
        db.cached("INSERT INTO " + std::string(entity.table) + "(" + columns + ") VALUES (" + params + ")");
    if (!cached) return cached.error();
    storage::Statement* stmt = *cached;
    stmt->bind(1, id);
    index = 2;
    for (const auto& [def, value] : bound) {
        index = bind_value(*stmt, index, *def, *value);
        if (!def->digits_column.empty()) stmt->bind(index++, phone_search_digits(*value));
    }
    stmt->bind(index, changed_ms);
    if (sync != nullptr)
        stmt->bind(index + 1, sync->hlc).bind(index + 2, sync->site).bind(index + 3, sync->seq);
    CRM_TRY(stmt->run());
    return db.last_insert_rowid();
}

Result<RowState> row_state(storage::Database& db, const EntityDesc& entity, std::string_view id) {
    auto cached = db.cached("SELECT deleted FROM " + std::string(entity.table) + " WHERE id = ?1");
    if (!cached) return cached.error();
    storage::Statement& stmt = **cached;
    stmt.bind(1, id);
    auto row = stmt.step();
    if (!row) return row.error();
    const RowState state = !*row                     ? RowState::Missing
                           : stmt.column_int(0) != 0 ? RowState::Deleted
                                                     : RowState::Live;
    (void)stmt.reset();
    return state;
}

std::string build_match_expression(std::string_view search) {
    if (search.size() > limits::kMaxSearchBytes) {
        std::size_t cut = limits::kMaxSearchBytes;
        // Do not split a UTF-8 sequence: back off over continuation bytes.
        while (cut > 0 && (static_cast<unsigned char>(search[cut]) & 0xC0) == 0x80) --cut;
        search = search.substr(0, cut);
    }
    std::string expr;
    int terms = 0;
    for (const auto& word : text::split_words(search)) {
        if (terms == limits::kMaxSearchTerms) break;
        // A word without letters or digits has no tokens; FTS5 would treat it as an empty phrase.
        bool has_token = false;
        for (unsigned char c : word)
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
                has_token = true;
        if (!has_token) continue;
        std::string quoted = "\"";
        for (char c : word) {
            if (c == '"')
                quoted += "\"\"";
            else
                quoted.push_back(c);
        }
        quoted += "\"*";
        if (!expr.empty()) expr += " AND ";
        expr += quoted;
        ++terms;
    }
    return expr;
}

std::string search_table(const EntityDesc& entity) {
    return std::string(entity.table) + "_fts";
}

bool has_search(const EntityDesc& entity) {
    for (const auto& f : entity.fields)
        if (f.searchable) return true;
    return false;
}

}  // namespace crm::domain
