#include "core/storage/sqlite.hpp"

#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "core/limits.hpp"

namespace crm::storage {

namespace {

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
    std::string message(context);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int code = rc & 0xFF;
    // A constraint failure is a conflict with existing data, not a broken database.
    const ErrorCode kind = code == SQLITE_CONSTRAINT ? ErrorCode::Conflict : ErrorCode::Storage;
    return make_error(kind, std::move(message));
}

}  // namespace

// --- Database ---------------------------------------------------------------------------------------

struct StatementCache {
    std::unordered_map<std::string, std::unique_ptr<Statement>> by_sql;
    // The statements of the generation before the last clear: a caller may still hold one while a call
    // it makes (a site or name lookup) fills the cache and clears it, so they live until the next clear.
    std::vector<std::unique_ptr<Statement>> retired;
};

Database::Database(sqlite3* db) : db_(db), cache_(std::make_unique<StatementCache>()) {}

Result<Database> Database::open(const std::string& path, const Options& options) {
    sqlite3* raw = nullptr;
    const int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_URI,
                                   options.vfs.empty() ? nullptr : options.vfs.c_str());
    if (rc != SQLITE_OK) {
        Error e = make_error(ErrorCode::Storage, "open " + path + ": " +
                                                     (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
        sqlite3_close(raw);
        return e;
    }
    sqlite3_extended_result_codes(raw, 1);
    Database db(raw);
    if (options.memory_journal) CRM_TRY(db.exec("PRAGMA journal_mode=MEMORY"));
    if (options.wal && !options.read_only)
        CRM_TRY(db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"));
    CRM_TRY(db.exec("PRAGMA cache_size=-" + std::to_string(options.cache_kib)));
    // Statement journals (every write inside a savepoint, every UPDATE a trigger may abort) and sorts in
    // memory: on files they were a temporary file each, and a first sync of 20,000 contacts made 1.2 million
    // small writes to them. They hold one transaction's undo data; nothing durable lives there.
    CRM_TRY(db.exec("PRAGMA temp_store=MEMORY"));
    return db;
}

Database::Database(Database&& other) noexcept : db_(other.db_), cache_(std::move(other.cache_)) {
    other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        cache_.reset();  // finalize before the connection closes
        sqlite3_close_v2(db_);
        db_ = other.db_;
        cache_ = std::move(other.cache_);
        other.db_ = nullptr;
    }
    return *this;
}

Database::~Database() {
    cache_.reset();
    sqlite3_close_v2(db_);
}

Result<Statement*> Database::cached(std::string_view sql) {
    assert(db_ != nullptr && cache_ && "cached on a moved-from Database");
    auto& slot = cache_->by_sql[std::string(sql)];
    if (!slot) {
        // Bounded: the SQL texts are built from a small set of shapes, but never let a caller grow it.
        if (cache_->by_sql.size() > limits::kMaxCachedStatements) {
            cache_->retired.clear();
            for (auto& [text, stmt] : cache_->by_sql)
                if (stmt) cache_->retired.push_back(std::move(stmt));
            cache_->by_sql.clear();
            return cached(sql);
        }
        auto stmt = prepare(sql);
        if (!stmt) {
            cache_->by_sql.erase(std::string(sql));
            return stmt.error();
        }
        slot = std::make_unique<Statement>(std::move(stmt).value());
    } else {
        (void)slot->reset();
    }
    return slot.get();
}

Status Database::exec(std::string_view sql) {
    assert(db_ != nullptr && "exec on a moved-from Database");
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        const ErrorCode kind = (rc & 0xFF) == SQLITE_CONSTRAINT ? ErrorCode::Conflict : ErrorCode::Storage;
        return make_error(kind, "exec: " + detail);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
    assert(db_ != nullptr && "prepare on a moved-from Database");
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, &tail);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc, "prepare");
    if (stmt == nullptr) return make_error(ErrorCode::Storage, "prepare: empty statement");
    return Statement(db_, stmt);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }
bool Database::in_transaction() const { return db_ != nullptr && sqlite3_get_autocommit(db_) == 0; }

Error Database::last_error(std::string_view context) const {
    return sqlite_error(db_, db_ != nullptr ? sqlite3_errcode(db_) : SQLITE_MISUSE, context);
}

std::int64_t Database::total_changes() const {
    return sqlite3_total_changes64(db_);
}

// --- Statement --------------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_error_(other.bind_error_) {
    other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        db_ = other.db_;
        stmt_ = other.stmt_;
        bind_error_ = other.bind_error_;
        other.stmt_ = nullptr;
    }
    return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies, so callers may pass temporaries.
    const int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK && bind_error_ == 0) bind_error_ = rc;
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Result<bool> Statement::step() {
    if (bind_error_ != 0) {
        const int rc = bind_error_;
        bind_error_ = 0;
        return make_error(ErrorCode::Storage, std::string("bind: ") + sqlite3_errstr(rc));
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return sqlite_error(db_, rc, "step");
}

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return row.error();
        if (!*row) return {};
    }
}

Status Statement::reset() {
    sqlite3_reset(stmt_);  // its return code repeats the last step's error, already reported
    sqlite3_clear_bindings(stmt_);
    bind_error_ = 0;
    return {};
}

bool Statement::read_only() const { return sqlite3_stmt_readonly(stmt_) != 0; }

int Statement::column_count() const { return sqlite3_column_count(stmt_); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
std::int64_t Statement::column_int(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::column_double(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::column_text(int col) const {
    const auto* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Statement::column_opt_text(int col) const {
    if (is_null(col)) return std::nullopt;
    return column_text(col);
}

// --- Transaction ------------------------------------------------------------------------------------

Result<Transaction> Transaction::begin(Database& db) {
    const bool nested = db.in_transaction();
    CRM_TRY(db.exec(nested ? "SAVEPOINT crm_nested" : "BEGIN IMMEDIATE"));
    return Transaction(&db, nested);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_), savepoint_(other.savepoint_) {
    other.db_ = nullptr;
}

Transaction::~Transaction() {
    if (db_ == nullptr) return;
    if (savepoint_) {
        // ROLLBACK TO keeps the savepoint open; RELEASE then removes it.
        (void)db_->exec("ROLLBACK TO crm_nested; RELEASE crm_nested");
    } else if (db_->in_transaction()) {
        (void)db_->exec("ROLLBACK");
    }
}

Status Transaction::commit() {
    assert(db_ != nullptr && "commit on a finished Transaction");
    Status s = db_->exec(savepoint_ ? "RELEASE crm_nested" : "COMMIT");
    if (s.ok()) db_ = nullptr;
    return s;
}

}  // namespace crm::storage
