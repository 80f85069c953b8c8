// Schema 5 (the sales pipeline): a v4 database upgrades in place, and a v4 app keeps syncing with a v5
// server that leaves the pipeline's tables out of its answers.
#include <gtest/gtest.h>

#include <set>

#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

constexpr std::string_view kPipelineTables[] = {"pipelines", "stages", "loss_reasons", "deals",
                                                "stage_history"};

std::string make(Store& store, std::string_view entity,
                 const std::vector<std::pair<std::string, nlohmann::json>>& v) {
    domain::Repository repo = store.records(entity);
    domain::Record r(repo.entity());
    for (const auto& [k, val] : v) r.set(k, val);
    auto made = repo.create(r);
    EXPECT_TRUE(made.ok()) << entity << ": " << test::message_of(made);
    return made.ok() ? made->id : std::string();
}

TEST(PipelineSchema, AV4DatabaseUpgradesKeepingItsRowsAndOutbox) {
    test::TempFile file("v4");
    {
        auto db = storage::Database::open(file.path());
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(storage::migrate(*db, 4).ok());
        ASSERT_TRUE(db->exec("INSERT INTO meta(key, value) VALUES ('sync.cursor', '17');"
                             "INSERT INTO companies(id, name, created_at, updated_at) VALUES "
                             "('0190a0b0-0000-7000-8000-0000000000c1', 'ООО «Вектор»', 1, 1);"
                             "INSERT INTO sync_outbox(tbl, row, field) VALUES (1, 1, 1);")
                        .ok());
        for (const auto t : kPipelineTables)
            EXPECT_EQ(test::query_int(
                          *db, "SELECT count(*) FROM sqlite_master WHERE name = '" + std::string(t) + "'"),
                      0);
    }
    test::FakeClock clock;
    auto store = test::open_store("", clock, 3, file.path());
    ASSERT_NE(store, nullptr);
    EXPECT_EQ(storage::schema_version(store->db()).value_or(-1), storage::kSchemaVersion);
    EXPECT_EQ(test::query_int(store->db(), "SELECT count(*) FROM sync_outbox"), 1);
    EXPECT_EQ(test::query_int(store->db(), "SELECT count(*) FROM meta WHERE key = 'sync.cursor'"), 0)
        << "the cursor is reset: the old app skipped the tables it did not know";
    auto company = store->records(domain::entity::kCompany).get("0190a0b0-0000-7000-8000-0000000000c1");
    ASSERT_TRUE(company.ok());
    const std::string p = make(*store, domain::entity::kPipeline, {{"name", "Продажи"}});
    const std::string s = make(*store, domain::entity::kStage, {{"pipeline_id", p}, {"name", "Новый лид"}});
    domain::Record deal(store->registry().get(domain::entity::kDeal));
    deal.set("title", "Поставка").set("company_id", company->id).set("pipeline_id", p).set("stage_id", s);
    auto made = domain::create_deal(*store, deal);
    ASSERT_TRUE(made.ok() && made->moved) << test::message_of(made);
}

TEST(PipelineSchema, AV4ClientIsServedWithoutThePipelinesTables) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 99);
    ASSERT_NE(server, nullptr);
    const std::string c = make(*server, domain::entity::kCompany, {{"name", "Альфа"}});
    const std::string p = make(*server, domain::entity::kPipeline, {{"name", "Продажи"}});
    const std::string s = make(*server, domain::entity::kStage, {{"pipeline_id", p}, {"name", "Новый лид"}});
    make(*server, domain::entity::kLossReason, {{"name", "Дорого"}});
    domain::Record deal(server->registry().get(domain::entity::kDeal));
    deal.set("title", "Поставка").set("company_id", c).set("pipeline_id", p).set("stage_id", s);
    ASSERT_TRUE(domain::create_deal(*server, deal).ok());

    for (int protocol : {1, 2}) {
        SCOPED_TRACE(protocol);
        sync::SyncRequest v4;
        v4.protocol = protocol;
        v4.schema = 4;
        v4.device = "v4-device";
        auto old = sync::serve_sync(*server, v4, limits::kSyncPullBatch);
        ASSERT_TRUE(old.ok()) << old.error().message;
        std::set<std::string> tables;
        for (const auto& ch : old->changes) tables.insert(ch.table);
        for (const auto& r : old->records) tables.insert(r.table);
        EXPECT_EQ(tables, (std::set<std::string>{"companies"}));
        EXPECT_EQ(old->cursor, server->changes().last_seq()) << "the cursor passes what was left out";

        v4.schema = storage::kSchemaVersion;
        auto current = sync::serve_sync(*server, v4, limits::kSyncPullBatch);
        ASSERT_TRUE(current.ok());
        tables.clear();
        for (const auto& ch : current->changes) tables.insert(ch.table);
        for (const auto& r : current->records) tables.insert(r.table);
        for (const auto t : kPipelineTables) EXPECT_TRUE(tables.contains(std::string(t))) << t;
    }
}

}  // namespace
}  // namespace crm
