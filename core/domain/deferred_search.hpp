#pragma once
// Writing many new rows into a table with a full-text index, with the index written once for all of them.
//
// Why: each INSERT into a searchable table runs in a statement savepoint (its trigger writes the FTS5 index),
// and FTS5 flushes its pending terms to a new segment at every savepoint. A received page of new records,
// one INSERT each, wrote one tiny segment per record and then merged them: a third of a first sync's time.
// While deferred, the table's insert trigger is dropped (inside the caller's transaction, so a rollback puts
// it back); finish() indexes every row inserted since in one INSERT ... SELECT and restores the trigger.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/storage/sqlite.hpp"

namespace crm::domain {

class DeferredSearch {
  public:
    explicit DeferredSearch(storage::Database& db) : db_(db) {}
    DeferredSearch(const DeferredSearch&) = delete;
    DeferredSearch& operator=(const DeferredSearch&) = delete;

    // Before inserting new rows into `entity`'s table: from now on its inserts are indexed by finish().
    // Nothing to do for an entity without search or one already deferred. The caller holds a transaction.
    Status defer(const EntityDesc& entity);
    // Whether row `id` of `table` was inserted while deferred (an update of it must wait for finish():
    // the update trigger removes the row's index entry, which does not exist yet).
    bool inserted(std::string_view table, std::string_view id) const;
    void note_insert(std::string_view table, std::string_view id);
    // Indexes the rows inserted while deferred and restores the triggers. Idempotent.
    Status finish();

  private:
    struct Table {
        const EntityDesc* entity;
        std::string trigger_sql;  // the insert trigger as stored, recreated verbatim
        std::int64_t max_rid;     // rows above it were inserted while deferred
    };
    storage::Database& db_;
    std::vector<Table> tables_;
    std::unordered_set<std::string> inserted_;  // "table\x1fid"
};

}  // namespace crm::domain
