#pragma once
// The write paths the two repositories share: create, update by field diff, tombstone. Each runs in one
// transaction (a savepoint inside a caller's batch) that writes the row and its change-log entries.
#include <functional>
#include <string>
#include <vector>

#include "core/domain/record_codec.hpp"
#include "core/sync/change_log.hpp"

namespace crm::domain {

// First validation error, if any (the UI shows one message at a time next to the field).
Status first_error(const std::vector<Error>& errors);

// Inserts row `id` with `fields` plus created_at and deleted = 0, logging every field with one HLC.
// `precheck` runs inside the transaction before the write (e.g. the referenced company exists).
Status create_record(storage::Database& db, sync::ChangeLog& log, const TableDef& table, const std::string& id,
                     FieldValues fields, sync::Hlc hlc, const std::function<Status()>& precheck);

// Writes and logs the fields of `after` that differ from `before` (the live row). Returns whether
// anything changed. NotFound when the row is missing or deleted.
Result<bool> update_record(storage::Database& db, sync::ChangeLog& log, const TableDef& table,
                           const std::string& id, const std::function<Result<FieldValues>()>& read_current,
                           const FieldValues& after, const std::function<Status()>& precheck);

// Sets the tombstone. Removing a missing/deleted row or restoring a missing one is NotFound;
// restoring a live row is a no-op.
Status set_deleted(storage::Database& db, sync::ChangeLog& log, const TableDef& table, const std::string& id,
                   bool deleted);

}  // namespace crm::domain
