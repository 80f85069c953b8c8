// A page of new records is indexed for search once, after its rows (domain/deferred_search.hpp): the rows it
// brings are found, the full-text index stays whole (FTS5's own integrity check against the table), a record
// the same batch adopts and then updates is found by its new value only, and the insert trigger is back for
// the device's own writes afterwards.
#include <gtest/gtest.h>

#include "core/domain/ddl.hpp"
#include "core/domain/deferred_search.hpp"
#include "core/sync/client.hpp"
#include "core/sync/merge.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using test::FakeClock;
using test::message_of;

std::int64_t matches(Store& store, const std::string& words) {
    return test::query_int(store.db(),
                           "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH '" + words + "'");
}

// FTS5 compares its index with the content table (rank 1): an entry missing, extra or stale fails it.
void expect_index_whole(Store& store) {
    for (const char* table : {"companies", "contacts"}) {
        const std::string fts = std::string(table) + "_fts";
        EXPECT_TRUE(
            store.db().exec("INSERT INTO " + fts + "(" + fts + ", rank) VALUES ('integrity-check', 1)"))
            << table;
    }
}

TEST(DeferredSearch, ANewDevicesPagesAreFoundAndTheIndexIsWhole) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 11);
    ASSERT_TRUE(server);
    for (int i = 0; i < 300; ++i)
        test::create_record(*server, "contact",
                            {{"name", "Контакт " + std::to_string(i)}, {"position", "Инженер"}});
    test::create_record(*server, "contact", {{"name", "Ёлкина Алёна"}, {"position", "Бухгалтер"}});
    auto device = test::open_store("device", clock, 12);
    ASSERT_TRUE(device);
    sync::SyncClient client(*device);
    ASSERT_TRUE(test::sync_once(client, *server, 100).ok());  // several pages

    EXPECT_EQ(test::query_int(device->db(), "SELECT count(*) FROM contacts"), 301);
    EXPECT_EQ(matches(*device, "елкин*"), 1) << "ё folds to е, as on the device that wrote it";
    EXPECT_EQ(matches(*device, "инженер*"), 300);
    expect_index_whole(*device);
    // The trigger is back: the device's own new contact is found at once.
    EXPECT_EQ(test::query_int(
                  device->db(),
                  "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name = 'contacts_fts_ai'"),
              1);
    test::create_record(*device, "contact", {{"name", "Зорина Вера"}});
    EXPECT_EQ(matches(*device, "зорин*"), 1);
    expect_index_whole(*device);
}

TEST(DeferredSearch, ARecordAdoptedThenUpdatedInOneBatchIsFoundByItsNewValueOnly) {
    FakeClock clock;
    auto server = test::open_store("server", clock, 11);
    ASSERT_TRUE(server);
    test::create_record(*server, "contact", {{"name", "Старикова Анна"}});
    test::create_record(*server, "contact", {{"name", "Соседова Ольга"}});
    auto records = server->changes().since_records(0, 10);
    ASSERT_TRUE(records.ok()) << message_of(records);
    std::vector<sync::RecordState> batch = *records;
    ASSERT_EQ(batch.size(), 2u);
    // The first record again, renamed under a newer clock, after the second one.
    sync::RecordState again = batch[0];
    for (std::size_t i = 0; i < again.fields.size(); ++i) {
        if (again.fields[i] != "name") continue;
        again.values[i] = "Новикова Анна";
        again.clocks[i].hlc.ms += 1000;
    }
    batch.push_back(again);

    auto device = test::open_store("device", clock, 12);
    ASSERT_TRUE(device);
    auto taken = sync::apply_records(device->db(), device->changes(), batch);
    ASSERT_TRUE(taken.ok()) << message_of(taken);
    EXPECT_TRUE(taken->rejected.empty());
    EXPECT_EQ(matches(*device, "новиков*"), 1);
    EXPECT_EQ(matches(*device, "старикова*"), 0);
    EXPECT_EQ(matches(*device, "соседов*"), 1);
    expect_index_whole(*device);
}

TEST(DeferredSearch, ARolledBackBatchLeavesTheTriggerInPlace) {
    FakeClock clock;
    auto store = test::open_store("device", clock, 12);
    ASSERT_TRUE(store);
    {
        auto tx = storage::Transaction::begin(store->db());
        ASSERT_TRUE(tx.ok());
        domain::DeferredSearch search(store->db());
        ASSERT_TRUE(search.defer(store->registry().get("contact")).ok());
        EXPECT_EQ(
            test::query_int(store->db(), "SELECT count(*) FROM sqlite_schema WHERE name = 'contacts_fts_ai'"),
            0);
    }  // not committed
    EXPECT_EQ(
        test::query_int(store->db(), "SELECT count(*) FROM sqlite_schema WHERE name = 'contacts_fts_ai'"), 1);
    test::create_record(*store, "contact", {{"name", "Зорина Вера"}});
    EXPECT_EQ(matches(*store, "зорин*"), 1);
}

}  // namespace
}  // namespace crm
