#pragma once
// Row-level plumbing shared by the repository and the merge: creating a row, writing field values into
// it (with the derived columns kept in step), reading a row's state, and the search expression.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/entity.hpp"
#include "core/storage/sqlite.hpp"

namespace crm::domain {

// (field name, change-log value) pairs.
using FieldValues = std::vector<std::pair<std::string, nlohmann::json>>;

// Creates an empty row (column defaults) when `id` does not exist yet.
Status ensure_row(storage::Database& db, const EntityDesc& entity, std::string_view id);
// Writes replicated fields into the row, raises updated_at to at least `changed_ms`, and keeps the
// derived search columns (phone digits) in step. Values must have passed validate_value.
Status write_fields(storage::Database& db, const EntityDesc& entity, std::string_view id,
                    const FieldValues& fields, std::int64_t changed_ms);

// The sync columns of a row (sync/change_log.hpp): its base clock (packed HLC, site) and its sequence.
struct RowSync {
    std::int64_t hlc = 0;
    int site = 0;
    std::int64_t seq = 0;
};

// A row that does not exist yet, written whole in one INSERT (the other columns take their defaults), with
// updated_at = `changed_ms` and, when given, its sync columns: a received new record costs one row write
// and one search-index insert instead of ensure_row + write_fields + a metadata update. Values must have
// passed validate_value. Returns the row's rid.
Result<std::int64_t> insert_row(storage::Database& db, const EntityDesc& entity, std::string_view id,
                                const FieldValues& fields, std::int64_t changed_ms,
                                const RowSync* sync = nullptr);

enum class RowState;
Result<RowState> row_state(storage::Database& db, const EntityDesc& entity, std::string_view id);

// The FTS5 MATCH expression for user input: each word quoted (so operators and punctuation are plain
// text) with a prefix star, ANDed. Empty when the input has no searchable word.
std::string build_match_expression(std::string_view search);

// The full-text index table of an entity ("<table>_fts"); only entities with searchable fields have one.
std::string search_table(const EntityDesc& entity);
bool has_search(const EntityDesc& entity);

}  // namespace crm::domain
