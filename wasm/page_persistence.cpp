#include "wasm/page_persistence.hpp"

#include <algorithm>
#include <vector>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>

#include "core/limits.hpp"
#include "wasm/wasm_limits.hpp"

// Copies the batch out of wasm memory (the chunks change once this returns) for web/pages.js to save, chunk by
// chunk from the store's own memory: `chunks` holds n pointers (0: a chunk of zeros). `patch_mode`: 1 = a log
// record (`patch_bytes` long; 0 bytes: nothing changed), 0 = a compaction (whole chunks).
EM_JS(void, crm_js_pages_write,
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
          crmGlue.pagesWrite(seq, size, chunk_count, chunk_size, index, data, record);
      });

namespace crm::web {

namespace {
constexpr const char* kVfsName = "crm-pages";
constexpr const char* kFileName = "crm.db";
}  // namespace

PagePersistence& PagePersistence::instance() {
    static PagePersistence* persistence = new PagePersistence();  // lives as long as the page
    return *persistence;
}

PagePersistence::PagePersistence()
    : store_(kVfsName, kFileName, limits::kPageChunkBytes), backoff_ms_(limits::kPageSaveRetryMinMs) {}

void PagePersistence::finish(bool durable, bool existing, std::string error) {
    durable_ = durable;
    existing_ = existing;
    memory_error_ = std::move(error);
    store_.set_sink(durable ? this : nullptr);
}

void PagePersistence::write(const storage::PageBatch& batch) {
    crm_js_pages_write(static_cast<double>(batch.seq), static_cast<double>(batch.size),
                       static_cast<int>(batch.chunk_count), static_cast<int>(batch.chunk_size),
                       batch.indexes.data(), static_cast<int>(batch.indexes.size()), batch.data.data(),
                       batch.compact ? 0 : 1, batch.patch.data(), static_cast<int>(batch.patch.size()));
}

void PagePersistence::ack(std::uint64_t seq) {
    backoff_ms_ = limits::kPageSaveRetryMinMs;
    retry_at_ms_ = -1;
    store_.ack(seq);
}

void PagePersistence::fail(std::uint64_t seq, std::string message, std::int64_t now_ms) {
    store_.fail(seq, std::move(message));
    retry_at_ms_ = now_ms + backoff_ms_;
    backoff_ms_ = std::min(backoff_ms_ * 2, limits::kPageSaveRetryMaxMs);
}

void PagePersistence::tick(std::int64_t now_ms) {
    // Pulled data that waited long enough (or whose pull ended): saved once nothing else is in flight.
    if (pulled_since_ms_ >= 0 && now_ms - pulled_since_ms_ >= limits::kPulledSaveDelayMs && retry_at_ms_ < 0) {
        const storage::SaveStatus s = store_.status();
        if (s.saved_seq >= s.committed_seq || store_.flush()) pulled_since_ms_ = -1;
    }
    if (retry_at_ms_ < 0 || now_ms < retry_at_ms_) return;
    retry_at_ms_ = -1;
    store_.flush();
}

void PagePersistence::pulled(bool applying, bool last, std::int64_t now_ms) {
    store_.set_deferring(applying);
    if (applying) return;
    const storage::SaveStatus s = store_.status();
    if (s.saved_seq >= s.committed_seq) {
        pulled_since_ms_ = -1;
        return;
    }
    if (pulled_since_ms_ < 0) pulled_since_ms_ = now_ms;
    if (last) pulled_since_ms_ = now_ms - limits::kPulledSaveDelayMs;  // due now: tick() saves it
    tick(now_ms);
}

void PagePersistence::retry_now() {
    retry_at_ms_ = -1;
    store_.flush();
}

ui::StorageStatus PagePersistence::status(std::int64_t now_ms) const {
    const storage::SaveStatus s = store_.status();
    ui::StorageStatus out;
    out.committed_seq = s.committed_seq;
    out.saved_seq = s.saved_seq;
    switch (s.phase) {
        case storage::SavePhase::Saved:
            out.phase = ui::StoragePhase::Saved;
            break;
        case storage::SavePhase::Saving:
            out.phase = ui::StoragePhase::Saving;
            break;
        case storage::SavePhase::Error:
            out.phase = ui::StoragePhase::Error;
            break;
        case storage::SavePhase::MemoryOnly:
            out.phase = ui::StoragePhase::MemoryOnly;
            break;
    }
    if (out.phase == ui::StoragePhase::Error) {
        out.error = s.last_error;
        out.retry_in_ms = retry_at_ms_ < 0 ? -1 : std::max<std::int64_t>(0, retry_at_ms_ - now_ms);
    }
    if (out.phase == ui::StoragePhase::MemoryOnly) out.error = memory_error_;
    return out;
}

}  // namespace crm::web

using crm::web::PagePersistence;

// Before main(): n saved chunks at once, chunk k (`chunk_bytes` long) at data + k * chunk_bytes with index
// indexes[k] (one call per staging buffer instead of one per chunk). 0 when one is malformed.
extern "C" EMSCRIPTEN_KEEPALIVE int crm_pages_load_many(const std::uint32_t* indexes, const std::uint8_t* data, int n,
                                                        int chunk_bytes) {
    crm::storage::PageStore& store = PagePersistence::instance().store();
    for (int k = 0; k < n; ++k) {
        const std::uint8_t* chunk = data + static_cast<std::size_t>(k) * static_cast<std::size_t>(chunk_bytes);
        if (!store.load(indexes[k], chunk, static_cast<std::size_t>(chunk_bytes)).ok()) return 0;
    }
    return 1;
}

// Before main(): the saved file's size and seq; `durable` 0 with `error` when IndexedDB could not be opened.
extern "C" EMSCRIPTEN_KEEPALIVE int crm_pages_finish(double size, double seq, int durable,
                                                     const char* error) {
    PagePersistence& p = PagePersistence::instance();
    const crm::Status loaded =
        p.store().finish_load(static_cast<std::int64_t>(size), static_cast<std::uint64_t>(seq));
    if (!loaded) {
        p.finish(false, false, loaded.error().message);
        return 0;
    }
    p.finish(durable != 0, size > 0, error != nullptr ? error : "");
    return 1;
}

// Before main(), after the chunks: the saved patch log (already applied to them): the chunks it touches and its
// size, so the next compaction rewrites those chunks whole.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_pages_log(const std::uint32_t* chunks, int n, double bytes) {
    std::vector<std::uint32_t> patched(chunks, chunks + std::max(n, 0));
    PagePersistence::instance().store().set_log_state(patched, static_cast<std::uint64_t>(bytes));
}

extern "C" EMSCRIPTEN_KEEPALIVE void crm_pages_ack(double seq) {
    PagePersistence::instance().ack(static_cast<std::uint64_t>(seq));
}

extern "C" EMSCRIPTEN_KEEPALIVE void crm_pages_fail(double seq, const char* message) {
    PagePersistence::instance().fail(static_cast<std::uint64_t>(seq), message != nullptr ? message : "",
                                     static_cast<std::int64_t>(emscripten_date_now()));
}
