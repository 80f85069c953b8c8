#pragma once
// A small RAII layer over the SQLite C API. Errors come back as Result values with SQLite's message.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/limits.hpp"
#include "core/util/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace crm::storage {

class Statement;
struct StatementCache;

// Owns one connection. Movable, not copyable.
class Database {
public:
    struct Options {
        bool read_only = false;
        std::string vfs;  // empty: SQLite's default VFS (wasm/ passes its page store here)
        // The rollback journal in memory: the page store's durable unit is a whole commit's batch, so an
        // on-"disk" journal would only double the bytes written.
        bool memory_journal = false;
        // SQLite's page cache in KiB (its default is 2 MiB): a large first sync inserts into every index of
        // a table at random places, and a small cache spills and re-reads the same pages over and over.
        int cache_kib = limits::kPageCacheKiB;
        // Write-ahead log with synchronous=NORMAL (the server: a commit is an append, readers never wait
        // for the writer). Not for the page store, whose durable unit is a commit's batch of pages.
        bool wal = false;
    };

    static Result<Database> open(const std::string& path, const Options& options);
    static Result<Database> open(const std::string& path) { return open(path, Options{}); }
    static Result<Database> open_memory() { return open(":memory:"); }

    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Runs one or more statements without results (DDL, PRAGMA).
    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // A statement kept prepared on this connection for hot paths (one write logs ~10 changes). It comes
    // back reset with no bindings and stays valid while the Database lives. Not re-entrant: finish (or
    // reset()) one use before the same SQL is asked for again.
    Result<Statement*> cached(std::string_view sql);

    std::int64_t last_insert_rowid() const;
    int changes() const;  // rows changed by the last statement
    // Rows written through this connection since it opened: a cheap "did anything change" for caches.
    std::int64_t total_changes() const;
    sqlite3* handle() const { return db_; }
    bool in_transaction() const;

    Error last_error(std::string_view context) const;

private:
    explicit Database(sqlite3* db);
    sqlite3* db_ = nullptr;
    std::unique_ptr<StatementCache> cache_;
};

// A prepared statement. Bind indexes are 1-based (SQLite's convention); columns are 0-based.
class Statement {
public:
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind_null(int index);
    Statement& bind(int index, const std::optional<std::string>& text);

    // step(): true when a row is available, false when done, error on failure.
    Result<bool> step();
    // Runs to completion, ignoring rows (INSERT/UPDATE/DELETE).
    Status run();
    Status reset();  // also clears bindings

    int column_count() const;
    bool read_only() const;  // the statement does not write to the database
    bool is_null(int col) const;
    std::int64_t column_int(int col) const;
    double column_double(int col) const;
    std::string column_text(int col) const;
    std::optional<std::string> column_opt_text(int col) const;

private:
    friend class Database;
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
    int bind_error_ = 0;  // first bind failure, reported by step()
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit() succeeded.
// Inside an open transaction it nests as a SAVEPOINT instead, so a caller may batch many repository
// writes in one outer transaction while each write still rolls back alone on failure.
class Transaction {
public:
    static Result<Transaction> begin(Database& db);
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    ~Transaction();
    Status commit();

private:
    Transaction(Database* db, bool savepoint) : db_(db), savepoint_(savepoint) {}
    Database* db_ = nullptr;
    bool savepoint_ = false;
};

}  // namespace crm::storage
