#pragma once
// The benchmark's SQL workload, shared by every persistence variant built from C++ (our page store, Emscripten's
// IDBFS), so both run exactly the same statements on the same SQLite. The sql.js peer runs the same SQL text from
// JS (bench/web/bench.js). Plain tables on purpose: what is measured is persistence, not the CRM schema.
#include <sqlite3.h>

#include <string>

namespace crm::bench {

// Opens (creating) the database; `vfs` may be null for SQLite's default. Returns null and prints on failure.
sqlite3* open_database(const char* path, const char* vfs);

// Statements the workload runs; each returns false (and prints why) on an SQLite error.
bool exec(sqlite3* db, const char* sql);
// Grows table `blob_rows` with 1 KiB rows until the file reaches `target_bytes` (one transaction per MiB).
bool fill_to_bytes(sqlite3* db, long long target_bytes);
// One transaction changing one row of `blob_rows`.
bool update_one_blob_row(sqlite3* db, long long seed);
// `count` contacts in one transaction (the 10k-contacts scenario).
bool insert_contacts(sqlite3* db, int count);
// One transaction updating one contact's phone.
bool update_one_contact(sqlite3* db, int index, int count);
long long database_bytes(sqlite3* db);

}  // namespace crm::bench
