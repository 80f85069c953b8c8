#include "core/storage/meta.hpp"

namespace crm::storage {

Result<std::optional<std::string>> get_meta(Database& db, std::string_view key) {
    // Cached: the merge writes the clock once per received record.
    auto stmt = db.cached("SELECT value FROM meta WHERE key = ?1");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, key);
    auto row = (*stmt)->step();
    if (!row) return row.error();
    std::optional<std::string> value;
    if (*row) value = (*stmt)->column_text(0);
    (void)(*stmt)->reset();
    return value;
}

Status set_meta(Database& db, std::string_view key, std::string_view value) {
    auto stmt = db.cached(
        "INSERT INTO meta(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    (*stmt)->bind(1, key).bind(2, value);
    return (*stmt)->run();
}

}  // namespace crm::storage
