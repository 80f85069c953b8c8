#include "sync-server/admin_tools.hpp"

#include <sqlite3.h>
#include <filesystem>

#include "core/storage/migrations.hpp"
#include "core/storage/sqlite.hpp"

namespace crm::server {
namespace fs = std::filesystem;
namespace {

constexpr int kBusyTimeoutMs = 10'000;    // a running server's write transaction is waited for this long
constexpr int kBackupPagesPerStep = 256;  // between steps the server may write (1 MiB of 4 KiB pages)
constexpr int kBackupBusyPauseMs = 50;    // the source was locked: the step is tried again after this

Result<storage::Database> open_existing(const std::string& db_path) {
    std::error_code ec;
    if (!fs::is_regular_file(db_path, ec)) {
        return make_error(ErrorCode::NotFound, "no database at " + db_path + " (see --data-dir)");
    }
    auto db = storage::Database::open(db_path);
    if (!db) return db.error();
    CRM_TRY(db->exec("PRAGMA busy_timeout=" + std::to_string(kBusyTimeoutMs)));
    return db;
}

}  // namespace

Result<IntegrityReport> check_database(const std::string& db_path) {
    auto db = open_existing(db_path);
    if (!db) return db.error();
    // Indexes with COLLATE crm_fold and the search tables' tokenizer are checked only when they are known.
    CRM_TRY(storage::register_functions(db.value()));
    auto stmt = db->prepare("PRAGMA integrity_check");
    if (!stmt) return stmt.error();
    IntegrityReport report;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.error();
        if (!row.value()) break;
        if (!report.text.empty()) report.text += '\n';
        report.text += stmt->column_text(0);
    }
    report.ok = report.text == "ok";
    return report;
}

Status backup_database(const std::string& db_path, const std::string& dest) {
    std::error_code ec;
    if (fs::exists(dest, ec)) return make_error(ErrorCode::Conflict, dest + " exists; give a new file name");
    auto src = open_existing(db_path);
    if (!src) return src.error();
    const std::string partial = dest + ".partial";
    fs::remove(partial, ec);
    {
        auto out = storage::Database::open(partial);
        if (!out) return out.error();
        sqlite3_backup* backup = sqlite3_backup_init(out->handle(), "main", src->handle(), "main");
        if (backup == nullptr) return out->last_error("backup to " + partial);
        int rc = SQLITE_OK;
        do {
            rc = sqlite3_backup_step(backup, kBackupPagesPerStep);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(kBackupBusyPauseMs);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE) {
            Error e = make_error(ErrorCode::Storage, "backup to " + partial + ": " + sqlite3_errstr(rc));
            fs::remove(partial, ec);
            return e;
        }
        // The copy is a WAL database like its source: back to a rollback journal, so the backup is one
        // self-contained file (closing the connection then leaves no -wal beside it).
        CRM_TRY(out->exec("PRAGMA journal_mode=DELETE"));
    }
    fs::rename(partial, dest, ec);
    if (ec) return make_error(ErrorCode::Io, "rename " + partial + " to " + dest + ": " + ec.message());
    return {};
}

}  // namespace crm::server
