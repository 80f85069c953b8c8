#pragma once
// Applies received changes with the per-field last-writer-wins rule: a change is applied when its
// (hlc, device) is larger than the field's current winner; the same result on every replica whatever
// the order, duplication or replay of deliveries. Applied changes are appended to the local log.
#include <vector>

#include "core/storage/sqlite.hpp"
#include "core/sync/change_log.hpp"

namespace crm::sync {

struct MergeOutcome {
    int applied = 0;     // changed a field
    int superseded = 0;  // older than what we have (or a duplicate): ignored
    std::vector<std::pair<Change, Error>> rejected;  // unknown table/field, bad value type
};

// Runs in one transaction.
Result<MergeOutcome> apply_remote(storage::Database& db, ChangeLog& log, const std::vector<Change>& changes);

}  // namespace crm::sync
