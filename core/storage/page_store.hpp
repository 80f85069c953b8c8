#pragma once
// The page store: a SQLite VFS that keeps the database file as fixed-size chunks in memory and, at every
// commit point, hands the chunks written since the last durable save to a PageSink (the browser writes them
// to IndexedDB in one transaction). The platform loads the saved chunks before the database opens.
//
// One batch is in flight at a time. Commits made while it is in flight are coalesced into the next batch, so
// the durable copy always holds exactly some committed state: never half of one commit, never a later commit
// without an earlier one. A failed batch's chunks stay owed and go out again with the next attempt.
//
// core knows no platform: the sink is an interface, acks arrive through ack()/fail() on the same thread.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace crm::storage {

// What brings the durable copy from one committed state to a newer one. It comes in two forms:
//  - `indexes`/`data`: the whole chunks that changed (what a copy kept as whole chunks needs);
//  - `patch`: only the changed byte ranges of those chunks, relative to the durable state the batch
//    follows (see encode/apply_page_patch). The browser appends it to a log of patches instead of
//    rewriting 4 KiB per touched chunk: a one-row commit changes a few hundred bytes of each page.
// A `compact` batch has no patch: its chunks include every chunk the log has patched, written whole, and
// the log is emptied in the same transaction. The store compacts when the log would pass its cap, or when
// a commit touched so many chunks that keeping their old contents to diff against would cost too much.
struct PageBatch {
    std::uint64_t seq = 0;          // the newest commit the batch contains
    std::int64_t size = 0;          // file size in bytes after that commit
    std::uint32_t chunk_count = 0;  // chunks the file spans; stored chunks at or past this are dropped
    std::uint32_t chunk_size = 0;
    std::vector<std::uint32_t> indexes;  // ascending
    // Chunk indexes[i]'s chunk_size bytes (nullptr: zeros), pointing into the store's own memory: valid only
    // during PageSink::write, which copies what it keeps. No contiguous copy: a batch can span the whole
    // file, and a second copy of it in wasm memory would double the heap.
    std::vector<const std::uint8_t*> data;
    std::vector<std::uint8_t> patch;     // the log record; empty when compact or nothing changed
    bool compact = false;
};

// A patch record: "CRMP" then entries {u32 chunk, u16 offset, u16 length, bytes}, little-endian. Applied in
// log order on top of the stored whole chunks, records reproduce the file. A missing chunk reads as zeros.
// Returns an error for a record that is malformed or reaches past a chunk.
Status apply_page_patch(std::vector<std::vector<std::uint8_t>>& chunks, std::uint32_t chunk_size,
                        const std::uint8_t* patch, std::size_t bytes);
// The chunk indexes a record touches (for the log's state at load).
Result<std::vector<std::uint32_t>> page_patch_chunks(const std::uint8_t* patch, std::size_t bytes);

struct PageStoreOptions {
    std::uint64_t max_log_bytes;     // patches kept before a compaction
    std::size_t max_diffed_chunks;   // chunks of one batch whose old contents are kept to diff against
};

class PageSink {
  public:
    virtual ~PageSink() = default;
    // Starts writing `batch` durably; later the platform calls PageStore::ack(batch.seq) or fail(batch.seq,
    // ...).
    virtual void write(const PageBatch& batch) = 0;
};

enum class SavePhase {
    Saved,       // everything committed is durable
    Saving,      // a batch is in flight or owed
    Error,       // the last attempt failed; kept in memory and retried
    MemoryOnly,  // no durable storage at all (no sink)
};

struct SaveStatus {
    SavePhase phase = SavePhase::Saved;
    std::uint64_t committed_seq = 0;  // commits made (counting from the loaded state's seq)
    std::uint64_t saved_seq = 0;      // the newest commit known durable
    std::size_t owed_chunks = 0;      // chunks changed since the last durable save, in flight or not
    int failures = 0;                 // failed attempts since the last success
    std::string last_error;           // the newest failure's message
    std::uint64_t batches_sent = 0;
    std::uint64_t bytes_sent = 0;       // what the durable copy was asked to store (patches, or whole chunks)
    std::uint64_t compactions = 0;
    std::uint64_t log_bytes = 0;        // the durable patch log's size, as far as acknowledged
};

class PageStore {
  public:
    // Registers a SQLite VFS named `vfs_name`; `file_name` is the one file it persists (others, such as
    // temporary files, live in memory only). Sink may be null (memory only) and can be set later.
    PageStore(std::string vfs_name, std::string file_name, std::uint32_t chunk_size);
    PageStore(std::string vfs_name, std::string file_name, std::uint32_t chunk_size, PageStoreOptions options);
    ~PageStore();
    PageStore(const PageStore&) = delete;
    PageStore& operator=(const PageStore&) = delete;

    const std::string& vfs_name() const { return vfs_name_; }
    const std::string& file_name() const { return file_name_; }
    std::uint32_t chunk_size() const { return chunk_size_; }

    // Before the database opens: the saved copy. load() each stored chunk, then finish_load() with its size
    // and seq. Chunks past `size` are ignored; missing ones read as zeros.
    Status load(std::uint32_t index, const std::uint8_t* data, std::size_t bytes);
    Status finish_load(std::int64_t size, std::uint64_t seq);
    // The patch log the durable copy holds (already applied to the loaded chunks): the chunks its records
    // touch and its size. The next compaction rewrites those chunks whole.
    void set_log_state(const std::vector<std::uint32_t>& patched, std::uint64_t log_bytes);

    void set_sink(PageSink* sink);
    void ack(std::uint64_t seq);
    void fail(std::uint64_t seq, std::string message);
    // While on, commits are not saved at once: they wait for flush() or for the next commit made while off,
    // whose batch takes them along. For data that can be had again (a first sync's pulled pages): each page
    // saved at once wrote most of a growing file again (389 MB saved for a 94 MB first sync of 100,000
    // contacts). Never for a rep's own edits.
    void set_deferring(bool on);
    // Sends owed chunks if nothing is in flight and no write transaction is open. Returns true if it sent.
    bool flush();

    SaveStatus status() const;
    std::int64_t file_size() const;

    struct Impl;

  private:
    std::string vfs_name_;
    std::string file_name_;
    std::uint32_t chunk_size_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace crm::storage
