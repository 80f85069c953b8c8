#pragma once
// Applies received changes with the per-field last-writer-wins rule: a change is applied when its
// (hlc, device) is larger than the field's current winner; the same result on every replica whatever
// the order, duplication or replay of deliveries. Applied changes are appended to the local log.
#include <vector>

#include "core/storage/sqlite.hpp"
#include "core/sync/change_log.hpp"
#include "core/sync/conflicts.hpp"

namespace crm::sync {

struct RejectedEntry {
    std::size_t index = 0;  // into the changes given to apply_remote
    Change change;
    Error error;
};

struct MergeOutcome {
    int applied = 0;                            // changed a field
    int superseded = 0;                         // older than what we have (or a duplicate): ignored
    std::vector<std::size_t> superseded_older;  // indexes of those that lost to a different, newer write
    std::vector<RejectedEntry> rejected;  // unknown table/field, a value its field refuses, too far ahead
};

// Runs in one transaction. `max_ahead_ms` > 0 rejects changes stamped further ahead of this replica's
// clock (the server, for apps that do not send their time); 0 applies whatever arrives: a device applies
// everything the server accepted, so no replica ever skips a change. `journal`: where a device keeps the
// values of its own unsent edits that lose (conflicts.hpp); the server keeps none (it has no rep to ask).
Result<MergeOutcome> apply_remote(storage::Database& db, ChangeLog& log, const std::vector<Change>& changes,
                                  std::int64_t max_ahead_ms = 0, ConflictJournal* journal = nullptr);
// Whole records (protocol 2): one this replica does not hold yet is written in one go, its values checked
// like changes (a refused field is left out and reported by the record's index); one it holds is merged
// field by field. Runs in one transaction.
Result<MergeOutcome> apply_records(storage::Database& db, ChangeLog& log,
                                   const std::vector<RecordState>& records, ConflictJournal* journal = nullptr);

}  // namespace crm::sync
