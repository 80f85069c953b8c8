#include "core/storage/page_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cassert>
#include <cstring>
#include <map>
#include <unordered_map>

#include "core/limits.hpp"

namespace crm::storage {

namespace {

constexpr std::uint8_t kPatchMagic[4] = {'C', 'R', 'M', 'P'};
constexpr std::size_t kPatchEntryHeader = 8;  // u32 chunk, u16 offset, u16 length

void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
std::uint64_t get_le(const std::uint8_t* p, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(p[i]) << (8 * i);
    return v;
}

// Appends the ranges where `now` differs from `old` (ranges closer than kPagePatchGapBytes joined).
// Returns the bytes appended.
std::size_t append_diff(std::vector<std::uint8_t>& out, std::uint32_t index, const std::uint8_t* old,
                        const std::uint8_t* now, std::uint32_t size) {
    const std::size_t before = out.size();
    std::uint32_t i = 0;
    while (i < size) {
        if (old[i] == now[i]) {
            ++i;
            continue;
        }
        const std::uint32_t start = i;
        std::uint32_t end = i + 1;  // one past the last differing byte
        for (std::uint32_t j = end; j < size && j - end <= limits::kPagePatchGapBytes; ++j)
            if (old[j] != now[j]) end = j + 1;
        put_le(out, index, 4);
        put_le(out, start, 2);
        put_le(out, end - start, 2);
        out.insert(out.end(), now + start, now + end);
        i = end;
    }
    return out.size() - before;
}

void append_whole(std::vector<std::uint8_t>& out, std::uint32_t index, const std::uint8_t* now,
                  std::uint32_t size) {
    put_le(out, index, 4);
    put_le(out, 0, 2);
    put_le(out, size, 2);
    out.insert(out.end(), now, now + size);
}

// Walks a patch record: fn(chunk, offset, data, length) per entry.
template <typename Fn>
Status walk_patch(const std::uint8_t* patch, std::size_t bytes, Fn&& fn) {
    if (bytes < sizeof kPatchMagic || std::memcmp(patch, kPatchMagic, sizeof kPatchMagic) != 0)
        return make_error(ErrorCode::Storage, "page store: a patch record lacks its header");
    std::size_t at = sizeof kPatchMagic;
    while (at < bytes) {
        if (bytes - at < kPatchEntryHeader)
            return make_error(ErrorCode::Storage, "page store: a patch record ends inside an entry");
        const auto chunk = static_cast<std::uint32_t>(get_le(patch + at, 4));
        const auto offset = static_cast<std::uint32_t>(get_le(patch + at + 4, 2));
        const auto length = static_cast<std::uint32_t>(get_le(patch + at + 6, 2));
        at += kPatchEntryHeader;
        if (length == 0 || bytes - at < length)
            return make_error(ErrorCode::Storage, "page store: a patch entry's length is wrong");
        CRM_TRY(fn(chunk, offset, patch + at, length));
        at += length;
    }
    return {};
}

// One file in memory. Chunks are allocated on first write; a missing chunk reads as zeros.
struct MemFile {
    std::vector<std::unique_ptr<std::uint8_t[]>> chunks;
    std::int64_t size = 0;
    bool persisted = false;
};

struct FileHandle;

}  // namespace

struct PageStore::Impl {
    sqlite3_vfs vfs{};
    sqlite3_vfs* parent = nullptr;
    std::uint32_t chunk_size = 0;
    std::string persisted_name;
    std::map<std::string, std::shared_ptr<MemFile>> files;
    std::shared_ptr<MemFile> main;
    int temp_counter = 0;

    // Durability bookkeeping for `main`.
    PageSink* sink = nullptr;
    std::vector<std::uint8_t> owed_flag;  // by chunk index
    std::vector<std::uint32_t> owed;      // the flagged indexes, unordered
    bool meta_owed = false;               // the size or seq changed without a chunk changing
    bool written_since_commit = false;
    int main_write_locks = 0;  // handles on `main` holding RESERVED or more
    bool in_flight = false;
    std::uint64_t in_flight_seq = 0;
    std::vector<std::uint32_t> in_flight_indexes;
    bool deferring = false;  // commits made now are pulled data: saved by flush() or with a later commit
    bool urgent = false;     // a commit made while not deferring waits to be saved
    bool hold_after_failure = false;  // after a failure only an explicit flush() sends (the caller's backoff)
    std::uint64_t committed_seq = 0;
    std::uint64_t saved_seq = 0;
    int failures = 0;
    std::string last_error;
    std::uint64_t batches_sent = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t compactions = 0;

    // Patches. `base` holds the durable contents of owed and in-flight chunks (empty: none, sent whole);
    // `next_base` the contents as sent of in-flight chunks written again meanwhile (their base once acked).
    PageStoreOptions options{limits::kPageLogMaxBytes, limits::kPageMaxDiffedChunks};
    std::unordered_map<std::uint32_t, std::vector<std::uint8_t>> base;
    std::unordered_map<std::uint32_t, std::vector<std::uint8_t>> next_base;
    std::vector<std::uint8_t> in_flight_flag;  // by chunk index
    std::uint32_t durable_chunks = 0;          // chunks of the newest acknowledged state
    std::uint32_t in_flight_chunks = 0;
    bool whole_next = false;  // too many chunks changed to diff: the next batch compacts
    std::vector<std::uint8_t> patched_flag;  // chunks the durable log patches
    std::vector<std::uint32_t> patched;
    std::uint64_t log_bytes = 0;
    std::vector<std::uint32_t> in_flight_patched;  // chunks the in-flight patch touches
    std::size_t in_flight_patch_bytes = 0;
    bool in_flight_compact = false;

    std::uint32_t chunk_count(std::int64_t size) const {
        return static_cast<std::uint32_t>((size + chunk_size - 1) / chunk_size);
    }

    void mark_owed(std::uint32_t index) {
        if (owed_flag.size() <= index) owed_flag.resize(index + 1, 0);
        if (owed_flag[index] == 0) {
            owed_flag[index] = 1;
            owed.push_back(index);
        }
    }

    static bool flagged(const std::vector<std::uint8_t>& flags, std::uint32_t index) {
        return index < flags.size() && flags[index] != 0;
    }

    void mark_patched(std::uint32_t index) {
        if (patched_flag.size() <= index) patched_flag.resize(index + 1, 0);
        if (patched_flag[index] == 0) {
            patched_flag[index] = 1;
            patched.push_back(index);
        }
    }

    // Called before chunk `index` of the persisted file changes: keeps what the durable copy holds of it,
    // to send only the difference.
    void before_write(std::uint32_t index) {
        if (flagged(owed_flag, index) || whole_next) return;  // kept already, or the batch goes whole
        const bool in_flight_chunk = flagged(in_flight_flag, index);
        // Kept already: a chunk dropped by a truncation keeps what the durable copy holds of it.
        if (in_flight_chunk ? next_base.contains(index) : base.contains(index)) return;
        // Both kinds of kept copies count against the cap: a big commit while a big batch is in flight would
        // otherwise keep a copy of every chunk it rewrites.
        if (base.size() + next_base.size() >= options.max_diffed_chunks) {
            whole_next = true;
            base.clear();
            next_base.clear();
            return;
        }
        if (in_flight_chunk) {
            // Durable once acked: that is the base of the next difference.
            next_base.emplace(index, copy_of(index));
            return;
        }
        base[index] = index < durable_chunks ? copy_of(index) : std::vector<std::uint8_t>{};
    }

    std::vector<std::uint8_t> copy_of(std::uint32_t index) const {
        std::vector<std::uint8_t> out(chunk_size, 0);
        if (index < main->chunks.size() && main->chunks[index])
            std::memcpy(out.data(), main->chunks[index].get(), chunk_size);
        return out;
    }

    const std::uint8_t* chunk_or_zeros(std::uint32_t index, std::vector<std::uint8_t>& zeros) const {
        if (index < main->chunks.size() && main->chunks[index]) return main->chunks[index].get();
        zeros.assign(chunk_size, 0);
        return zeros.data();
    }

    void commit_point() {
        if (!written_since_commit) return;
        written_since_commit = false;
        ++committed_seq;
        meta_owed = true;
        if (!deferring) urgent = true;
        if (!hold_after_failure && urgent) send();
    }

    bool send() {
        if (sink == nullptr || in_flight || main_write_locks > 0) return false;
        if (owed.empty() && !meta_owed) return false;
        PageBatch batch;
        batch.seq = committed_seq;
        batch.size = main->size;
        batch.chunk_count = chunk_count(main->size);
        batch.chunk_size = chunk_size;
        std::sort(owed.begin(), owed.end());
        std::vector<std::uint32_t> changed;  // owed chunks within the file
        for (std::uint32_t index : owed) {
            owed_flag[index] = 0;
            if (index < batch.chunk_count) changed.push_back(index);
        }
        in_flight_indexes = owed;
        owed.clear();
        meta_owed = false;

        // The patch, unless the log would pass its cap or the commit was too large to diff.
        bool compact = whole_next;
        std::vector<std::uint32_t> touched;
        std::vector<std::uint8_t> zeros;
        if (!compact) {
            batch.patch.assign(std::begin(kPatchMagic), std::end(kPatchMagic));
            for (std::uint32_t index : changed) {
                const std::uint8_t* now = chunk_or_zeros(index, zeros);
                auto it = base.find(index);
                const bool diffable = index < durable_chunks && it != base.end() && !it->second.empty();
                const std::size_t mark = batch.patch.size();
                std::size_t added = diffable ? append_diff(batch.patch, index, it->second.data(), now, chunk_size)
                                             : 0;
                if (!diffable || added > chunk_size / 2) {
                    batch.patch.resize(mark);  // mostly new: the whole chunk reads simpler and no larger
                    append_whole(batch.patch, index, now, chunk_size);
                    added = 1;
                }
                if (added > 0) touched.push_back(index);
            }
            if (touched.empty()) batch.patch.clear();
            if (log_bytes + batch.patch.size() > options.max_log_bytes) compact = true;
        }
        if (compact) {
            batch.patch.clear();
            touched.clear();
            std::vector<std::uint32_t> all = changed;
            for (std::uint32_t index : patched)
                if (index < batch.chunk_count) all.push_back(index);
            std::sort(all.begin(), all.end());
            all.erase(std::unique(all.begin(), all.end()), all.end());
            changed = std::move(all);
            whole_next = false;  // chunks written from now on are diffed against what this batch stores
        }
        batch.compact = compact;
        batch.indexes = changed;
        batch.data.reserve(batch.indexes.size());
        for (std::uint32_t index : batch.indexes)
            batch.data.push_back(index < main->chunks.size() ? main->chunks[index].get() : nullptr);
        in_flight = true;
        in_flight_seq = batch.seq;
        in_flight_chunks = batch.chunk_count;
        in_flight_compact = compact;
        in_flight_patched = std::move(touched);
        in_flight_patch_bytes = batch.patch.size();
        for (std::uint32_t index : in_flight_indexes) {
            if (in_flight_flag.size() <= index) in_flight_flag.resize(index + 1, 0);
            in_flight_flag[index] = 1;
        }
        ++batches_sent;
        bytes_sent += compact ? batch.indexes.size() * std::uint64_t{chunk_size} : batch.patch.size();
        urgent = false;  // every commit so far is in this batch
        sink->write(batch);  // may ack synchronously: state above is final before this call
        return true;
    }

    // The in-flight batch is durable: its chunks' contents are the new bases.
    void acked() {
        for (std::uint32_t index : in_flight_indexes) {
            in_flight_flag[index] = 0;
            auto next = next_base.find(index);
            if (next != next_base.end())
                base[index] = std::move(next->second);  // written again since: diff against what was sent
            else
                base.erase(index);
        }
        next_base.clear();
        durable_chunks = in_flight_chunks;
        // Chunks past the durable end are sent whole when they grow back: nothing to diff against.
        std::erase_if(base, [this](const auto& entry) { return entry.first >= durable_chunks; });
        if (in_flight_compact) {
            for (std::uint32_t index : patched) patched_flag[index] = 0;
            patched.clear();
            log_bytes = 0;
            ++compactions;
        } else {
            for (std::uint32_t index : in_flight_patched) mark_patched(index);
            log_bytes += in_flight_patch_bytes;
        }
    }

    // The in-flight batch did not land: its chunks are owed again, against the same durable bases.
    void failed() {
        for (std::uint32_t index : in_flight_indexes) {
            in_flight_flag[index] = 0;
            mark_owed(index);
        }
        next_base.clear();
    }
};

namespace {

using Impl = PageStore::Impl;

struct FileHandle {
    sqlite3_file base;  // first member: SQLite casts between the two
    Impl* store;
    std::shared_ptr<MemFile>* file;  // owned copy of the shared pointer (placement-new'd storage is raw)
    std::string* name;
    int lock;
    bool delete_on_close;
};

FileHandle* handle(sqlite3_file* f) {
    return reinterpret_cast<FileHandle*>(f);
}
Impl* impl(sqlite3_vfs* vfs) {
    return static_cast<Impl*>(vfs->pAppData);
}

bool is_main(const FileHandle* h) {
    return h->file->get() == h->store->main.get();
}

// Calls fn(chunk index, offset within the chunk, bytes, bytes done before) for each chunk that
// [offset, offset + amount) touches, in order.
template <typename Fn>
void for_each_chunk_span(std::int64_t offset, std::int64_t amount, std::uint32_t chunk_size, Fn&& fn) {
    std::int64_t done = 0;
    while (done < amount) {
        const std::int64_t pos = offset + done;
        const auto index = static_cast<std::size_t>(pos / chunk_size);
        const auto within = static_cast<std::size_t>(pos % chunk_size);
        const auto n = static_cast<std::size_t>(std::min<std::int64_t>(chunk_size - within, amount - done));
        fn(index, within, n, static_cast<std::size_t>(done));
        done += static_cast<std::int64_t>(n);
    }
}

int x_close(sqlite3_file* f) {
    FileHandle* h = handle(f);
    if (is_main(h) && h->lock >= SQLITE_LOCK_RESERVED) --h->store->main_write_locks;
    if (h->delete_on_close) h->store->files.erase(*h->name);
    delete h->file;
    delete h->name;
    h->file = nullptr;
    h->name = nullptr;
    return SQLITE_OK;
}

int x_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
    FileHandle* h = handle(f);
    const MemFile& file = **h->file;
    const std::uint32_t cs = h->store->chunk_size;
    auto* dst = static_cast<std::uint8_t*>(out);
    std::int64_t available = std::max<std::int64_t>(0, std::min<std::int64_t>(amount, file.size - offset));
    std::memset(dst, 0, static_cast<std::size_t>(amount));
    for_each_chunk_span(offset, available, cs,
                        [&](std::size_t index, std::size_t within, std::size_t n, std::size_t done) {
                            if (index < file.chunks.size() && file.chunks[index])
                                std::memcpy(dst + done, file.chunks[index].get() + within, n);
                        });
    return available < amount ? SQLITE_IOERR_SHORT_READ : SQLITE_OK;
}

int x_write(sqlite3_file* f, const void* in, int amount, sqlite3_int64 offset) {
    FileHandle* h = handle(f);
    MemFile& file = **h->file;
    Impl& store = *h->store;
    const std::uint32_t cs = store.chunk_size;
    const auto* src = static_cast<const std::uint8_t*>(in);
    bool out_of_memory = false;
    for_each_chunk_span(offset, amount, cs,
                        [&](std::size_t index, std::size_t within, std::size_t n, std::size_t done) {
                            if (out_of_memory) return;
                            if (file.chunks.size() <= index) file.chunks.resize(index + 1);
                            if (!file.chunks[index]) {
                                file.chunks[index].reset(new (std::nothrow) std::uint8_t[cs]);
                                if (!file.chunks[index]) {
                                    out_of_memory = true;
                                    return;
                                }
                                std::memset(file.chunks[index].get(), 0, cs);
                            }
                            if (file.persisted) store.before_write(static_cast<std::uint32_t>(index));
                            std::memcpy(file.chunks[index].get() + within, src + done, n);
                            if (file.persisted) store.mark_owed(static_cast<std::uint32_t>(index));
                        });
    if (out_of_memory) return SQLITE_IOERR_NOMEM;
    file.size = std::max<std::int64_t>(file.size, offset + amount);
    if (file.persisted) store.written_since_commit = true;
    return SQLITE_OK;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
    FileHandle* h = handle(f);
    MemFile& file = **h->file;
    Impl& store = *h->store;
    if (size >= file.size) return SQLITE_OK;
    const std::uint32_t cs = store.chunk_size;
    const std::uint32_t keep = store.chunk_count(size);
    // A dropped chunk that grows back is diffed against what the durable copy holds of it, not zeros.
    if (file.persisted)
        for (std::size_t index = keep; index < file.chunks.size(); ++index)
            if (file.chunks[index]) store.before_write(static_cast<std::uint32_t>(index));
    if (file.chunks.size() > keep) file.chunks.resize(keep);
    // Zero the tail of the last chunk so a later growth reads zeros there, here and after a reload alike.
    const auto within = static_cast<std::size_t>(size % cs);
    if (within != 0 && keep > 0 && keep - 1 < file.chunks.size() && file.chunks[keep - 1]) {
        if (file.persisted) store.before_write(keep - 1);
        std::memset(file.chunks[keep - 1].get() + within, 0, cs - within);
        if (file.persisted) store.mark_owed(keep - 1);
    }
    file.size = size;
    if (file.persisted) {
        store.meta_owed = true;
        store.written_since_commit = true;
    }
    return SQLITE_OK;
}

int x_sync(sqlite3_file*, int) {
    return SQLITE_OK;
}  // durability is the commit point's batch, not a sync

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
    *size = (*handle(f)->file)->size;
    return SQLITE_OK;
}

int x_lock(sqlite3_file* f, int level) {
    FileHandle* h = handle(f);
    if (is_main(h) && h->lock < SQLITE_LOCK_RESERVED && level >= SQLITE_LOCK_RESERVED)
        ++h->store->main_write_locks;
    h->lock = std::max(h->lock, level);
    return SQLITE_OK;
}

int x_unlock(sqlite3_file* f, int level) {
    FileHandle* h = handle(f);
    const bool was_writing = h->lock >= SQLITE_LOCK_RESERVED;
    h->lock = std::min(h->lock, level);
    if (is_main(h) && was_writing && h->lock < SQLITE_LOCK_RESERVED) {
        --h->store->main_write_locks;
        // The write transaction ended (committed, or rolled back and restored): the file is a committed
        // state.
        h->store->commit_point();
    }
    return SQLITE_OK;
}

int x_check_reserved_lock(sqlite3_file* f, int* out) {
    *out = handle(f)->lock >= SQLITE_LOCK_RESERVED ? 1 : 0;
    return SQLITE_OK;
}

int x_file_control(sqlite3_file*, int, void*) {
    return SQLITE_NOTFOUND;
}
int x_sector_size(sqlite3_file* f) {
    return static_cast<int>(handle(f)->store->chunk_size);
}
int x_device_characteristics(sqlite3_file*) {
    return SQLITE_IOCAP_POWERSAFE_OVERWRITE | SQLITE_IOCAP_SAFE_APPEND;
}

const sqlite3_io_methods kIoMethods = {
    1,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    Impl& store = *impl(vfs);
    FileHandle* h = handle(f);
    h->base.pMethods = nullptr;  // SQLite calls no method unless open succeeds
    std::string key = name != nullptr ? std::string(name) : "temp-" + std::to_string(++store.temp_counter);
    auto it = store.files.find(key);
    if (it == store.files.end()) {
        if ((flags & SQLITE_OPEN_CREATE) == 0) return SQLITE_CANTOPEN;
        it = store.files.emplace(key, std::make_shared<MemFile>()).first;
    }
    h->store = &store;
    h->file = new std::shared_ptr<MemFile>(it->second);
    h->name = new std::string(key);
    h->lock = SQLITE_LOCK_NONE;
    h->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0 && !it->second->persisted;
    h->base.pMethods = &kIoMethods;
    if (out_flags != nullptr) *out_flags = flags;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int) {
    Impl& store = *impl(vfs);
    auto it = store.files.find(name);
    if (it != store.files.end() && !it->second->persisted) store.files.erase(it);
    return SQLITE_OK;
}

int x_access(sqlite3_vfs* vfs, const char* name, int, int* out) {
    Impl& store = *impl(vfs);
    auto it = store.files.find(name);
    *out = it != store.files.end() && (!it->second->persisted || it->second->size > 0) ? 1 : 0;
    return SQLITE_OK;
}

int x_full_pathname(sqlite3_vfs*, const char* name, int out_bytes, char* out) {
    // Names are keys in our own map: used as given.
    sqlite3_snprintf(out_bytes, out, "%s", name);
    return SQLITE_OK;
}

// Everything that is not about files is the platform's default VFS.
void* x_dl_open(sqlite3_vfs* vfs, const char* name) {
    return impl(vfs)->parent->xDlOpen(impl(vfs)->parent, name);
}
void x_dl_error(sqlite3_vfs* vfs, int n, char* out) {
    impl(vfs)->parent->xDlError(impl(vfs)->parent, n, out);
}
void (*x_dl_sym(sqlite3_vfs* vfs, void* lib, const char* sym))(void) {
    return impl(vfs)->parent->xDlSym(impl(vfs)->parent, lib, sym);
}
void x_dl_close(sqlite3_vfs* vfs, void* lib) {
    impl(vfs)->parent->xDlClose(impl(vfs)->parent, lib);
}
int x_randomness(sqlite3_vfs* vfs, int n, char* out) {
    return impl(vfs)->parent->xRandomness(impl(vfs)->parent, n, out);
}
int x_sleep(sqlite3_vfs* vfs, int us) {
    return impl(vfs)->parent->xSleep(impl(vfs)->parent, us);
}
int x_current_time(sqlite3_vfs* vfs, double* out) {
    return impl(vfs)->parent->xCurrentTime(impl(vfs)->parent, out);
}
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
    return impl(vfs)->parent->xGetLastError != nullptr
               ? impl(vfs)->parent->xGetLastError(impl(vfs)->parent, n, out)
               : 0;
}

}  // namespace

PageStore::PageStore(std::string vfs_name, std::string file_name, std::uint32_t chunk_size)
    : PageStore(std::move(vfs_name), std::move(file_name), chunk_size,
                PageStoreOptions{limits::kPageLogMaxBytes, limits::kPageMaxDiffedChunks}) {}

PageStore::PageStore(std::string vfs_name, std::string file_name, std::uint32_t chunk_size,
                     PageStoreOptions options)
    : vfs_name_(std::move(vfs_name)),
      file_name_(std::move(file_name)),
      chunk_size_(chunk_size),
      impl_(std::make_unique<Impl>()) {
    // A patch entry's offset and length are 16-bit.
    assert(chunk_size_ >= 512 && chunk_size_ <= 32768 && (chunk_size_ & (chunk_size_ - 1)) == 0 &&
           "chunk size must be a power of two in 512..32768");
    Impl& s = *impl_;
    s.options = options;
    s.chunk_size = chunk_size_;
    s.persisted_name = file_name_;
    s.main = std::make_shared<MemFile>();
    s.main->persisted = true;
    s.files.emplace(file_name_, s.main);
    s.parent = sqlite3_vfs_find(nullptr);
    assert(s.parent != nullptr && "SQLite has no default VFS to borrow time and randomness from");

    s.vfs.iVersion = 1;
    s.vfs.szOsFile = sizeof(FileHandle);
    s.vfs.mxPathname = 512;
    s.vfs.zName = vfs_name_.c_str();
    s.vfs.pAppData = &s;
    s.vfs.xOpen = x_open;
    s.vfs.xDelete = x_delete;
    s.vfs.xAccess = x_access;
    s.vfs.xFullPathname = x_full_pathname;
    s.vfs.xDlOpen = x_dl_open;
    s.vfs.xDlError = x_dl_error;
    s.vfs.xDlSym = x_dl_sym;
    s.vfs.xDlClose = x_dl_close;
    s.vfs.xRandomness = x_randomness;
    s.vfs.xSleep = x_sleep;
    s.vfs.xCurrentTime = x_current_time;
    s.vfs.xGetLastError = x_get_last_error;
    const int rc = sqlite3_vfs_register(&s.vfs, 0);
    assert(rc == SQLITE_OK && "registering the page store VFS failed");
    (void)rc;
}

PageStore::~PageStore() {
    sqlite3_vfs_unregister(&impl_->vfs);
}

Status PageStore::load(std::uint32_t index, const std::uint8_t* data, std::size_t bytes) {
    if (bytes != chunk_size_)
        return make_error(ErrorCode::Storage, "page store: chunk " + std::to_string(index) + " has " +
                                                  std::to_string(bytes) + " bytes, expected " +
                                                  std::to_string(chunk_size_));
    MemFile& file = *impl_->main;
    if (file.chunks.size() <= index) file.chunks.resize(index + 1);
    file.chunks[index].reset(new (std::nothrow) std::uint8_t[chunk_size_]);
    if (!file.chunks[index]) return make_error(ErrorCode::Storage, "page store: out of memory while loading");
    std::memcpy(file.chunks[index].get(), data, chunk_size_);
    return {};
}

Status PageStore::finish_load(std::int64_t size, std::uint64_t seq) {
    if (size < 0) return make_error(ErrorCode::Storage, "page store: negative saved size");
    MemFile& file = *impl_->main;
    const std::uint32_t count = impl_->chunk_count(size);
    if (file.chunks.size() > count) file.chunks.resize(count);
    file.size = size;
    impl_->committed_seq = impl_->saved_seq = seq;
    impl_->durable_chunks = count;
    return {};
}

void PageStore::set_log_state(const std::vector<std::uint32_t>& patched, std::uint64_t log_bytes) {
    for (std::uint32_t index : patched) impl_->mark_patched(index);
    impl_->log_bytes = log_bytes;
}

void PageStore::set_sink(PageSink* sink) {
    impl_->sink = sink;
    if (sink != nullptr) impl_->send();
}

void PageStore::ack(std::uint64_t seq) {
    Impl& s = *impl_;
    if (!s.in_flight || seq != s.in_flight_seq) return;  // a stale answer: ignore
    s.in_flight = false;
    s.acked();
    s.in_flight_indexes.clear();
    s.saved_seq = seq;
    s.failures = 0;
    s.last_error.clear();
    s.hold_after_failure = false;
    if (s.urgent) s.send();  // commits made meanwhile (deferred ones wait for flush() or an urgent commit)
}

void PageStore::fail(std::uint64_t seq, std::string message) {
    Impl& s = *impl_;
    if (!s.in_flight || seq != s.in_flight_seq) return;
    s.in_flight = false;
    s.failed();
    s.in_flight_indexes.clear();
    s.meta_owed = true;
    ++s.failures;
    s.last_error = std::move(message);
    s.hold_after_failure = true;
}

void PageStore::set_deferring(bool on) {
    impl_->deferring = on;
}

bool PageStore::flush() {
    return impl_->send();
}

SaveStatus PageStore::status() const {
    const Impl& s = *impl_;
    SaveStatus st;
    st.committed_seq = s.committed_seq;
    st.saved_seq = s.saved_seq;
    st.owed_chunks = s.owed.size() + s.in_flight_indexes.size();
    st.failures = s.failures;
    st.last_error = s.last_error;
    st.batches_sent = s.batches_sent;
    st.bytes_sent = s.bytes_sent;
    st.compactions = s.compactions;
    st.log_bytes = s.log_bytes;
    if (s.sink == nullptr)
        st.phase = SavePhase::MemoryOnly;
    else if (s.failures > 0)
        st.phase = SavePhase::Error;
    else if (s.in_flight || !s.owed.empty() || s.meta_owed || s.committed_seq != s.saved_seq)
        st.phase = SavePhase::Saving;
    else
        st.phase = SavePhase::Saved;
    return st;
}

Status apply_page_patch(std::vector<std::vector<std::uint8_t>>& chunks, std::uint32_t chunk_size,
                        const std::uint8_t* patch, std::size_t bytes) {
    return walk_patch(patch, bytes,
                      [&](std::uint32_t chunk, std::uint32_t offset, const std::uint8_t* data,
                          std::uint32_t length) -> Status {
                          if (chunk >= limits::kPageMaxChunks || offset + length > chunk_size)
                              return make_error(ErrorCode::Storage, "page store: a patch entry reaches past chunk " +
                                                                        std::to_string(chunk));
                          if (chunks.size() <= chunk) chunks.resize(chunk + std::size_t{1});
                          if (chunks[chunk].empty()) chunks[chunk].assign(chunk_size, 0);
                          std::memcpy(chunks[chunk].data() + offset, data, length);
                          return {};
                      });
}

Result<std::vector<std::uint32_t>> page_patch_chunks(const std::uint8_t* patch, std::size_t bytes) {
    std::vector<std::uint32_t> out;
    CRM_TRY(walk_patch(patch, bytes, [&](std::uint32_t chunk, std::uint32_t, const std::uint8_t*, std::uint32_t) {
        if (out.empty() || out.back() != chunk) out.push_back(chunk);
        return Status{};
    }));
    return out;
}

std::int64_t PageStore::file_size() const {
    return impl_->main->size;
}

}  // namespace crm::storage
