// The IDBFS peer: SQLite on Emscripten's MEMFS file, persisted with IDBFS (FS.syncfs after every commit, as
// IDBFS apps do). JS (bench/web/bench.js) mounts /idb, calls these, and times FS.syncfs.
#include <emscripten/emscripten.h>

#include "bench/workload.hpp"

namespace {
sqlite3* g_db = nullptr;
}

extern "C" {

EMSCRIPTEN_KEEPALIVE int peer_open(const char* path) {
    g_db = crm::bench::open_database(path, nullptr);
    return g_db != nullptr;
}
EMSCRIPTEN_KEEPALIVE void peer_close() {
    sqlite3_close(g_db);
    g_db = nullptr;
}
EMSCRIPTEN_KEEPALIVE int peer_fill_to_bytes(double bytes) {
    return crm::bench::fill_to_bytes(g_db, static_cast<long long>(bytes));
}
EMSCRIPTEN_KEEPALIVE int peer_update_one_blob_row(int seed) { return crm::bench::update_one_blob_row(g_db, seed); }
EMSCRIPTEN_KEEPALIVE int peer_insert_contacts(int count) { return crm::bench::insert_contacts(g_db, count); }
EMSCRIPTEN_KEEPALIVE int peer_update_one_contact(int index, int count) {
    return crm::bench::update_one_contact(g_db, index, count);
}
EMSCRIPTEN_KEEPALIVE double peer_database_bytes() { return static_cast<double>(crm::bench::database_bytes(g_db)); }
}
