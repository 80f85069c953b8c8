// The page store VFS against a fake durable store that behaves like the browser's IndexedDB side: a batch is
// applied whole when acked, never in part.
#include "core/storage/page_store.hpp"

#include <gtest/gtest.h>

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

// What IndexedDB holds: chunks by index plus {size, seq}.
struct Durable {
    std::map<std::uint32_t, std::vector<std::uint8_t>> chunks;
    std::int64_t size = 0;
    std::uint64_t seq = 0;

    void apply(const PageBatch& b) {
        for (std::size_t i = 0; i < b.indexes.size(); ++i)
            chunks[b.indexes[i]].assign(
                b.bytes.begin() + static_cast<std::ptrdiff_t>(i * b.chunk_size),
                b.bytes.begin() + static_cast<std::ptrdiff_t>((i + 1) * b.chunk_size));
        chunks.erase(chunks.lower_bound(b.chunk_count), chunks.end());
        size = b.size;
        seq = b.seq;
    }
};

// Records batches; acks at once (applying them) unless told to hold them.
struct FakeSink : PageSink {
    PageStore* store = nullptr;
    Durable* durable = nullptr;
    bool auto_ack = true;
    std::vector<PageBatch> batches;
    void write(const PageBatch& batch) override {
        batches.push_back(batch);
        if (auto_ack) ack_last();
    }
    void ack_last() {
        durable->apply(batches.back());
        store->ack(batches.back().seq);
    }
};

int g_vfs_counter = 0;

struct Harness {
    Durable durable;
    std::unique_ptr<PageStore> store;
    FakeSink sink;
    std::unique_ptr<Database> db;

    Harness() { reopen(); }

    // A new "page load": a fresh VFS loaded from what is durable, and a new connection.
    void reopen() {
        db.reset();
        sink.batches.clear();
        store = std::make_unique<PageStore>("pagestore-test-" + std::to_string(++g_vfs_counter), "crm.db",
                                            kChunk);
        for (const auto& [index, bytes] : durable.chunks)
            ASSERT_TRUE(store->load(index, bytes.data(), bytes.size()).ok());
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
    EXPECT_LE(b.bytes.size(), 4u * kChunk);
    EXPECT_GE(b.indexes.size(), 1u);
    EXPECT_EQ(b.bytes.size(), b.indexes.size() * kChunk);
    EXPECT_EQ(b.size, file_bytes);
    EXPECT_EQ(h.store->status().phase, SavePhase::Saved);
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
    const auto big = h.durable.chunks.size();
    ASSERT_TRUE(h.db->exec("DELETE FROM t WHERE id > 10").ok());
    ASSERT_TRUE(h.db->exec("VACUUM").ok());
    EXPECT_LT(h.durable.chunks.size(), big / 10);
    EXPECT_EQ(static_cast<std::int64_t>(h.durable.chunks.size()) * kChunk, h.durable.size);
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

TEST(PageStore, AFailedSaveIsKeptAndRetriedWhole) {
    Harness h;
    ASSERT_TRUE(h.db->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)").ok());
    const Durable before = h.durable;
    h.sink.auto_ack = false;
    h.sink.batches.clear();
    ASSERT_TRUE(h.db->exec("INSERT INTO t VALUES(1, 'kept')").ok());
    ASSERT_EQ(h.sink.batches.size(), 1u);
    h.store->fail(h.sink.batches.back().seq, "QuotaExceededError: full");
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
