#pragma once
// The conflict journal (schema v4): a local, never synced table of this device's values that lost.
// A conflict is a received change that beats a field value this device wrote and the server had not yet
// taken (it was in the outbox, or in flight): the merge drops the queued edit, and the journal keeps the
// rep's value first, so nothing is overwritten silently. A colleague's later edit of a value this device had
// already synced is the normal course of things and no conflict. A received deletion of a record this
// device has unsent edits of is a conflict of kind Deleted, whose "restore" brings the record back with
// the rep's values. Resolving (apply mine again, restore) is a new local edit through the repository, so it
// is in the outbox and syncs like any other; any local write of a conflicted field settles it too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/entity.hpp"
#include "core/domain/repository.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/change.hpp"
#include "core/sync/change_log.hpp"

namespace crm::sync {

enum class ConflictKind {
    Field = 0,    // a value of this device lost to a received one
    Deleted = 1,  // the record was deleted elsewhere while this device had unsent edits of it
};

struct Conflict {
    std::int64_t id = 0;
    ConflictKind kind = ConflictKind::Field;
    std::string table;
    std::string row_id;
    std::string field;      // Deleted: "deleted"
    nlohmann::json mine;    // Field: the rep's value; Deleted: {field: value} of the unsent edits
    Hlc mine_hlc;           // the newest of those writes
    nlohmann::json theirs;  // the winning value
    Hlc theirs_hlc;
    std::string theirs_device;     // who: the writing device (no user accounts yet)
    std::int64_t detected_at = 0;  // Unix ms, this device's corrected clock
};

// The journal table's DDL (schema v4's migration).
std::string conflict_journal_sql();

class ConflictJournal {
  public:
    ConflictJournal(storage::Database& db, ChangeLog& log) : db_(db), log_(log) {}

    // Called by the merge for a received change that won, before its value is written (the row still holds
    // this device's value). Journals the loss when the field (Deleted: any field of the row) waits in the
    // outbox and the values differ.
    Status before_win(const domain::EntityDesc& entity, const Change& winner);

    // Open conflicts of one record, by field; of every record (newest first, at most `limit`); how many.
    Result<std::vector<Conflict>> of_record(std::string_view table, std::string_view row_id);
    Result<std::vector<Conflict>> all(int limit);
    Result<std::int64_t> count();
    Result<std::optional<Conflict>> get(std::int64_t id);

    // "Dismiss": the winning value stays, the entry goes.
    Status dismiss(std::int64_t id);
    // "Apply mine again" (Field) or "Restore" (Deleted): writes the rep's values through `records` (the
    // entity's repository) as new local edits, then removes the entry; one transaction.
    Status reapply(domain::Repository& records, std::int64_t id);

  private:
    Status put(const Conflict& c);

    storage::Database& db_;
    ChangeLog& log_;
};

}  // namespace crm::sync
