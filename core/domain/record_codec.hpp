#pragma once
// Shared plumbing of the record tables for the repositories and the merge: field values as JSON (the
// change-log form), writing them into a row, and the pieces of list queries (search, ordering).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/schema.hpp"
#include "core/storage/sqlite.hpp"

namespace crm::domain {

// (field name, change-log value) pairs, in schema order.
using FieldValues = std::vector<std::pair<std::string, nlohmann::json>>;

nlohmann::json list_to_json(const std::vector<std::string>& values);
// Reads a TextList column; anything that is not a JSON array of strings reads as empty.
std::vector<std::string> list_from_text(const std::string& json_text);

// Whether `value` has the JSON shape the field's type stores; `why` says what was expected.
bool value_fits(const FieldDef& field, const nlohmann::json& value, std::string& why);

// The searchable digits of phone numbers: each number's digits, and for 11-digit Russian numbers also
// the forms with 7, 8 and no trunk prefix, so "8916…", "7916…" and "916…" all prefix-match.
std::string phone_search_digits(const std::vector<std::string>& phones);

// Creates an empty row (schema defaults) when `id` does not exist yet.
Status ensure_row(storage::Database& db, const TableDef& table, std::string_view id);
// Writes the fields into the row, raises updated_at to at least `changed_ms`, and keeps the derived
// search columns in step.
Status write_fields(storage::Database& db, const TableDef& table, std::string_view id, const FieldValues& fields,
                    std::int64_t changed_ms);

// The FTS5 MATCH expression for user input: each word quoted (so operators and punctuation are plain
// text) with a prefix star, ANDed. Empty when the input has no searchable word.
std::string build_match_expression(std::string_view search);
// "ORDER BY …" for a sortable field of `table` (rows aliased as `alias`), or an Invalid error.
Result<std::string> order_by_clause(const TableDef& table, std::string_view field, bool descending,
                                    std::string_view alias);

// Live rows of a list query: `where` is its WHERE clause over `table` aliased `alias`, binding `params` as
// ?1, ?2, ... A query whose only condition beyond deleted = 0 is the search `match` (bound as ?1) is counted
// from the search index instead: its matches minus the deleted ones, which skips checking every live row.
Result<std::int64_t> count_live_rows(storage::Database& db, const TableDef& table, std::string_view alias,
                                     const std::string& where, const std::vector<std::string>& params,
                                     bool search_only);

// Result of reading a record's state regardless of its tombstone.
enum class RowState { Missing, Live, Deleted };
Result<RowState> row_state(storage::Database& db, const TableDef& table, std::string_view id);

}  // namespace crm::domain
