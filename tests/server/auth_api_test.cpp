// The sign-in endpoints and the bearer check, through Router::handle with a real store, without sockets.
#include <gtest/gtest.h>

#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "sync-server/router.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {

TEST(ServerAuthParse, LoginBody) {
    auto ok = parse_login_request(R"({"login":"anna","password":"secret pass"})");
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->login, "anna");
    EXPECT_EQ(ok->password, "secret pass");

    const std::pair<std::string, std::string> bad[] = {
        {"", "body"},
        {"[]", "body"},
        {"{\"login\":\"a\"", "body"},
        {R"({"password":"x"})", "login"},
        {R"({"login":"","password":"x"})", "login"},
        {R"({"login":5,"password":"x"})", "login"},
        {R"({"login":"a"})", "password"},
        {R"({"login":"a","password":null})", "password"},
        {R"({"login":"a","password":{"x":1}})", "password"},
        {R"({"login":")" + std::string(300, 'a') + R"(","password":"x"})", "login"},
        {R"({"login":"a","password":")" + std::string(2000, 'p') + R"("})", "password"},
        {std::string(5000, ' '), "body"},
    };
    for (const auto& [body, field] : bad) {
        auto parsed = parse_login_request(body);
        ASSERT_FALSE(parsed.ok()) << body.substr(0, 80);
        EXPECT_EQ(parsed.error().code, ErrorCode::Invalid);
        EXPECT_EQ(parsed.error().field, field) << body.substr(0, 80) << " -> " << parsed.error().message;
    }
}

TEST(ServerAuthParse, NewPasswordLength) {
    EXPECT_FALSE(check_new_password("short").ok());
    EXPECT_TRUE(check_new_password("long enough").ok());
    auto body = parse_password_request(R"({"user_id":"u","password":"short"})");
    ASSERT_FALSE(body.ok());
    EXPECT_EQ(body.error().field, "password");
}

class ServerAuthApi : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open((dir.path() / "server.db").string(), StoreOptions{.server = true});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store = std::move(opened.value());
        api = std::make_unique<SyncApi>(*store);
        auth = std::make_unique<AuthApi>(*store, api->store_mutex(),
                                         AuthConfig{std::chrono::seconds(60), [this] { return now; }});
        ASSERT_TRUE(auth->init().ok());
        router = std::make_unique<Router>(*api, nullptr, nullptr, auth.get());
    }

    Response request(http::verb verb, std::string_view target, std::string body = {},
                     std::optional<std::string> token = std::nullopt) {
        Request req{verb, target, 11};
        req.set(http::field::content_type, "application/json");
        if (token) req.set(http::field::authorization, "Bearer " + *token);
        req.body() = std::move(body);
        req.prepare_payload();
        return router->handle(req, "127.0.0.1:4000");
    }

    std::string sync_body(const std::string& device) {
        sync::SyncRequest r;
        r.schema = storage::kSchemaVersion;
        r.device = device;
        return sync::to_json(r).dump();
    }

    // A session straight in the table, for the checks that never reach the user record.
    std::string session(std::int64_t expires_ms) {
        const std::string token = new_session_token();
        EXPECT_TRUE(auth->tables().add_session(token_hash(token), "user-1", now, expires_ms).ok());
        return token;
    }

    static std::string reason(const Response& res) {
        return nlohmann::json::parse(res.body()).value("auth", "");
    }

    std::int64_t now = 1'000'000;
    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncApi> api;
    std::unique_ptr<AuthApi> auth;
    std::unique_ptr<Router> router;
};

TEST_F(ServerAuthApi, EveryApiEndpointButLoginNeedsAToken) {
    for (const auto& [verb, path] : {std::pair{http::verb::post, kSyncPath},
                                     {http::verb::get, kChangesPath},
                                     {http::verb::post, kLogoutPath},
                                     {http::verb::post, kPasswordPath},
                                     {http::verb::get, kMePath},
                                     {http::verb::get, std::string_view("/api/v1/nothing")}}) {
        const Response res = request(verb, path, verb == http::verb::post ? sync_body("d") : "");
        EXPECT_EQ(res.result(), http::status::unauthorized) << path;
        EXPECT_EQ(reason(res), "missing") << path;
    }
    EXPECT_EQ(request(http::verb::get, kHealthPath).result(), http::status::ok);
    const Response login = request(http::verb::post, kLoginPath, R"({"login":"x","password":"y"})");
    EXPECT_EQ(login.result(), http::status::unauthorized);
    EXPECT_EQ(nlohmann::json::parse(login.body())["error"], "wrong login or password");
}

TEST_F(ServerAuthApi, RefusedTokensSayWhy) {
    EXPECT_EQ(reason(request(http::verb::post, kSyncPath, sync_body("d"), "not-a-token")), "invalid");
    const std::string expired = session(now - 1);
    EXPECT_EQ(reason(request(http::verb::post, kSyncPath, sync_body("d"), expired)), "expired");
    const std::string live = session(now + 10'000);
    EXPECT_EQ(request(http::verb::post, kLogoutPath, "{}", live).result(), http::status::ok);
    EXPECT_EQ(reason(request(http::verb::post, kSyncPath, sync_body("d"), live)), "revoked");
    EXPECT_EQ(reason(request(http::verb::post, kLogoutPath, "{}", live)), "revoked");
}

TEST_F(ServerAuthApi, LoginBodyIsCheckedBeforeAnyLookup) {
    EXPECT_EQ(request(http::verb::post, kLoginPath, "{").result(), http::status::bad_request);
    EXPECT_EQ(request(http::verb::post, kLoginPath, std::string(8000, 'x')).result(),
              http::status::payload_too_large);
    EXPECT_EQ(request(http::verb::get, kLoginPath).result(), http::status::method_not_allowed);
    Request plain{http::verb::post, kLoginPath, 11};
    plain.set(http::field::content_type, "text/plain");
    plain.body() = R"({"login":"x","password":"y"})";
    plain.prepare_payload();
    EXPECT_EQ(router->handle(plain, "127.0.0.1:1").result(), http::status::unsupported_media_type);
}

TEST_F(ServerAuthApi, FailedLoginsAreRateLimitedPerLoginThenPerAddress) {
    const std::string body = R"({"login":"nobody","password":"wrong one"})";
    for (int i = 0; i < server_limits::kMaxLoginFailuresPerLogin; ++i)
        EXPECT_EQ(request(http::verb::post, kLoginPath, body).result(), http::status::unauthorized) << i;
    const Response limited = request(http::verb::post, kLoginPath, body);
    EXPECT_EQ(limited.result(), http::status::too_many_requests);
    EXPECT_EQ(limited[http::field::retry_after], std::to_string(server_limits::kLoginFailureWindow.count()));
    EXPECT_EQ(request(http::verb::post, kLoginPath, R"({"login":"NOBODY","password":"x"})").result(),
              http::status::too_many_requests)
        << "logins compare case-folded";
    now += std::chrono::milliseconds(server_limits::kLoginFailureWindow).count();
    EXPECT_EQ(request(http::verb::post, kLoginPath, body).result(), http::status::unauthorized) << "aged out";
}

TEST_F(ServerAuthApi, FailedLoginsOfManyLoginsFromOneAddressAreLimited) {
    for (int i = 0; i < server_limits::kMaxLoginFailuresPerAddress; ++i) {
        const std::string body = R"({"login":"user-)" + std::to_string(i) + R"(","password":"wrong one"})";
        EXPECT_EQ(request(http::verb::post, kLoginPath, body).result(), http::status::unauthorized) << i;
    }
    EXPECT_EQ(request(http::verb::post, kLoginPath, R"({"login":"fresh","password":"x"})").result(),
              http::status::too_many_requests);
    Request other{http::verb::post, kLoginPath, 11};
    other.set(http::field::content_type, "application/json");
    other.body() = R"({"login":"fresh","password":"x"})";
    other.prepare_payload();
    EXPECT_EQ(router->handle(other, "10.0.0.2:4000").result(), http::status::unauthorized)
        << "another address";
}

}  // namespace
}  // namespace crm::server
