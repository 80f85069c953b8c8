// Our page store as a benchmark peer: SQLite opened through crm::storage::PageStore's VFS with the app's
// pragmas, every commit's batch handed to JS (bench/web/bench.js), which saves it with web/page_store.js
// (CrmPageStore.write, the app's own IndexedDB code) and answers peer_ack / peer_fail. The workload is the
// one every C++ peer runs (bench/workload.cpp).
#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>

#include "bench/workload.hpp"
#include "core/limits.hpp"
#include "core/storage/page_store.hpp"

// Copies the batch's chunks out of wasm memory (they change once this returns), as the app's sink does
// (wasm/page_persistence.cpp); bench.js installs Module.onPagesBatch before opening.
EM_JS(void, bench_js_pages_write,
      (double seq, double size, int chunk_count, int chunk_size, const std::uint32_t* indexes, int n,
       const std::uint8_t* const* chunks, int patch_mode, const std::uint8_t* patch, int patch_bytes),
      {
          const index = HEAPU32.slice(indexes >> 2, (indexes >> 2) + n);
          const data = new Uint8Array(n * chunk_size);
          for (let k = 0; k < n; k++) {
              const at = HEAPU32[(chunks >> 2) + k];
              if (at) data.set(HEAPU8.subarray(at, at + chunk_size), k * chunk_size);
          }
          const record = !patch_mode ? undefined
                                     : patch_bytes > 0 ? HEAPU8.slice(patch, patch + patch_bytes).buffer : null;
          Module.onPagesBatch(seq, size, chunk_count, chunk_size, index, data, record);
      });

namespace {

// Names of our own: one page store per module instance, as in the app (which uses "crm-pages" / "crm.db").
constexpr const char* kVfsName = "crm-bench-pages";
constexpr const char* kFileName = "bench.db";

class JsSink final : public crm::storage::PageSink {
  public:
    void write(const crm::storage::PageBatch& batch) override {
        bench_js_pages_write(static_cast<double>(batch.seq), static_cast<double>(batch.size),
                             static_cast<int>(batch.chunk_count), static_cast<int>(batch.chunk_size),
                             batch.indexes.data(), static_cast<int>(batch.indexes.size()), batch.data.data(),
                             batch.compact ? 0 : 1, batch.patch.data(), static_cast<int>(batch.patch.size()));
    }
};

crm::storage::PageStore* g_store = nullptr;
JsSink g_sink;
sqlite3* g_db = nullptr;

}  // namespace

extern "C" {

// A fresh, empty page store (bench.js deletes the IndexedDB copy first); 0 on failure.
EMSCRIPTEN_KEEPALIVE int peer_open() {
    if (g_store == nullptr) {
        g_store = new crm::storage::PageStore(kVfsName, kFileName, crm::limits::kPageChunkBytes);
        g_store->set_sink(&g_sink);
    }
    g_db = crm::bench::open_database(kFileName, kVfsName);
    // The app's Database::Options::memory_journal sets journal_mode=MEMORY (the workload does too) and this.
    if (g_db != nullptr && !crm::bench::exec(g_db, "PRAGMA temp_store=MEMORY")) {
        sqlite3_close(g_db);
        g_db = nullptr;
    }
    return g_db != nullptr;
}
EMSCRIPTEN_KEEPALIVE void peer_close() {
    sqlite3_close(g_db);
    g_db = nullptr;
}
EMSCRIPTEN_KEEPALIVE void peer_ack(double seq) {
    g_store->ack(static_cast<std::uint64_t>(seq));
}
EMSCRIPTEN_KEEPALIVE void peer_fail(double seq, const char* message) {
    g_store->fail(static_cast<std::uint64_t>(seq), message != nullptr ? message : "");
}
EMSCRIPTEN_KEEPALIVE double peer_committed_seq() {
    return static_cast<double>(g_store->status().committed_seq);
}
EMSCRIPTEN_KEEPALIVE double peer_saved_seq() {
    return static_cast<double>(g_store->status().saved_seq);
}
EMSCRIPTEN_KEEPALIVE int peer_fill_to_bytes(double bytes) {
    return crm::bench::fill_to_bytes(g_db, static_cast<long long>(bytes));
}
EMSCRIPTEN_KEEPALIVE int peer_update_one_blob_row(int seed) {
    return crm::bench::update_one_blob_row(g_db, seed);
}
EMSCRIPTEN_KEEPALIVE int peer_insert_contacts(int count) {
    return crm::bench::insert_contacts(g_db, count);
}
EMSCRIPTEN_KEEPALIVE int peer_update_one_contact(int index, int count) {
    return crm::bench::update_one_contact(g_db, index, count);
}
EMSCRIPTEN_KEEPALIVE double peer_database_bytes() {
    return static_cast<double>(crm::bench::database_bytes(g_db));
}
}
