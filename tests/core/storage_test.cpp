#include <gtest/gtest.h>

#include "core/limits.hpp"

#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/storage/sqlite.hpp"
#include "tests/core/test_support.hpp"

namespace crm::storage {
namespace {

Database memory() {
    auto db = Database::open_memory();
    EXPECT_TRUE(db.ok());
    return std::move(db).value();
}

int count_rows(Database& db, const char* table) {
    auto stmt = db.prepare(std::string("SELECT count(*) FROM ") + table);
    EXPECT_TRUE(stmt.ok());
    auto row = stmt->step();
    EXPECT_TRUE(row.ok() && *row);
    return static_cast<int>(stmt->column_int(0));
}

TEST(Sqlite, ErrorsAreValues) {
    Database db = memory();
    auto bad = db.prepare("SELEC 1");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Storage);
    EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;

    ASSERT_TRUE(db.exec("CREATE TABLE t(k TEXT PRIMARY KEY, n INTEGER)").ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES('a', 1)").ok());
    Status dup = db.exec("INSERT INTO t VALUES('a', 2)");
    ASSERT_FALSE(dup.ok());
    EXPECT_EQ(dup.error().code, ErrorCode::Conflict);

    auto stmt = db.prepare("INSERT INTO t VALUES(?1, ?2)");
    ASSERT_TRUE(stmt.ok());
    stmt->bind(1, "a").bind(2, 5);
    Status step = stmt->run();
    ASSERT_FALSE(step.ok());
    EXPECT_EQ(step.error().code, ErrorCode::Conflict);
    EXPECT_NE(step.error().message.find("UNIQUE"), std::string::npos);

    // A bind to a parameter that does not exist is reported by step(), not lost.
    auto select = db.prepare("SELECT n FROM t WHERE k = ?1");
    ASSERT_TRUE(select.ok());
    select->bind(2, "a");
    EXPECT_FALSE(select->step().ok());

    auto missing = Database::open("/nonexistent-dir/x/y.db");
    EXPECT_FALSE(missing.ok());
}

TEST(Sqlite, BindsAndReadsEveryType) {
    Database db = memory();
    auto stmt = db.prepare("SELECT ?1, ?2, ?3, ?4, ?5");
    ASSERT_TRUE(stmt.ok());
    stmt->bind(1, std::int64_t{1} << 40)
        .bind(2, 2.5)
        .bind(3, std::string("Ёж"))
        .bind_null(4)
        .bind(5, std::optional<std::string>{});
    auto row = stmt->step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ(stmt->column_count(), 5);
    EXPECT_EQ(stmt->column_int(0), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(stmt->column_double(1), 2.5);
    EXPECT_EQ(stmt->column_text(2), "Ёж");
    EXPECT_TRUE(stmt->is_null(3));
    EXPECT_EQ(stmt->column_opt_text(4), std::nullopt);
    EXPECT_EQ(stmt->column_opt_text(2), std::optional<std::string>("Ёж"));
    auto done = stmt->step();
    ASSERT_TRUE(done.ok());
    EXPECT_FALSE(*done);
    // reset() also clears the bindings.
    ASSERT_TRUE(stmt->reset().ok());
    row = stmt->step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_TRUE(stmt->is_null(0));
}

// A cached statement stays usable while the calls made with it in hand fill the cache past its bound.
TEST(Sqlite, ACachedStatementSurvivesTheCacheBeingCleared) {
    auto db = Database::open_memory();
    ASSERT_TRUE(db.ok());
    auto held = db->cached("SELECT 41 + 1");
    ASSERT_TRUE(held.ok());
    for (std::size_t i = 0; i <= limits::kMaxCachedStatements + 1; ++i)
        ASSERT_TRUE(db->cached("SELECT " + std::to_string(i)).ok());
    auto row = (*held)->step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*held)->column_int(0), 42);
    (void)(*held)->reset();
}

TEST(Sqlite, TransactionRollsBackUnlessCommitted) {
    Database db = memory();
    ASSERT_TRUE(db.exec("CREATE TABLE t(n INTEGER)").ok());
    {
        auto tx = Transaction::begin(db);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
    }
    EXPECT_EQ(count_rows(db, "t"), 0);
    EXPECT_FALSE(db.in_transaction());
    {
        auto tx = Transaction::begin(db);
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
        ASSERT_TRUE(tx->commit().ok());
    }
    EXPECT_EQ(count_rows(db, "t"), 1);
}

TEST(Sqlite, NestedTransactionIsASavepoint) {
    Database db = memory();
    ASSERT_TRUE(db.exec("CREATE TABLE t(n INTEGER)").ok());
    auto outer = Transaction::begin(db);
    ASSERT_TRUE(outer.ok());
    ASSERT_TRUE(db.exec("INSERT INTO t VALUES(1)").ok());
    {
        auto inner = Transaction::begin(db);  // failed inner write: only it rolls back
        ASSERT_TRUE(inner.ok());
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES(2)").ok());
    }
    {
        auto inner = Transaction::begin(db);
        ASSERT_TRUE(db.exec("INSERT INTO t VALUES(3)").ok());
        ASSERT_TRUE(inner->commit().ok());
    }
    EXPECT_TRUE(db.in_transaction());
    ASSERT_TRUE(outer->commit().ok());
    EXPECT_EQ(count_rows(db, "t"), 2);
    auto sum = db.prepare("SELECT sum(n) FROM t");
    ASSERT_TRUE(sum.ok() && sum->step().ok());
    EXPECT_EQ(sum->column_int(0), 4);
}

TEST(Migrations, FreshDatabaseGetsTheCurrentSchema) {
    Database db = memory();
    Status migrated = migrate(db);
    ASSERT_TRUE(migrated.ok()) << test::message_of(migrated);
    EXPECT_EQ(schema_version(db).value_or(-1), kSchemaVersion);
    for (const char* table :
         {"companies", "contacts", "sync_clocks", "sync_outbox", "meta", "companies_fts", "contacts_fts"})
        EXPECT_EQ(count_rows(db, table), 0) << table;
    // The journey's six default stages are the one data every replica starts with.
    for (const char* table : {"enum_options", "enum_options_fts"}) EXPECT_EQ(count_rows(db, table), 6) << table;
    // Schema 3 keeps sync state, not a change log.
    EXPECT_EQ(test::query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'changes'"), 0);
    // Idempotent on an up-to-date database.
    migrated = migrate(db);
    ASSERT_TRUE(migrated.ok()) << test::message_of(migrated);
    EXPECT_EQ(schema_version(db).value_or(-1), kSchemaVersion);
}

TEST(Migrations, ReopenKeepsDataAndRefusesNewerSchema) {
    test::TempFile file("migrations");
    {
        auto db = Database::open(file.path());
        ASSERT_TRUE(db.ok()) << db.error().message;
        ASSERT_TRUE(migrate(*db).ok());
        ASSERT_TRUE(set_meta(*db, "k", "v1").ok());
        ASSERT_TRUE(set_meta(*db, "k", "v2").ok());
    }
    {
        auto db = Database::open(file.path());
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(migrate(*db).ok());
        auto v = get_meta(*db, "k");
        ASSERT_TRUE(v.ok());
        EXPECT_EQ(v->value_or(""), "v2");
        auto none = get_meta(*db, "absent");
        ASSERT_TRUE(none.ok());
        EXPECT_FALSE(none->has_value());
        ASSERT_TRUE(db->exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)).ok());
    }
    auto db = Database::open(file.path());
    ASSERT_TRUE(db.ok());
    Status refused = migrate(*db);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Unsupported);
    EXPECT_NE(refused.error().message.find("upgrade"), std::string::npos);
    // The store refuses it too, without touching it.
    test::FakeClock clock;
    StoreOptions options;
    options.now = clock.fn();
    auto store = Store::open(file.path(), options);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::Unsupported);
    EXPECT_EQ(schema_version(*db).value_or(-1), kSchemaVersion + 1);
}

TEST(Migrations, CollationSortsCyrillicCaseInsensitively) {
    Database db = memory();
    ASSERT_TRUE(register_functions(db).ok());
    ASSERT_TRUE(
        db.exec("CREATE TABLE w(s TEXT); INSERT INTO w VALUES('яков'),('Борис'),('ёлка'),('Ель'),('алла')")
            .ok());
    auto stmt = db.prepare("SELECT group_concat(s, ',') FROM (SELECT s FROM w ORDER BY s COLLATE crm_fold)");
    ASSERT_TRUE(stmt.ok());
    ASSERT_TRUE(stmt->step().ok());
    EXPECT_EQ(stmt->column_text(0), "алла,Борис,ёлка,Ель,яков");
}

TEST(Store, DeviceIdIsMadeOnceAndKept) {
    test::TempFile file("device");
    test::FakeClock clock;
    std::string first;
    {
        auto store = test::open_store("", clock, 0, file.path());
        ASSERT_TRUE(store);
        first = store->device_id();
        EXPECT_TRUE(is_uuid(first)) << first;
    }
    auto again = test::open_store("", clock, 0, file.path());
    ASSERT_TRUE(again);
    EXPECT_EQ(again->device_id(), first);
}

TEST(Store, ClockResumesAfterTheNewestLoggedChange) {
    test::TempFile file("clock");
    test::FakeClock clock;
    sync::Hlc last;
    {
        auto store = test::open_store("dev", clock, 1, file.path());
        ASSERT_TRUE(store);
        domain::Record c(store->registry().get(domain::entity::kCompany));
        c.set("name", "Альфа");
        ASSERT_TRUE(store->records(domain::entity::kCompany).create(c).ok());
        last = store->clock().last();
    }
    clock.advance(-60'000);  // the wall clock jumped back a minute
    auto store = test::open_store("dev", clock, 1, file.path());
    ASSERT_TRUE(store);
    EXPECT_GT(store->clock().tick(), last);
}

}  // namespace
}  // namespace crm::storage
