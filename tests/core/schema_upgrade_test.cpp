// Schema upgrades keep a rep's pending edits: a database of the previous release (schema v1, made with
// its own frozen SQL, edits written the way that release wrote them: row + change-log rows) is opened by
// this build, migrated in place, and its unsynced edits reach the server. Also: an older client keeps
// syncing with a newer server, and a newer client is told to wait without losing anything.
#include <gtest/gtest.h>

#include "core/domain/journey.hpp"

#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/client.hpp"
#include "core/sync/protocol.hpp"
#include "test_support.hpp"

namespace crm {
namespace {

constexpr const char* kV1Device = "0190a0b0-0000-7000-8000-00000000d001";
constexpr const char* kCompanyId = "0190a0b0-0000-7000-8000-0000000000c1";
constexpr const char* kContactId = "0190a0b0-0000-7000-8000-0000000000c2";
constexpr std::int64_t kEditMs = 1'700'000'000'000;

// What the v1 app stored for one new company and one contact at it, written with plain SQL (no code of
// this build touches them), plus a synced cursor: the edits are pending, the device had pulled before.
void write_v1_edits(storage::Database& db) {
    const std::int64_t hlc = kEditMs << 16;
    std::string sql = "INSERT INTO meta(key, value) VALUES ('device_id', '" + std::string(kV1Device) +
                      "'), ('sync.cursor', '17'), ('sync.pushed_upto', '0');\n";
    sql += "INSERT INTO companies(id, name, phones, journey_stage, owner, created_at, updated_at) VALUES ('" +
           std::string(kCompanyId) + "', 'ООО «Вектор»', '[\"+7 921 555-01-02\"]', 'interest', 'anna', " +
           std::to_string(kEditMs) + ", " + std::to_string(kEditMs) + ");\n";
    sql += "INSERT INTO contacts(id, name, company_id, position, created_at, updated_at) VALUES ('" +
           std::string(kContactId) + "', 'Пётр Иванов', '" + kCompanyId + "', 'Закупки', " +
           std::to_string(kEditMs) + ", " + std::to_string(kEditMs) + ");\n";
    auto change = [&](const char* table, const char* id, const char* field, const std::string& value, int n) {
        sql += "INSERT INTO changes(tbl, row_id, field, value, hlc, device) VALUES ('" + std::string(table) +
               "', '" + id + "', '" + field + "', '" + value + "', " + std::to_string(hlc + n) + ", '" +
               kV1Device + "');\n";
    };
    change("companies", kCompanyId, "name", "\"ООО «Вектор»\"", 0);
    change("companies", kCompanyId, "phones", "[\"+7 921 555-01-02\"]", 0);
    change("companies", kCompanyId, "journey_stage", "\"interest\"", 0);
    change("companies", kCompanyId, "owner", "\"anna\"", 0);
    change("companies", kCompanyId, "created_at", std::to_string(kEditMs), 0);
    change("companies", kCompanyId, "deleted", "0", 0);
    change("contacts", kContactId, "name", "\"Пётр Иванов\"", 1);
    change("contacts", kContactId, "company_id", "\"" + std::string(kCompanyId) + "\"", 1);
    change("contacts", kContactId, "position", "\"Закупки\"", 1);
    change("contacts", kContactId, "created_at", std::to_string(kEditMs), 1);
    change("contacts", kContactId, "deleted", "0", 1);
    ASSERT_TRUE(db.exec(sql).ok());
}

// One request/response round between a client store and the server store, as the transport would do it.
Result<bool> exchange(Store& client_store, Store& server, sync::SyncClient& client) {
    auto request = client.next_request();
    if (!request) return request.error();
    auto response = sync::serve_sync(server, *request, limits::kSyncPullBatch);
    if (!response) {
        client.handle_failure(response.error().message);
        return response.error();
    }
    (void)client_store;
    return client.handle_response(*response);
}

TEST(SchemaUpgrade, PendingEditsOfAV1DatabaseReachTheServerAfterTheUpgrade) {
    test::TempFile file("upgrade");
    {
        auto db = storage::Database::open(file.path());
        ASSERT_TRUE(db.ok());
        ASSERT_TRUE(storage::migrate(*db, 1).ok()) << "the v1 schema, as that release created it";
        EXPECT_EQ(storage::schema_version(*db).value_or(-1), 1);
        write_v1_edits(*db);
    }

    test::FakeClock clock;
    auto device = test::open_store("", clock, 11, file.path());  // "" keeps the saved device id
    ASSERT_NE(device, nullptr);
    EXPECT_EQ(storage::schema_version(device->db()).value_or(-1), storage::kSchemaVersion);
    EXPECT_EQ(device->device_id(), kV1Device);
    // The pull starts over: the old cursor passed changes of tables this build adds.
    EXPECT_FALSE(storage::get_meta(device->db(), "sync.cursor").value_or(std::nullopt).has_value());

    // The edits are still there and still pending.
    auto contact = device->records(domain::entity::kContact).get(kContactId);
    ASSERT_TRUE(contact.ok());
    EXPECT_EQ(contact->text("name"), "Пётр Иванов");
    EXPECT_EQ(contact->ref_title("company_id"), "ООО «Вектор»");
    sync::SyncClient client(*device);
    EXPECT_EQ(client.pending_count().value_or(-1), 11);

    // A new table of this schema works on the upgraded database.
    domain::Record option(device->registry().get(domain::entity::kEnumOption));
    option.set("list", "industry").set("label", "Розница");
    ASSERT_TRUE(device->records(domain::entity::kEnumOption).create(option).ok());

    auto server = test::open_store("server", clock, 99);
    ASSERT_NE(server, nullptr);
    for (int round = 0; round < 5; ++round) {
        auto more = exchange(*device, *server, client);
        ASSERT_TRUE(more.ok()) << more.error().message;
        if (!*more) break;
    }
    EXPECT_EQ(client.pending_count().value_or(-1), 0);
    auto on_server = server->records(domain::entity::kCompany).get(kCompanyId);
    ASSERT_TRUE(on_server.ok());
    EXPECT_EQ(on_server->text("name"), "ООО «Вектор»");
    EXPECT_EQ(on_server->list("phones"), std::vector<std::string>{"+7 921 555-01-02"});
    // The v6 migration mapped the old key to its default stage (contact capture).
    EXPECT_EQ(on_server->text("journey_stage"), domain::journey_id_for_legacy_key("interest").value_or(""));
    auto contact_on_server = server->records(domain::entity::kContact).get(kContactId);
    ASSERT_TRUE(contact_on_server.ok());
    EXPECT_EQ(contact_on_server->text("position"), "Закупки");
    domain::ListQuery options;
    options.equals = {{"list", "industry"}};
    auto listed = server->records(domain::entity::kEnumOption).list(options);
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->rows.size(), 1u);
    EXPECT_EQ(listed->rows[0].text("label"), "Розница");
}

TEST(SchemaUpgrade, AnOlderClientIsServedWithoutTheTablesItDoesNotKnow) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 99);
    ASSERT_NE(server, nullptr);
    domain::Record company(server->registry().get(domain::entity::kCompany));
    company.set("name", "Альфа");
    ASSERT_TRUE(server->records(domain::entity::kCompany).create(company).ok());
    domain::Record option(server->registry().get(domain::entity::kEnumOption));
    option.set("list", "industry").set("label", "Опт");
    ASSERT_TRUE(server->records(domain::entity::kEnumOption).create(option).ok());
    auto all = server->changes().count();
    ASSERT_TRUE(all.ok());

    sync::SyncRequest old;
    old.protocol = 1;  // an app of schema 1 speaks protocol 1
    old.schema = 1;
    old.device = "old-device";
    auto response = sync::serve_sync(*server, old, limits::kSyncPullBatch);
    ASSERT_TRUE(response.ok()) << response.error().message;
    ASSERT_FALSE(response->changes.empty());
    for (const auto& c : response->changes)
        EXPECT_NE(c.table, "enum_options") << "a v1 client cannot store it";
    EXPECT_LT(static_cast<std::int64_t>(response->changes.size()), *all);
    EXPECT_EQ(response->cursor, server->changes().last_seq()) << "the cursor passes what was left out";

    old.schema = storage::kSchemaVersion;
    old.cursor = 0;
    auto current = sync::serve_sync(*server, old, limits::kSyncPullBatch);
    ASSERT_TRUE(current.ok());
    EXPECT_EQ(static_cast<std::int64_t>(current->changes.size()), *all);

    // Protocol 2 leaves them out the same way.
    sync::SyncRequest v2;
    v2.schema = 1;
    v2.device = "v2-device";
    auto records = sync::serve_sync(*server, v2, limits::kSyncPullBatch);
    ASSERT_TRUE(records.ok());
    ASSERT_EQ(records->records.size(), 1u);
    EXPECT_EQ(records->records[0].table, "companies");
}

TEST(SchemaUpgrade, ANewerClientIsToldToWaitForTheServerAndKeepsItsEdits) {
    test::FakeClock clock;
    auto server = test::open_store("server", clock, 99);
    auto device = test::open_store("device", clock, 5);
    ASSERT_NE(server, nullptr);
    ASSERT_NE(device, nullptr);
    domain::Record company(device->registry().get(domain::entity::kCompany));
    company.set("name", "Бета");
    ASSERT_TRUE(device->records(domain::entity::kCompany).create(company).ok());
    sync::SyncClient client(*device);
    auto request = client.next_request();
    ASSERT_TRUE(request.ok());
    request->schema = storage::kSchemaVersion + 1;
    auto response = sync::serve_sync(*server, *request, limits::kSyncPullBatch);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, ErrorCode::Unsupported);
    EXPECT_NE(response.error().message.find("server is updated"), std::string::npos)
        << response.error().message;
    client.handle_failure(response.error().message);
    EXPECT_GT(client.pending_count().value_or(0), 0) << "nothing was dropped";
    EXPECT_EQ(server->changes().count().value_or(-1), 0);
}

TEST(SchemaUpgrade, AnOlderAppRefusesANewerDatabaseAndLeavesItAlone) {
    test::TempFile file("newer");
    {
        test::FakeClock clock;
        auto store = test::open_store("dev", clock, 3, file.path());
        ASSERT_NE(store, nullptr);
        domain::Record company(store->registry().get(domain::entity::kCompany));
        company.set("name", "Гамма");
        ASSERT_TRUE(store->records(domain::entity::kCompany).create(company).ok());
        ASSERT_TRUE(
            store->db().exec("PRAGMA user_version = " + std::to_string(storage::kSchemaVersion + 1)).ok());
    }
    auto reopened = Store::open(file.path());
    ASSERT_FALSE(reopened.ok());
    EXPECT_EQ(reopened.error().code, ErrorCode::Unsupported);
    EXPECT_NE(reopened.error().message.find("upgrade the app"), std::string::npos);
    auto db = storage::Database::open(file.path());
    ASSERT_TRUE(db.ok());
    auto rows = db->prepare("SELECT count(*) FROM companies WHERE name = 'Гамма'");
    ASSERT_TRUE(rows.ok());
    ASSERT_TRUE(rows->step().value_or(false));
    EXPECT_EQ(rows->column_int(0), 1) << "the newer database is untouched";
}

}  // namespace
}  // namespace crm
