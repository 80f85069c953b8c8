#pragma once
// The one repository for every entity. Every write normalizes and validates through the descriptor
// (field.hpp: the same checks the merge applies), writes the row and logs one change per changed field,
// in a single transaction (a savepoint inside a caller's batch).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/change_log.hpp"
#include "core/util/result.hpp"
#include "core/util/uuid.hpp"

namespace crm::domain {

// Where a keyset page ends: the sort key's value and the rowid of the last row returned.
struct PageKey {
    nlohmann::json value;
    std::int64_t rowid = 0;
};

struct ListQuery {
    std::string search;      // words; each must prefix-match a word of a searchable field
    std::string sort_field;  // a sortable field; empty: the entity's default_sort
    bool descending = false;
    // Equality filters: field -> value (enum key, reference id, owner text, integer as text).
    std::vector<std::pair<std::string, std::string>> equals;
    std::optional<PageKey> after;  // keyset paging: rows after this key (then `offset` is ignored)
    int offset = 0;
    int limit = 100;          // clamped to limits::kMaxPageSize
    bool count_total = true;  // false: Page::total is -1
};

struct Page {
    std::vector<Record> rows;
    std::int64_t total = 0;       // rows matching the query, all pages
    std::optional<PageKey> next;  // the key to pass as `after` for the following page; none at the end
};

// A list query prepared but not yet run, for ListScan (list_scan.hpp) to step a slice at a time.
struct PreparedList {
    std::optional<storage::Statement> page;   // the page's rows in order, one per step (Repository::read_row)
    std::optional<storage::Statement> count;  // one row per matching record (query.count_total), else none
};

// Validation errors of a record, field by field in descriptor order, then the entity's own rule.
std::vector<Error> validate_record(const Record& record);
void normalize_record(Record& record);

// Which fields an update writes: those the form edits, or also those only core's rules write (a deal's
// status and dates, written by pipeline.hpp's move_deal together with its history row).
enum class WriteScope { Editable, Rules };

// Result of reading a record's state regardless of its tombstone.
enum class RowState { Missing, Live, Deleted };

class Repository {
  public:
    // `registry` resolves references (the target's table and title) and must hold `entity`.
    Repository(const Registry& registry, const EntityDesc& entity, storage::Database& db,
               sync::ChangeLog& log, UuidGenerator& ids);

    const EntityDesc& entity() const { return entity_; }
    // Rows written through the connection since it opened: lets a reader kept open notice writes.
    std::int64_t total_changes() const { return db_.total_changes(); }

    // `draft.id` is ignored and assigned; created_at is set from the clock.
    Result<Record> create(Record draft);
    // Writes the editable fields of `edited` that differ from the stored record (Rules: every replicated
    // field but created_at and the tombstone).
    Result<Record> update(const Record& edited, WriteScope scope = WriteScope::Editable);
    Status remove(const std::string& id);   // tombstone: deleted = 1
    Status restore(const std::string& id);  // undo of remove: deleted = 0
    Result<Record> get(const std::string& id);
    Result<Page> list(const ListQuery& query);
    // The page and count statements of `query`, bound and not yet stepped.
    Result<PreparedList> prepare_list(const ListQuery& query);
    // The record at the current row of a PreparedList's page statement.
    Record read_row(const storage::Statement& page_row) const;
    // Distinct non-empty values of a text, enum or reference field among live records, sorted.
    std::vector<std::string> distinct(std::string_view field);
    Result<RowState> state(const std::string& id);

  private:
    struct ListSql;
    Result<ListSql> list_sql(const ListQuery& query) const;
    Result<storage::Statement> page_statement(const ListQuery& query, ListSql& sql);

    // Local-write checks the merge does not make: references point at live records, user-defined enum
    // values are live options of their list. `before`: the stored record (update), to re-check only what
    // changed.
    Status check_links(const Record& record, const Record* before);
    // A field_history row per tracked field whose value an update changes, in the caller's transaction.
    // A new record writes none: its created_at is when it entered its first value (a row per created
    // customer would double what a device holds and syncs).
    Status track(const Record& after, const Record& before, std::int64_t at_ms);

    const Registry& registry_;
    const EntityDesc& entity_;
    storage::Database& db_;
    sync::ChangeLog& log_;
    UuidGenerator& ids_;
};

}  // namespace crm::domain
