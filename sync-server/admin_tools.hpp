#pragma once
// Operator tools of crm-sync-server, run instead of serving: --check and --backup FILE. Both work while a
// server has the database open (SQLite's locking and WAL let them read beside it).
#include <string>

#include "core/util/result.hpp"

namespace crm::server {

struct IntegrityReport {
    bool ok = false;
    std::string text;  // PRAGMA integrity_check's rows, one a line ("ok" when intact)
};

// PRAGMA integrity_check with the app's collation and search tokenizer registered (the sqlite3 shell knows
// neither, so it cannot check this database). A missing database is ErrorCode::NotFound.
Result<IntegrityReport> check_database(const std::string& db_path);

// Copies the database to `dest` with SQLite's online backup API, a few pages at a time so a running
// server's writes are not held up; `dest` is written under a temporary name and renamed when complete. An
// existing `dest` is refused (ErrorCode::Conflict) rather than overwritten.
Status backup_database(const std::string& db_path, const std::string& dest);

}  // namespace crm::server
