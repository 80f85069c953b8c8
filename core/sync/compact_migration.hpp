#pragma once
// Schema v3: databases of schema 1 and 2 (a change-log row per field write, forever) move to the compact
// metadata of sync/change_log.hpp in place: each field's winning clock, a base clock per row, the unsent
// edits of this device in the outbox. Runs inside the migration's transaction.
#include "core/storage/sqlite.hpp"

namespace crm::sync {

Status migrate_to_compact(storage::Database& db);

}  // namespace crm::sync
