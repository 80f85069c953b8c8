#include <gtest/gtest.h>

#include <set>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "sync-server/gzip.hpp"
#include "sync-server/router.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {

class ServerRouter : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = Store::open((dir.path() / "server.db").string());
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store = std::move(opened.value());
        api = std::make_unique<SyncApi>(*store);
        router = std::make_unique<Router>(*api, nullptr);
    }

    Response request(http::verb verb, std::string_view target, std::string body = {},
                     std::initializer_list<std::pair<http::field, std::string_view>> headers = {}) {
        Request req{verb, target, 11};
        for (const auto& [field, value] : headers) req.set(field, value);
        req.body() = std::move(body);
        req.prepare_payload();
        return router->handle(req);
    }

    Response sync(const sync::SyncRequest& body) {
        return request(http::verb::post, kSyncPath, sync::to_json(body).dump(),
                       {{http::field::content_type, "application/json"}});
    }

    static sync::SyncRequest make_request(std::string device, std::int64_t cursor,
                                          std::vector<sync::Change> changes = {}) {
        sync::SyncRequest r;
        r.protocol = sync::kProtocolVersion;
        r.schema = storage::kSchemaVersion;
        r.device = std::move(device);
        r.cursor = cursor;
        r.changes = std::move(changes);
        return r;
    }

    sync::Change company_name_change(const std::string& device, const std::string& name) {
        sync::Change c;
        c.table = "companies";
        c.row_id = ids.make(sync::system_now_ms());
        c.field = "name";
        c.value = name;
        c.hlc = sync::Hlc{sync::system_now_ms(), 0};
        c.device = device;
        return c;
    }

    static sync::SyncResponse parse_ok(const Response& res) {
        EXPECT_EQ(res.result(), http::status::ok) << res.body();
        auto j = nlohmann::json::parse(res.body(), nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << res.body();
        auto parsed = sync::parse_sync_response(j);
        EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
        if (!parsed.ok()) return sync::SyncResponse{};
        // These tests are about the route: protocol 2's whole records are read as their field changes.
        for (const auto& r : parsed->records)
            for (auto& c : sync::to_changes(r)) parsed->changes.push_back(std::move(c));
        return parsed.value();
    }

    static std::string error_of(const Response& res) {
        auto j = nlohmann::json::parse(res.body(), nullptr, false);
        if (j.is_discarded() || !j.contains("error")) return "<no error member in: " + res.body() + ">";
        return j["error"].get<std::string>();
    }

    std::int64_t health_changes() {
        Response res = request(http::verb::get, kHealthPath);
        EXPECT_EQ(res.result(), http::status::ok);
        return nlohmann::json::parse(res.body())["changes"].get<std::int64_t>();
    }

    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncApi> api;
    std::unique_ptr<Router> router;
    UuidGenerator ids{99};
};

TEST_F(ServerRouter, HealthzReportsStatusSchemaAndLogSize) {
    Response res = request(http::verb::get, "/healthz");
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "application/json");
    const auto j = nlohmann::json::parse(res.body());
    EXPECT_EQ(j["status"], "ok");
    EXPECT_EQ(j["schema"], storage::kSchemaVersion);
    EXPECT_TRUE(j["version"].is_string());
    EXPECT_EQ(j["changes"], 0);

    domain::Record c(store->registry().get(domain::entity::kCompany));
    c.set("name", "ООО «Ромашка»");
    ASSERT_TRUE(store->records(c.entity()).create(c).ok());
    // The server's writes all come through sync, which publishes the new cursor; /healthz recounts then.
    api->notifier().publish(store->changes().last_seq());
    EXPECT_GT(health_changes(), 0) << "a created company is in the change log";
    EXPECT_EQ(health_changes(), store->changes().count().value());
}

TEST_F(ServerRouter, HealthzRejectsPost) {
    Response res = request(http::verb::post, "/healthz", "{}");
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_EQ(res[http::field::allow], "GET, HEAD");
}

TEST_F(ServerRouter, PullReturnsStoredChanges) {
    std::set<std::string> created;
    for (const char* name : {"Альфа", "Beta Ltd", "Гамма"}) {
        domain::Record c(store->registry().get(domain::entity::kCompany));
        c.set("name", name);
        auto made = store->records(c.entity()).create(c);
        ASSERT_TRUE(made.ok()) << made.error().message;
        created.insert(made->id);
    }
    const auto pulled = parse_ok(sync(make_request("device-a", 0)));
    EXPECT_FALSE(pulled.more);
    EXPECT_TRUE(pulled.rejected.empty());
    EXPECT_GT(pulled.cursor, 0);
    std::set<std::string> rows;
    for (const auto& ch : pulled.changes) rows.insert(ch.row_id);
    EXPECT_EQ(rows, created);

    const auto again = parse_ok(sync(make_request("device-a", pulled.cursor)));
    EXPECT_TRUE(again.changes.empty()) << "nothing after the cursor";
    EXPECT_EQ(again.cursor, pulled.cursor);
}

TEST_F(ServerRouter, PullPagesWithMoreAndCursor) {
    constexpr int kCompanies = limits::kSyncPullRecords + 100;  // more than one page of records
    ASSERT_TRUE(demo::generate(*store, {kCompanies, 0}).ok());
    const std::int64_t total = store->changes().count().value();

    std::int64_t cursor = 0;
    std::int64_t seen = 0;
    int pages = 0;
    std::set<std::string> rows;
    for (bool more = true; more; ++pages) {
        ASSERT_LT(pages, 100) << "paging does not end";
        const auto page = parse_ok(sync(make_request("device-a", cursor)));
        EXPECT_LE(static_cast<int>(page.records.size()), limits::kSyncPullRecords);
        EXPECT_GE(page.cursor, cursor);
        for (const auto& ch : page.changes) rows.insert(ch.table + "/" + ch.row_id);
        seen += static_cast<std::int64_t>(page.changes.size());
        cursor = page.cursor;
        more = page.more;
    }
    EXPECT_GE(pages, 2);
    EXPECT_EQ(seen, total);
    // The demo's teams and users come too.
    EXPECT_EQ(rows.size(), static_cast<std::size_t>(kCompanies) + 2 + demo::demo_accounts().size());
}

TEST_F(ServerRouter, PushedChangeReachesAnotherDeviceAndRepeatIsIdempotent) {
    const sync::Change change = company_name_change("device-b", "ООО «Пуш»");
    const auto pushed = parse_ok(sync(make_request("device-b", 0, {change})));
    EXPECT_TRUE(pushed.rejected.empty());
    const std::int64_t after_first = health_changes();
    EXPECT_GE(after_first, 1);

    const auto pushed_again = parse_ok(sync(make_request("device-b", pushed.cursor, {change})));
    EXPECT_TRUE(pushed_again.rejected.empty());
    EXPECT_EQ(health_changes(), after_first) << "a replayed push is not logged twice";

    const auto pulled = parse_ok(sync(make_request("device-c", 0)));
    bool found = false;
    for (const auto& ch : pulled.changes) {
        if (ch.row_id == change.row_id && ch.field == "name") {
            found = true;
            EXPECT_EQ(ch.value, change.value);
            EXPECT_EQ(ch.device, "device-b");
        }
    }
    EXPECT_TRUE(found) << "device-c did not receive device-b's change";
}

TEST_F(ServerRouter, GzipRequestBodyIsAccepted) {
    const sync::Change change = company_name_change("device-z", "Zipped LLC");
    const std::string body = sync::to_json(make_request("device-z", 0, {change})).dump();
    Response res = request(http::verb::post, kSyncPath, gzip_compress(body).value(),
                           {{http::field::content_encoding, "gzip"}, {http::field::accept_encoding, "gzip"}});
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    std::string json = res.body();
    if (res[http::field::content_encoding] == "gzip") json = gzip_decompress(json, 1 << 24).value();
    EXPECT_TRUE(nlohmann::json::parse(json).contains("cursor"));
}

TEST_F(ServerRouter, LargePullIsGzippedWhenAccepted) {
    ASSERT_TRUE(demo::generate(*store, {40, 0}).ok());
    const std::string body = sync::to_json(make_request("device-a", 0)).dump();
    Response res = request(http::verb::post, kSyncPath, body, {{http::field::accept_encoding, "gzip"}});
    ASSERT_EQ(res.result(), http::status::ok);
    ASSERT_EQ(res[http::field::content_encoding], "gzip");
    auto json = gzip_decompress(res.body(), limits::kMaxSyncBodyBytes * 4);
    ASSERT_TRUE(json.ok());
    EXPECT_FALSE(sync::parse_sync_response(nlohmann::json::parse(json.value()))->records.empty());
}

TEST_F(ServerRouter, BadJsonIs400WithAReason) {
    Response res = request(http::verb::post, kSyncPath, "{\"protocol\": 1, ");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_NE(error_of(res).find("JSON"), std::string::npos) << error_of(res);

    Response array = request(http::verb::post, kSyncPath, "[1,2]");
    EXPECT_EQ(array.result(), http::status::bad_request);
    EXPECT_NE(error_of(array).find("object"), std::string::npos) << error_of(array);
}

TEST_F(ServerRouter, BadShapeIs400NamingTheMember) {
    auto j = sync::to_json(make_request("device-a", 0));
    j["cursor"] = "zero";
    Response res = request(http::verb::post, kSyncPath, j.dump());
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_NE(error_of(res).find("cursor"), std::string::npos) << error_of(res);

    auto k = sync::to_json(make_request("device-a", 0, {company_name_change("device-a", "X")}));
    k["changes"][0].erase("hlc");
    Response res2 = request(http::verb::post, kSyncPath, k.dump());
    EXPECT_EQ(res2.result(), http::status::bad_request);
    EXPECT_NE(error_of(res2).find("hlc"), std::string::npos) << error_of(res2);
}

TEST_F(ServerRouter, ProtocolOrSchemaMismatchIs426Upgrade) {
    auto j = sync::to_json(make_request("device-a", 0));
    j["protocol"] = 99;
    Response res = request(http::verb::post, kSyncPath, j.dump());
    EXPECT_EQ(res.result(), http::status::upgrade_required) << res.body();
    const auto body = nlohmann::json::parse(res.body());
    EXPECT_EQ(body["upgrade"], true);
    EXPECT_FALSE(body["error"].get<std::string>().empty());

    auto s = sync::to_json(make_request("device-a", 0));
    s["schema"] = storage::kSchemaVersion + 1;
    EXPECT_EQ(request(http::verb::post, kSyncPath, s.dump()).result(), http::status::upgrade_required);
}

TEST_F(ServerRouter, OversizedBodiesAre413) {
    std::string big(limits::kMaxRequestBodyBytes + 1, ' ');
    Response res = request(http::verb::post, kSyncPath, big);
    EXPECT_EQ(res.result(), http::status::payload_too_large);

    // Small on the wire, too large once inflated.
    const std::string bomb = gzip_compress(std::string(limits::kMaxSyncBodyBytes + 1, ' ')).value();
    Response res2 = request(http::verb::post, kSyncPath, bomb, {{http::field::content_encoding, "gzip"}});
    EXPECT_EQ(res2.result(), http::status::payload_too_large);
    EXPECT_EQ(health_changes(), 0);
}

TEST_F(ServerRouter, CorruptGzipIs400AndUnknownEncodingIs415) {
    Response res = request(http::verb::post, kSyncPath, "not gzip", {{http::field::content_encoding, "gzip"}});
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_NE(error_of(res).find("gzip"), std::string::npos);
    Response res2 = request(http::verb::post, kSyncPath, "{}", {{http::field::content_encoding, "br"}});
    EXPECT_EQ(res2.result(), http::status::unsupported_media_type);
}

TEST_F(ServerRouter, WrongMethodIs405WithAllow) {
    Response res = request(http::verb::get, kSyncPath);
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_EQ(res[http::field::allow], "POST");
    EXPECT_NE(error_of(res).find("GET"), std::string::npos);
}

TEST_F(ServerRouter, UnknownApiPathIs404Json) {
    for (const char* target : {"/api/v2/sync", "/api/v1/login", "/api", "/api/v1/sync/extra"}) {
        Response res = request(http::verb::post, target, "{}");
        EXPECT_EQ(res.result(), http::status::not_found) << target;
        EXPECT_EQ(res[http::field::content_type], "application/json") << target;
        EXPECT_NE(error_of(res).find("API"), std::string::npos) << target;
    }
}

TEST_F(ServerRouter, WithoutWebRootStaticPathsAre404) {
    Response res = request(http::verb::get, "/");
    EXPECT_EQ(res.result(), http::status::not_found);
}

TEST_F(ServerRouter, QueryStringDoesNotChangeTheRoute) {
    EXPECT_EQ(request(http::verb::get, "/healthz?probe=1").result(), http::status::ok);
}

}  // namespace
}  // namespace crm::server
