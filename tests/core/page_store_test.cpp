// The page store VFS against a fake durable store that behaves like the browser's IndexedDB side: a batch is
// applied whole when acked, never in part.
#include "core/storage/page_store.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "core/storage/sqlite.hpp"
#include "tests/core/test_support.hpp"

namespace crm::storage {
namespace {

constexpr std::uint32_t kChunk = limits::kPageChunkBytes;

// What the browser holds, both copies: IndexedDB (whole chunks by index plus the patch log, emptied by a
// compaction) and the second copy (whole chunks). Both follow {size, seq}; a reopen loads IndexedDB's, with
// its log applied, and checks it is the same file as the second copy.
struct Durable {
    std::map<std::uint32_t, std::vector<std::uint8_t>> chunks;  // IndexedDB's whole chunks
    std::vector<std::vector<std::uint8_t>> log;                 // IndexedDB's patch records
    std::map<std::uint32_t, std::vector<std::uint8_t>> copy;    // the second copy
    std::int64_t size = 0;
    std::uint64_t seq = 0;
    std::uint64_t log_bytes() const {
        std::uint64_t n = 0;
        for (const auto& r : log) n += r.size();
        return n;
    }

    // `bytes`: the batch's chunks as the sink copied them at write time.
    void apply(const PageBatch& b, const std::vector<std::uint8_t>& bytes) {
        for (std::size_t i = 0; i < b.indexes.size(); ++i) {
            std::vector<std::uint8_t> whole(
                bytes.begin() + static_cast<std::ptrdiff_t>(i * b.chunk_size),
                bytes.begin() + static_cast<std::ptrdiff_t>((i + 1) * b.chunk_size));
            if (b.compact) chunks[b.indexes[i]] = whole;
            copy[b.indexes[i]] = std::move(whole);
        }
        if (b.compact) log.clear();
        else if (!b.patch.empty()) log.push_back(b.patch);
        chunks.erase(chunks.lower_bound(b.chunk_count), chunks.end());
        copy.erase(copy.lower_bound(b.chunk_count), copy.end());
        size = b.size;
        seq = b.seq;
    }

    // IndexedDB's file as the page loads it: whole chunks, then the log in order.
    std::vector<std::vector<std::uint8_t>> load() const {
        std::vector<std::vector<std::uint8_t>> file;
        for (const auto& [index, bytes] : chunks) {
            if (file.size() <= index) file.resize(index + 1);
            file[index] = bytes;
        }
        for (const auto& record : log) {
            Status st = apply_page_patch(file, limits::kPageChunkBytes, record.data(), record.size());
            EXPECT_TRUE(st.ok()) << st.error().message;
        }
        const auto count = static_cast<std::size_t>((size + kChunk - 1) / kChunk);
        if (file.size() > count) file.resize(count);
        return file;
    }

    std::vector<std::uint32_t> patched() const {
        std::vector<std::uint32_t> out;
        for (const auto& record : log) {
            auto touched = page_patch_chunks(record.data(), record.size());
            EXPECT_TRUE(touched.ok());
            if (touched) out.insert(out.end(), touched->begin(), touched->end());
        }
        return out;
    }
};

// Records batches; acks at once (applying them) unless told to hold them.
struct FakeSink : PageSink {
    PageStore* store = nullptr;
    Durable* durable = nullptr;
    bool auto_ack = true;
    std::vector<PageBatch> batches;  // `data` cleared: it points into the store only during write()
    std::vector<std::vector<std::uint8_t>> bytes;  // per batch, its chunks copied as write() saw them
    bool open = false;  // the last batch awaits its answer
    void write(const PageBatch& batch) override {
        EXPECT_EQ(batch.data.size(), batch.indexes.size());
        std::vector<std::uint8_t> copy(batch.data.size() * std::size_t{batch.chunk_size}, 0);
        for (std::size_t i = 0; i < batch.data.size(); ++i)
            if (batch.data[i] != nullptr)
                std::memcpy(copy.data() + i * batch.chunk_size, batch.data[i], batch.chunk_size);
        batches.push_back(batch);
        batches.back().data.clear();
        bytes.push_back(std::move(copy));
        open = true;
        if (auto_ack) ack_last();
    }
    void ack_last() {
        open = false;
        durable->apply(batches.back(), bytes.back());
        store->ack(batches.back().seq);
    }
    void fail_last(std::string message) {
        open = false;
        store->fail(batches.back().seq, std::move(message));
    }
};

int g_vfs_counter = 0;

struct Harness {
    Durable durable;
    std::unique_ptr<PageStore> store;
    FakeSink sink;
    std::unique_ptr<Database> db;
    PageStoreOptions store_options{limits::kPageLogMaxBytes, limits::kPageMaxDiffedChunks};

    Harness() { reopen(); }
    explicit Harness(PageStoreOptions o) : store_options(o) { reopen(); }

    // A new "page load": a fresh VFS loaded from what IndexedDB holds (its log applied), and a new connection.
    void reopen() {
        db.reset();
        sink.batches.clear();
        store = std::make_unique<PageStore>("pagestore-test-" + std::to_string(++g_vfs_counter), "crm.db",
                                            kChunk, store_options);
        const auto file = durable.load();
        const std::vector<std::uint8_t> zeros(kChunk, 0);
        const auto count = static_cast<std::uint32_t>((durable.size + kChunk - 1) / kChunk);
        for (std::uint32_t index = 0; index < count; ++index) {
            const auto& mine = index < file.size() && !file[index].empty() ? file[index] : zeros;
            auto other = durable.copy.find(index);
            ASSERT_EQ(mine, other != durable.copy.end() ? other->second : zeros)
                << "chunk " << index << " differs between IndexedDB (with its log) and the second copy";
            if (index < file.size() && !file[index].empty()) {
                ASSERT_TRUE(store->load(index, file[index].data(), file[index].size()).ok());
            }
        }
        store->set_log_state(durable.patched(), durable.log_bytes());
        ASSERT_TRUE(store->finish_load(durable.size, durable.seq).ok());
        sink.store = store.get();
        sink.durable = &durable;
        store->set_sink(&sink);
        Database::Options options;
        options.vfs = store->vfs_name();
        options.memory_journal = true;
        auto opened = Database::open("crm.db", options);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        db = std::make_unique<Database>(std::move(opened).value());
    }

    std::string scalar(const std::string& sql) {
        auto stmt = db->prepare(sql);
        EXPECT_TRUE(stmt.ok()) << sql << ": " << (stmt.ok() ? "" : stmt.error().message);
        if (!stmt) return {};
        auto row = stmt->step();
        EXPECT_TRUE(row.ok() && *row) << sql;
        return stmt->column_text(0);
    }
};

TEST(PageStore, CommitsSendOnlyTheChunksTheyChanged) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)").ok());
    ASSERT_TRUE(
        h.db->exec("BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000) "
                   "INSERT INTO t SELECT i, randomblob(1000) FROM n; COMMIT")
            .ok());
    const std::int64_t file_bytes = h.store->file_size();
    EXPECT_GT(file_bytes, 2'000'000);
    h.sink.batches.clear();

    ASSERT_TRUE(h.db->exec("UPDATE t SET body = randomblob(1000) WHERE id = 777").ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    const PageBatch& b = h.sink.batches.back();
    // The row's leaf page and the header page (change counter); never the file.
    EXPECT_LE(h.sink.bytes.back().size(), 4u * kChunk);
    EXPECT_GE(b.indexes.size(), 1u);
    EXPECT_EQ(h.sink.bytes.back().size(), b.indexes.size() * kChunk);
    EXPECT_EQ(b.size, file_bytes);
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
}

TEST(PageStore, AOneRowCommitSavesOnlyTheBytesItChanged) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    ASSERT_TRUE(h.db->exec("CREATE INDEX t_v ON t(v)").ok());
    ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000) "
                           "INSERT INTO t SELECT i, 'value ' || i FROM n")
                    .ok());
    h.sink.batches.clear();
    const std::uint64_t sent_before = h.store->status().bytes_sent;
    ASSERT_TRUE(h.db->exec("UPDATE t SET v = 'changed' WHERE id = 2500").ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    const PageBatch& b = h.sink.batches.back();
    EXPECT_FALSE(b.compact);
    EXPECT_GE(b.indexes.size(), 3u) << "the row's page, two index pages, the header";
    EXPECT_LT(b.patch.size(), kChunk / 4) << "a few changed ranges, not " << b.indexes.size() << " chunks";
    EXPECT_EQ(h.store->status().bytes_sent - sent_before, b.patch.size());
    h.reopen();
    EXPECT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(h.scalar("SELECT v FROM t WHERE id = 2500"), "changed");
}

TEST(PageStore, TheLogIsCompactedWhenItPassesItsCap) {
    constexpr std::uint64_t kCap = 8 * 1024;
    Harness h(PageStoreOptions{kCap, limits::kPageMaxDiffedChunks});
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 3000) "
                           "INSERT INTO t SELECT i, 'value ' || i FROM n")
                    .ok());
    int compactions = 0;
    for (int i = 1; i <= 300; ++i) {
        ASSERT_TRUE(h.db->exec("UPDATE t SET v = 'edit " + std::to_string(i) + "' WHERE id = " +
                               std::to_string(i * 7 % 3000 + 1))
                        .ok());
        compactions += h.sink.batches.back().compact ? 1 : 0;
        ASSERT_LE(h.durable.log_bytes(), kCap);
        if (i % 50 == 0) {
            h.reopen();  // the log's state survives a reload: the next compaction still rewrites its chunks
            ASSERT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
        }
    }
    EXPECT_GE(compactions, 2);
    EXPECT_EQ(h.store->status().log_bytes, h.durable.log_bytes());
    h.reopen();
    EXPECT_EQ(h.scalar("SELECT v FROM t WHERE id = " + std::to_string(300 * 7 % 3000 + 1)), "edit 300");
}

TEST(PageStore, ACommitTooLargeToDiffIsSavedWhole) {
    Harness h(PageStoreOptions{limits::kPageLogMaxBytes, 16});
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)").ok());
    ASSERT_TRUE(h.db->exec("UPDATE t SET body = NULL").ok());  // a patch goes to the log first
    h.sink.batches.clear();
    ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 400) "
                           "INSERT INTO t SELECT i, randomblob(2000) FROM n")
                    .ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    EXPECT_TRUE(h.sink.batches.back().compact);
    EXPECT_TRUE(h.durable.log.empty());
    ASSERT_TRUE(h.db->exec("UPDATE t SET body = x'00' WHERE id = 5").ok());
    EXPECT_FALSE(h.sink.batches.back().compact) << "small commits are patches again";
    h.reopen();
    EXPECT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(h.scalar("SELECT count(*) || ':' || hex(body) FROM t WHERE id = 5"), "1:00");
}

// Commits, failures, retries, shrinking and reloads in a random order: every reload finds exactly the file the
// last acknowledged batch described, in IndexedDB (chunks + log) and in the second copy alike.
TEST(PageStore, RandomCommitsFailuresAndShrinksReloadTheSame) {
    const std::uint32_t kRandomSeeds = std::getenv("CRM_PAGESTORE_SEEDS") ? static_cast<std::uint32_t>(std::atoi(std::getenv("CRM_PAGESTORE_SEEDS"))) : 8;
    for (std::uint32_t seed = 1; seed <= kRandomSeeds; ++seed) {
        SCOPED_TRACE(seed);
        std::uint32_t state = seed;
        auto next = [&state](std::uint32_t n) {
            state = state * 1664525u + 1013904223u;
            return (state >> 8) % n;
        };
        Harness h(PageStoreOptions{16 * 1024, 64});
        ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").ok());
        h.sink.auto_ack = false;
        int next_id = 1;
        for (int step = 0; step < 400; ++step) {
            const std::uint32_t op = next(100);
            Status st;
            if (op < 40) {
                st = h.db->exec("INSERT INTO t VALUES(" + std::to_string(next_id++) + ", randomblob(" +
                                std::to_string(10 + next(3000)) + "))");
            } else if (op < 65) {
                st = h.db->exec("UPDATE t SET v = randomblob(" + std::to_string(1 + next(200)) +
                                ") WHERE id = " + std::to_string(1 + next(static_cast<std::uint32_t>(next_id))));
            } else if (op < 75) {
                st = h.db->exec("DELETE FROM t WHERE id % 3 = " + std::to_string(next(3)));
            } else if (op < 78) {
                st = h.db->exec("VACUUM");
            } else if (op < 90 && h.sink.open) {
                if (next(4) == 0) h.sink.fail_last("AbortError: test");
                else h.sink.ack_last();
            } else if (op < 95) {
                h.store->flush();
            } else {
                // Settle (ack everything owed), note the content, reload, compare.
                for (int guard = 0; guard < 100 && h.store->status().phase != SavePhase::Saved; ++guard) {
                    if (h.sink.open) h.sink.ack_last();
                    else h.store->flush();
                }
                ASSERT_EQ(h.store->status().phase, SavePhase::Saved);
                const std::string query =
                    "SELECT count(*) || ':' || coalesce(group_concat(id || '=' || hex(v), ','), '') "
                    "FROM (SELECT id, v FROM t ORDER BY id)";
                const std::string content = h.scalar(query);
                h.reopen();
                h.sink.auto_ack = false;
                ASSERT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
                ASSERT_EQ(h.scalar(query), content);
            }
            ASSERT_TRUE(st.ok()) << st.error().message;
        }
    }
}

TEST(PageStore, MalformedPatchesAreRefused) {
    std::vector<std::vector<std::uint8_t>> file;
    const std::vector<std::uint8_t> no_header = {1, 2, 3, 4, 5};
    EXPECT_FALSE(apply_page_patch(file, kChunk, no_header.data(), no_header.size()).ok());
    // chunk 0, offset 4090, length 10: past the chunk's end
    const std::vector<std::uint8_t> past = {'C', 'R', 'M', 'P', 0, 0, 0, 0, 0xFA, 0x0F, 10, 0,
                                            1,   2,   3,   4,   5, 6, 7, 8, 9,    10};
    EXPECT_FALSE(apply_page_patch(file, kChunk, past.data(), past.size()).ok());
    const std::vector<std::uint8_t> cut = {'C', 'R', 'M', 'P', 0, 0, 0, 0, 0, 0, 10, 0, 1, 2};
    EXPECT_FALSE(apply_page_patch(file, kChunk, cut.data(), cut.size()).ok());
    const std::vector<std::uint8_t> good = {'C', 'R', 'M', 'P', 1, 0, 0, 0, 2, 0, 2, 0, 0xAB, 0xCD};
    ASSERT_TRUE(apply_page_patch(file, kChunk, good.data(), good.size()).ok());
    ASSERT_EQ(file.size(), 2u);
    EXPECT_EQ(file[1][2], 0xAB);
    EXPECT_EQ(file[1][3], 0xCD);
    EXPECT_EQ(file[1][0], 0);
}

TEST(PageStore, ReopenFromDurableCopyGivesTheSameDatabase) {
    Harness h;
    test::FakeClock clock;
    {
        StoreOptions options;
        options.device_id = "dev-a";
        options.now = clock.fn();
        options.id_seed = 3;
        options.db.vfs = h.store->vfs_name();
        options.db.memory_journal = true;
        h.db.reset();
        auto store = Store::open("crm.db", options);
        ASSERT_TRUE(store.ok()) << store.error().message;
        domain::Record draft((*store)->registry().get(domain::entity::kContact));
        draft.set("name", "Иванов Пётр").set("phones", nlohmann::json::array({"+7 900 123-45-67"}));
        auto created = (*store)->records(domain::entity::kContact).create(draft);
        ASSERT_TRUE(created.ok()) << created.error().message;
    }
    const std::uint64_t saved = h.store->status().saved_seq;
    EXPECT_GT(saved, 0u);
    h.reopen();
    h.db.reset();  // the CRM schema needs the Store's collation and tokenizer: reopen through a Store
    EXPECT_EQ(h.store->status().saved_seq, saved);
    StoreOptions options;
    options.now = clock.fn();
    options.db.vfs = h.store->vfs_name();
    options.db.memory_journal = true;
    auto store = Store::open("crm.db", options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ((*store)->device_id(), "dev-a");
    auto check = (*store)->db().prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.ok() && check->step().value_or(false));
    EXPECT_EQ(check->column_text(0), "ok");
    auto name = (*store)->db().prepare("SELECT name FROM contacts WHERE deleted = 0");
    ASSERT_TRUE(name.ok() && name->step().value_or(false));
    EXPECT_EQ(name->column_text(0), "Иванов Пётр");
    EXPECT_TRUE(h.sink.batches.empty()) << "opening and reading must not write";
}

TEST(PageStore, RollbackSendsNothing) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    const auto before = h.sink.batches.size();
    ASSERT_TRUE(h.db->exec("BEGIN; INSERT INTO t VALUES(1, 'x'); ROLLBACK").ok());
    EXPECT_EQ(h.sink.batches.size(), before);
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
    h.reopen();
    EXPECT_EQ(h.scalar("SELECT count(*) FROM t"), "0");
}

TEST(PageStore, ShrinkingDropsTrailingChunks) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)").ok());
    ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 500) "
                           "INSERT INTO t SELECT i, randomblob(2000) FROM n")
                    .ok());
    const auto big = h.durable.copy.size();
    ASSERT_TRUE(h.db->exec("DELETE FROM t WHERE id > 10").ok());
    ASSERT_TRUE(h.db->exec("VACUUM").ok());
    EXPECT_LT(h.durable.copy.size(), big / 10);
    EXPECT_EQ(static_cast<std::int64_t>(h.durable.copy.size()) * kChunk, h.durable.size);
    EXPECT_LE(h.durable.chunks.size(), h.durable.copy.size()) << "IndexedDB dropped them too";
    h.reopen();
    EXPECT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(h.scalar("SELECT count(*) FROM t"), "10");
}

TEST(PageStore, CommitsDuringASaveGoOutTogetherAfterIt) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    h.sink.auto_ack = false;
    h.sink.batches.clear();
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(1, 'a')").ok());
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(2, 'b')").ok());
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(3, 'c')").ok());
    ASSERT_EQ(h.sink.batches.size(), 1u) << "one batch in flight at a time";
    EXPECT_EQ(h.store->status().phase, SavePhase::Saving);
    h.sink.ack_last();
    ASSERT_EQ(h.sink.batches.size(), 2u) << "the later commits follow once the first is durable";
    EXPECT_EQ(h.sink.batches[1].seq, h.store->status().committed_seq);
    h.sink.ack_last();
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
    h.reopen();
    EXPECT_EQ(h.scalar("SELECT group_concat(v, '') FROM t"), "abc");
}

// Pulled pages (set_deferring) are not saved one by one: they wait for flush() or go with the next own
// commit, which is saved at once as always.
TEST(PageStore, DeferredCommitsWaitForAFlushOrAnOwnCommit) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    h.sink.batches.clear();
    h.store->set_deferring(true);
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(1, 'a')").ok());
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(2, 'b')").ok());
    h.store->set_deferring(false);
    EXPECT_TRUE(h.sink.batches.empty()) << "pulled data waits";
    EXPECT_LT(h.store->status().saved_seq, h.store->status().committed_seq);
    EXPECT_TRUE(h.store->flush());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);

    h.store->set_deferring(true);
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(3, 'c')").ok());
    h.store->set_deferring(false);
    EXPECT_EQ(h.sink.batches.size(), 1u);
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(4, 'd')").ok());  // the rep's own commit
    ASSERT_EQ(h.sink.batches.size(), 2u) << "an own commit is saved at once, the deferred one with it";
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
    h.reopen();
    EXPECT_EQ(h.scalar("SELECT group_concat(v, '') FROM t"), "abcd");
}

TEST(PageStore, RewritesOfInFlightChunksCountAgainstTheDiffCap) {
    // The copies kept to diff against are capped, also those of chunks written again while their batch is in
    // flight: past the cap the next batch goes whole instead of keeping a copy of every chunk it rewrites.
    Harness h(PageStoreOptions{limits::kPageLogMaxBytes, 8});
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)").ok());
    ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200) "
                           "INSERT INTO t SELECT i, randomblob(1000) FROM n")
                    .ok());
    ASSERT_TRUE(h.db->exec("UPDATE t SET body = randomblob(1000) WHERE id = 100").ok());  // a patch again
    ASSERT_FALSE(h.sink.batches.back().compact);
    h.sink.auto_ack = false;
    h.sink.batches.clear();
    const char* five_pages = "UPDATE t SET body = randomblob(1000) WHERE id IN (1, 41, 81, 121, 161)";
    ASSERT_TRUE(h.db->exec(five_pages).ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    ASSERT_FALSE(h.sink.batches.back().compact) << "five rows' pages and the header: under the cap";
    ASSERT_TRUE(h.db->exec(five_pages).ok());  // the same chunks again, while they are in flight
    h.sink.ack_last();
    ASSERT_EQ(h.sink.batches.size(), 2u);
    EXPECT_TRUE(h.sink.batches.back().compact);
    h.sink.ack_last();
    const char* content = "SELECT group_concat(hex(substr(body, 1, 16)), ',') FROM t";
    const std::string before = h.scalar(content);
    h.reopen();
    EXPECT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(h.scalar(content), before);
}

TEST(PageStore, AFailedSaveIsKeptAndRetriedWhole) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    const Durable before = h.durable;
    h.sink.auto_ack = false;
    h.sink.batches.clear();
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(1, 'kept')").ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    h.sink.fail_last("QuotaExceededError: full");
    SaveStatus st = h.store->status();
    EXPECT_EQ(st.phase, SavePhase::Error);
    EXPECT_EQ(st.failures, 1);
    EXPECT_EQ(st.last_error, "QuotaExceededError: full");
    EXPECT_GT(st.owed_chunks, 0u);

    // The app keeps working; nothing is sent until the caller's backoff asks for it.
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(2, 'also')").ok());
    EXPECT_EQ(h.sink.batches.size(), 1u);
    EXPECT_EQ(h.durable.seq, before.seq) << "the failed batch changed nothing durable";

    ASSERT_TRUE(h.store->flush());
    ASSERT_EQ(h.sink.batches.size(), 2u);
    h.sink.ack_last();
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
    EXPECT_EQ(h.store->status().failures, 0);
    h.reopen();
    EXPECT_EQ(h.scalar("SELECT group_concat(v, ',') FROM t"), "kept,also");
}

TEST(PageStore, StaleAcksAreIgnoredAndNoSinkMeansMemoryOnly) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY)").ok());
    h.sink.auto_ack = false;
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(1)").ok());
    const std::uint64_t seq = h.sink.batches.back().seq;
    h.store->ack(seq + 5);
    EXPECT_EQ(h.store->status().phase, SavePhase::Saving);
    h.store->set_sink(nullptr);
    EXPECT_EQ(h.store->status().phase, SavePhase::MemoryOnly);
}

TEST(PageStore, PagesSmallerOrLargerThanAChunkRoundTrip) {
    // SQLite pages of 1 KiB write inside chunks, pages of 8 and 64 KiB span several: both must read back.
    for (const int page_size : {1024, 8192, 65536}) {
        SCOPED_TRACE(page_size);
        Harness h;
        ASSERT_TRUE(h.db->exec("PRAGMA page_size = " + std::to_string(page_size)).ok());
        ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, body BLOB)").ok());
        ASSERT_TRUE(h.db->exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 300) "
                               "INSERT INTO t SELECT i, randomblob(700 + i) FROM n")
                        .ok());
        const std::string sum = h.scalar("SELECT sum(length(body)) || ':' || hex(substr(body, 1, 8)) FROM t");
        h.reopen();
        EXPECT_EQ(h.scalar("PRAGMA page_size"), std::to_string(page_size));
        EXPECT_EQ(h.scalar("PRAGMA integrity_check"), "ok");
        EXPECT_EQ(h.scalar("SELECT sum(length(body)) || ':' || hex(substr(body, 1, 8)) FROM t"), sum);
    }
}

TEST(PageStore, LoadRejectsAChunkOfTheWrongSize) {
    PageStore store("pagestore-test-bad", "crm.db", kChunk);
    std::vector<std::uint8_t> half(kChunk / 2);
    Status st = store.load(0, half.data(), half.size());
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.error().message.find("chunk 0"), std::string::npos) << st.error().message;
}

}  // namespace
}  // namespace crm::storage
