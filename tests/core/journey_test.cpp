// The customer journey as the team's option list (schema 6): the migration maps the old funnel's keys,
// the six defaults are the same zero-clock rows on every replica, a team's rename syncs and wins, every
// change is a field_history row, "since" reads it, and an older app's keys are mapped both ways.
#include <gtest/gtest.h>

#include <array>

#include "core/domain/entity.hpp"
#include "core/domain/journey.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/client.hpp"
#include "core/sync/protocol.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

using domain::journey_stage_keys;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

std::string stage_of(Store& store, std::string_view entity, const std::string& id) {
    auto r = store.records(entity).get(id);
    EXPECT_TRUE(r.ok()) << test::message_of(r);
    return r.ok() ? r->text("journey_stage") : std::string();
}

std::string journey_rows(Store& store) {
    auto stages = domain::load_journey(store.db());
    EXPECT_TRUE(stages.ok());
    std::string out;
    for (const auto& s : stages.value_or(std::vector<domain::JourneyStage>{}))
        out += s.id + "|" + s.label + "|" + std::to_string(s.position) + "\n";
    return out;
}

TEST(Journey, TheMigrationMapsEveryOldKey) {
    test::TempFile file("v5");
    const std::array<std::pair<const char*, std::size_t>, 7> cases{{{"awareness", 0},
                                                                    {"interest", 1},
                                                                    {"decision", 2},
                                                                    {"purchase", 3},
                                                                    {"retention", 5},
                                                                    {"advocacy", 5},
                                                                    {"something", 0}}};
    {
        auto db = storage::Database::open(file.path());
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(storage::migrate(*db, 5).ok());
        for (std::size_t i = 0; i < cases.size(); ++i) {
            const std::string n = std::to_string(i);
            for (const char* table : {"companies", "contacts"})
                ASSERT_TRUE(db->exec(std::string("INSERT INTO ") + table +
                                     "(id, name, journey_stage, created_at, updated_at) VALUES "
                                     "('0190a0b0-0000-7000-8000-00000000000" +
                                     n + "', 'N" + n + "', '" + cases[i].first + "', 1, 1)")
                                .ok());
        }
    }
    test::FakeClock clock;
    auto store = test::open_store("", clock, 3, file.path());
    ASSERT_NE(store, nullptr);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const std::string id = "0190a0b0-0000-7000-8000-00000000000" + std::to_string(i);
        for (std::string_view e : {domain::entity::kCompany, domain::entity::kContact})
            EXPECT_EQ(stage_of(*store, e, id), journey_stage_keys()[cases[i].second]) << cases[i].first;
    }
    // The old funnel's expression index gives way to one on the option id.
    EXPECT_EQ(
        test::query_int(store->db(), "SELECT count(*) FROM sqlite_master WHERE name = 'companies_by_stage'"),
        0);
    EXPECT_EQ(test::query_int(store->db(),
                              "SELECT count(*) FROM sqlite_master WHERE name = 'contacts_by_journey_stage'"),
              1);
    EXPECT_EQ(test::query_int(store->db(), "SELECT count(*) FROM sync_outbox"), 0) << "nothing to sync";
}

TEST(Journey, TheSixDefaultsAreTheSameZeroClockRowsEverywhere) {
    test::FakeClock clock;
    auto a = test::open_store("device-a", clock, 1);
    auto b = test::open_store("device-b", clock, 2);
    auto server = test::open_store("server", clock, 3);
    ASSERT_TRUE(a && b && server);
    const std::string expected = journey_rows(*a);
    EXPECT_NE(expected.find("00000000-0000-7000-8000-00000000a001|Привлечение|0\n"), std::string::npos)
        << expected;
    EXPECT_NE(expected.find("|Повторные продажи и удержание|5\n"), std::string::npos) << expected;
    for (Store* s : {a.get(), b.get(), server.get()}) {
        EXPECT_EQ(journey_rows(*s), expected);
        EXPECT_EQ(test::query_int(s->db(),
                                  "SELECT count(*) FROM enum_options WHERE list = 'journey' AND "
                                  "sync_hlc = 0 AND sync_site = 0 AND sync_seq = 0"),
                  6);
        EXPECT_EQ(test::query_int(s->db(), "SELECT count(*) FROM sync_outbox"), 0);
    }
    // A new device's pull meets them: equal rows, nothing sent, nothing changed.
    sync::SyncClient client(*a);
    ASSERT_TRUE(test::sync_once(client, *server).ok());
    EXPECT_EQ(journey_rows(*a), expected);
    EXPECT_EQ(test::query_int(a->db(), "SELECT count(*) FROM enum_options WHERE sync_hlc = 0"), 6);
}

TEST(Journey, ARenameOnOneDeviceSyncsAndWins) {
    test::FakeClock clock;
    auto a = test::open_store("device-a", clock, 1);
    auto b = test::open_store("device-b", clock, 2);
    auto server = test::open_store("server", clock, 3);
    ASSERT_TRUE(a && b && server);
    sync::SyncClient client_a(*a), client_b(*b);
    ASSERT_TRUE(test::sync_once(client_b, *server).ok());
    auto sale = a->records(domain::entity::kEnumOption).get(std::string(journey_stage_keys()[3]));
    ASSERT_TRUE(sale.ok());
    sale->set("label", "Сделка");
    ASSERT_TRUE(a->records(domain::entity::kEnumOption).update(*sale).ok());
    ASSERT_TRUE(test::sync_once(client_a, *server).ok());
    ASSERT_TRUE(test::sync_once(client_b, *server).ok());
    for (Store* s : {a.get(), b.get(), server.get()}) {
        const std::string rows = journey_rows(*s);
        EXPECT_NE(rows.find("|Сделка|3\n"), std::string::npos) << rows;
        EXPECT_EQ(rows.find("Продажа"), std::string::npos) << rows;
    }
}

TEST(Journey, AChangeIsAHistoryRowAndSinceReadsIt) {
    test::FakeClock clock;
    auto store = test::open_store("dev", clock, 1);
    ASSERT_NE(store, nullptr);
    const std::int64_t created = *clock.ms;
    const std::string id = test::create_record(*store, domain::entity::kCompany, {{"name", "Вектор"}});
    ASSERT_FALSE(id.empty());
    auto company = store->records(domain::entity::kCompany).get(id);
    ASSERT_TRUE(company.ok());
    EXPECT_EQ(company->text("journey_stage"), journey_stage_keys().front()) << "the first default";
    EXPECT_EQ(domain::journey_since(store->db(), *company).value_or(-1), created);

    clock.advance(3 * kDayMs);
    const std::int64_t moved = *clock.ms;
    company->set("journey_stage", std::string(journey_stage_keys()[2]));
    auto updated = store->records(domain::entity::kCompany).update(*company);
    ASSERT_TRUE(updated.ok()) << test::message_of(updated);
    auto stmt = store->db().prepare(
        "SELECT from_value, to_value, changed_at, entity FROM field_history WHERE record_id = ?1 AND field = "
        "'journey_stage' ORDER BY changed_at DESC");
    ASSERT_TRUE(stmt.ok());
    stmt->bind(1, id);
    ASSERT_TRUE(stmt->step().value_or(false));
    EXPECT_EQ(stmt->column_text(0), journey_stage_keys()[0]);
    EXPECT_EQ(stmt->column_text(1), journey_stage_keys()[2]);
    EXPECT_EQ(stmt->column_int(2), moved);
    EXPECT_EQ(stmt->column_text(3), "company");
    EXPECT_EQ(domain::journey_since(store->db(), *updated).value_or(-1), moved);

    // An unknown option is refused by the repository: the list is the team's.
    updated->set("journey_stage", "0190a0b0-0000-7000-8000-0000000000ff");
    EXPECT_FALSE(store->records(domain::entity::kCompany).update(*updated).ok());
}

TEST(Journey, AnOlderAppsKeysAreMappedBothWays) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 3);
    ASSERT_NE(server, nullptr);
    const std::string id = test::create_record(*server, domain::entity::kCompany, {{"name", "Альфа"}});
    clock.advance(1000);
    sync::SyncRequest old;
    old.protocol = 2;
    old.schema = 5;
    old.device = "old-device";
    old.changes.push_back(test::make_change("companies", id, "journey_stage", "decision",
                                            sync::Hlc{*clock.ms, 0}, "old-device"));
    auto answer = sync::serve_sync(*server, old, limits::kSyncPullBatch);
    ASSERT_TRUE(answer.ok()) << test::message_of(answer);
    EXPECT_TRUE(answer->rejected.empty());
    EXPECT_EQ(stage_of(*server, domain::entity::kCompany, id), journey_stage_keys()[2]);
    bool seen = false;
    for (const auto& r : answer->records) {
        if (r.table != "companies" || r.id != id) continue;
        for (std::size_t i = 0; i < r.fields.size(); ++i)
            if (r.fields[i] == "journey_stage") {
                EXPECT_EQ(r.values[i], "decision") << "what a schema 5 app can store";
                seen = true;
            }
    }
    EXPECT_TRUE(seen);
    // A current app gets the option id.
    old.schema = storage::kSchemaVersion;
    old.changes.clear();
    auto current = sync::serve_sync(*server, old, limits::kSyncPullBatch);
    ASSERT_TRUE(current.ok());
    for (const auto& r : current->records)
        for (std::size_t i = 0; i < r.fields.size(); ++i)
            if (r.id == id && r.fields[i] == "journey_stage") {
                EXPECT_EQ(r.values[i], journey_stage_keys()[2]);
            }
}

}  // namespace
}  // namespace crm
