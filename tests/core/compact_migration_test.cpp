// Schema v3 turns the change log of schemas 1-2 into compact state in place: each field keeps exactly its
// winning clock, this device's unacknowledged winning edits are in the outbox, rows keep their keys (the
// search index still finds them) and the server's cursor numbering is kept.
#include <gtest/gtest.h>

#include "core/domain/repository.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/client.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

constexpr const char* kOwn = "0190a0b0-0000-7000-8000-00000000d0d0";
constexpr const char* kOther = "0190a0b0-0000-7000-8000-00000000e0e0";
constexpr const char* kRow = "0190a0b0-0000-7000-8000-0000000000a1";
constexpr std::int64_t kMs = 1'700'000'000'000;

std::string change(const char* field, const std::string& value, std::int64_t ms, const char* device,
                   int seq) {
    return "INSERT INTO changes(seq, tbl, row_id, field, value, hlc, device) VALUES (" + std::to_string(seq) +
           ", 'companies', '" + kRow + "', '" + field + "', '" + value + "', " + std::to_string(ms << 16) +
           ", '" + device + "');\n";
}

TEST(CompactMigration, AV1HistoryBecomesTheWinningClocksAndTheUnsentWinningEdits) {
    test::TempFile file("compact");
    {
        auto db = storage::Database::open(file.path());
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(storage::migrate(*db, 1).ok());
        std::string sql = "INSERT INTO meta(key, value) VALUES ('device_id', '" + std::string(kOwn) +
                          "'), ('sync.pushed_upto', '3'), ('sync.cursor', '40');\n";
        sql += "INSERT INTO companies(id, name, address, owner, notes, created_at, updated_at) VALUES ('" +
               std::string(kRow) + "', 'Ромашка плюс', 'Тула', 'olga', 'Звонить утром', " +
               std::to_string(kMs) + ", " + std::to_string(kMs + 50) + ");\n";
        // Created by this device and pushed (seq <= 3).
        sql += change("name", "\"Ромашка\"", kMs, kOwn, 1);
        sql += change("created_at", std::to_string(kMs), kMs, kOwn, 2);
        sql += change("deleted", "0", kMs, kOwn, 3);
        // Renamed elsewhere later: that edit won.
        sql += change("name", "\"Ромашка плюс\"", kMs + 10, kOther, 20);
        // This device's unsent edits: an address that lost to a later one from elsewhere, an owner that won.
        sql += change("address", "\"Орёл\"", kMs + 20, kOwn, 21);
        sql += change("address", "\"Тула\"", kMs + 30, kOther, 22);
        sql += change("owner", "\"olga\"", kMs + 40, kOwn, 23);
        // The same clock twice from two devices: the larger device id wins, as in the merge.
        sql += change("notes", "\"Звонить вечером\"", kMs + 50, kOwn, 24);
        sql += change("notes", "\"Звонить утром\"", kMs + 50, kOther, 25);
        ASSERT_TRUE(db->exec(sql).ok());
    }

    test::FakeClock clock;
    auto store = test::open_store("", clock, 5, file.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(storage::schema_version(store->db()).value_or(-1), storage::kSchemaVersion);
    auto log_left = store->db().prepare("SELECT count(*) FROM sqlite_master WHERE name = 'changes'");
    ASSERT_TRUE(log_left.ok() && log_left->step().value_or(false));
    EXPECT_EQ(log_left->column_int(0), 0) << "the change log is gone";

    auto& log = store->changes();
    auto expect_clock = [&](const char* field, std::int64_t ms, const char* device) {
        auto w = log.winner("companies", kRow, field);
        ASSERT_TRUE(w.ok());
        ASSERT_TRUE(w->has_value()) << field;
        EXPECT_EQ((*w)->hlc, sync::Hlc::unpack(ms << 16)) << field;
        EXPECT_EQ((*w)->device, device) << field;
    };
    expect_clock("name", kMs + 10, kOther);
    expect_clock("created_at", kMs, kOwn);
    expect_clock("deleted", kMs, kOwn);
    expect_clock("address", kMs + 30, kOther);
    expect_clock("owner", kMs + 40, kOwn);
    expect_clock("notes", kMs + 50, kOther);
    auto never = log.winner("companies", kRow, "phones");
    ASSERT_TRUE(never.ok());
    EXPECT_TRUE(never->has_value()) << "fields never written carry the row's creation clock";

    auto pending = log.pending(100);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 1u) << "only the unsent edit that still wins waits to be sent";
    EXPECT_EQ((*pending)[0].field, "owner");
    EXPECT_EQ((*pending)[0].value, "olga");
    EXPECT_EQ(log.last_seq(), 25) << "the server's numbering goes on where the log stopped";
    EXPECT_GT(store->clock().tick(), sync::Hlc::unpack((kMs + 50) << 16))
        << "the clock resumes after the log";

    domain::ListQuery q;
    q.search = "ромаш";
    auto found = store->records(domain::entity::kCompany).list(q);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->rows.size(), 1u) << "the search index was rebuilt over the kept rows";
    EXPECT_EQ(found->rows[0].text("address"), "Тула");
    auto integrity = store->db().prepare("PRAGMA integrity_check");
    ASSERT_TRUE(integrity.ok() && integrity->step().value_or(false));
    EXPECT_EQ(integrity->column_text(0), "ok");
}

TEST(CompactMigration, ARecordCreatedInOneWriteIsOneBaseClockAndNoOverride) {
    test::FakeClock clock;
    auto store = test::open_store("dev", clock, 5);
    ASSERT_NE(store, nullptr);
    domain::Record c(store->registry().get(domain::entity::kContact));
    c.set("name", "Пётр")
        .set("position", "Закупки")
        .set("phones", nlohmann::json::array({"+7 921 000-00-01"}));
    auto made = store->records(c.entity()).create(c);
    ASSERT_TRUE(made.ok());
    auto overrides = store->db().prepare("SELECT count(*) FROM sync_clocks");
    ASSERT_TRUE(overrides.ok() && overrides->step().value_or(false));
    EXPECT_EQ(overrides->column_int(0), 0);
    auto edited = *made;
    edited.set("position", "Директор");
    ASSERT_TRUE(store->records(c.entity()).update(edited).ok());
    auto after = store->db().prepare("SELECT count(*) FROM sync_clocks");
    ASSERT_TRUE(after.ok() && after->step().value_or(false));
    EXPECT_EQ(after->column_int(0), 1) << "one edited field, one override";
    EXPECT_EQ(store->changes().pending_count().value_or(-1),
              test::replicated_fields(domain::entity::kContact))
        << "every field of the new record, once";
}

}  // namespace
}  // namespace crm
