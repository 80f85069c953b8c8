#include "bench/workload.hpp"

#include <cstdio>
#include <string>

namespace crm::bench {
namespace {

constexpr int kBlobRowBytes = 1024;
constexpr int kRowsPerFillTransaction = 1024;  // ~1 MiB per transaction while filling

bool prepare(sqlite3* db, const char* sql, sqlite3_stmt** stmt) {
    if (sqlite3_prepare_v2(db, sql, -1, stmt, nullptr) == SQLITE_OK) return true;
    std::fprintf(stderr, "bench: %s: %s\n", sql, sqlite3_errmsg(db));
    return false;
}

bool step_done(sqlite3* db, sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return true;
    std::fprintf(stderr, "bench: step: %s\n", sqlite3_errmsg(db));
    return false;
}

// A deterministic payload that does not compress to nothing.
std::string payload(long long seed, int bytes) {
    std::string s(static_cast<std::size_t>(bytes), ' ');
    unsigned long long x = static_cast<unsigned long long>(seed) * 6364136223846793005ULL + 1442695040888963407ULL;
    for (char& c : s) {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdULL;
        c = static_cast<char>('a' + (x >> 59) % 26);
    }
    return s;
}

}  // namespace

sqlite3* open_database(const char* path, const char* vfs) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs) != SQLITE_OK) {
        std::fprintf(stderr, "bench: open %s: %s\n", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return nullptr;
    }
    // The same settings for every variant: the page store needs an in-memory journal; IDBFS gains nothing from a
    // journal file either (it is synced as a whole file anyway).
    if (!exec(db, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-8192;"
                  "CREATE TABLE IF NOT EXISTS blob_rows(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"
                  "CREATE TABLE IF NOT EXISTS contacts(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                  " phone TEXT NOT NULL, email TEXT NOT NULL, updated INTEGER NOT NULL);"
                  "CREATE INDEX IF NOT EXISTS contacts_name ON contacts(name);")) {
        sqlite3_close(db);
        return nullptr;
    }
    return db;
}

bool exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK) return true;
    std::fprintf(stderr, "bench: %s\n", error ? error : "error");
    sqlite3_free(error);
    return false;
}

long long database_bytes(sqlite3* db) {
    sqlite3_stmt* stmt = nullptr;
    long long bytes = -1;
    if (prepare(db, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()", &stmt) &&
        sqlite3_step(stmt) == SQLITE_ROW) {
        bytes = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return bytes;
}

bool fill_to_bytes(sqlite3* db, long long target_bytes) {
    sqlite3_stmt* insert = nullptr;
    if (!prepare(db, "INSERT INTO blob_rows(body) VALUES (?1)", &insert)) return false;
    bool ok = true;
    long long seed = 0;
    while (ok && database_bytes(db) < target_bytes) {
        ok = exec(db, "BEGIN");
        for (int i = 0; ok && i < kRowsPerFillTransaction; ++i) {
            const std::string body = payload(++seed, kBlobRowBytes);
            sqlite3_bind_text(insert, 1, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
            ok = step_done(db, insert);
        }
        ok = ok && exec(db, "COMMIT");
    }
    sqlite3_finalize(insert);
    return ok;
}

bool update_one_blob_row(sqlite3* db, long long seed) {
    sqlite3_stmt* update = nullptr;
    if (!prepare(db, "UPDATE blob_rows SET body = ?1 WHERE id = (SELECT ?2 % max(id) + 1 FROM blob_rows)", &update))
        return false;
    const std::string body = payload(seed + 1'000'000, kBlobRowBytes);
    sqlite3_bind_text(update, 1, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, seed * 7919);
    const bool ok = step_done(db, update);
    sqlite3_finalize(update);
    return ok;
}

bool insert_contacts(sqlite3* db, int count) {
    sqlite3_stmt* insert = nullptr;
    if (!prepare(db, "INSERT INTO contacts(name, phone, email, updated) VALUES (?1, ?2, ?3, ?4)", &insert))
        return false;
    bool ok = exec(db, "BEGIN");
    for (int i = 0; ok && i < count; ++i) {
        const std::string name = "Контакт " + std::to_string(i) + " " + payload(i, 12);
        const std::string phone = "+7 (9" + std::to_string(10 + i % 90) + ") " + std::to_string(1000000 + i);
        const std::string email = "contact" + std::to_string(i) + "@example.ru";
        sqlite3_bind_text(insert, 1, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, phone.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, email.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert, 4, i);
        ok = step_done(db, insert);
    }
    ok = ok && exec(db, "COMMIT");
    sqlite3_finalize(insert);
    return ok;
}

bool update_one_contact(sqlite3* db, int index, int count) {
    sqlite3_stmt* update = nullptr;
    if (!prepare(db, "UPDATE contacts SET phone = ?1, updated = updated + 1 WHERE id = ?2", &update)) return false;
    const std::string phone = "+7 (999) " + std::to_string(2000000 + index);
    sqlite3_bind_text(update, 1, phone.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(update, 2, (index * 7919) % count + 1);
    const bool ok = step_done(db, update);
    sqlite3_finalize(update);
    return ok;
}

}  // namespace crm::bench
