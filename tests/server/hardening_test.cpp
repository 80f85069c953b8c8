// Server hardening without sockets: the request checks (Host, Origin, Content-Type), the body budget, the
// security headers, the connection cap's arithmetic, the log queue that never blocks, /healthz beside a held
// store lock, and the operator tools (--check, --backup).
#include <gtest/gtest.h>

#include <future>
#include <latch>
#include <thread>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"
#include "sync-server/admin_tools.hpp"
#include "sync-server/log.hpp"
#include "sync-server/options.hpp"
#include "sync-server/request_guard.hpp"
#include "sync-server/router.hpp"
#include "sync-server/server.hpp"
#include "sync-server/server_limits.hpp"
#include "sync-server/sync_api.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {

constexpr std::chrono::seconds kHangGuard{30};  // not a timing assertion: only ends a test that would hang

Request api_post(std::string_view host, std::string_view origin, std::string_view type) {
    Request req{http::verb::post, "/api/v1/sync", 11};
    if (!host.empty()) req.set(http::field::host, host);
    if (!origin.empty()) req.set(http::field::origin, origin);
    if (!type.empty()) req.set(http::field::content_type, type);
    req.body() = "{}";
    req.prepare_payload();
    return req;
}

int refused_status(const Request& req, const RequestPolicy& policy = {"127.0.0.1", {}}) {
    const auto refused = refuse_request(req, policy);
    return refused ? refused->result_int() : 0;
}

TEST(ServerRequestGuard, CrossSitePostWithForeignOriginAndHostIs403) {
    EXPECT_EQ(refused_status(api_post("evil.example:8080", "http://evil.example:8080", "text/plain")), 403);
    EXPECT_EQ(refused_status(api_post("127.0.0.1:8080", "http://evil.example", "application/json")), 403);
    EXPECT_EQ(refused_status(api_post("127.0.0.1:8080", "null", "application/json")), 403);
    // DNS rebinding: the attacker's name resolves to us, so its Origin matches its Host; the Host gives it
    // away.
    EXPECT_EQ(
        refused_status(api_post("rebind.example:8080", "http://rebind.example:8080", "application/json")),
        403);
    Request site = api_post("127.0.0.1:8080", "", "application/json");
    site.set("Sec-Fetch-Site", "cross-site");
    EXPECT_EQ(refused_status(site), 403);
}

TEST(ServerRequestGuard, NonJsonContentTypeIs415) {
    EXPECT_EQ(refused_status(api_post("127.0.0.1:8080", "", "text/plain")), 415);
    EXPECT_EQ(refused_status(
                  api_post("127.0.0.1:8080", "http://127.0.0.1:8080", "application/x-www-form-urlencoded")),
              415);
    EXPECT_EQ(refused_status(api_post("127.0.0.1:8080", "", "")), 415);
}

TEST(ServerRequestGuard, SameOriginLoopbackAndPublicHostPass) {
    EXPECT_EQ(refused_status(api_post("127.0.0.1:8080", "http://127.0.0.1:8080", "application/json")), 0);
    EXPECT_EQ(refused_status(
                  api_post("localhost:8080", "http://localhost:8080", "application/json; charset=utf-8")),
              0);
    EXPECT_EQ(refused_status(api_post("[::1]:8080", "http://[::1]:8080", "Application/JSON")), 0);
    EXPECT_EQ(refused_status(api_post("192.168.1.20:8080", "", "application/json")),
              0);  // a LAN address, no Origin
    const RequestPolicy proxied{"127.0.0.1", {"crm.example.com"}};
    // Behind a TLS proxy that keeps the Host: the page's origin is https on 443, the Host has no port.
    EXPECT_EQ(
        refused_status(api_post("crm.example.com", "https://crm.example.com", "application/json"), proxied),
        0);
    // ...and one that rewrites the Host to the loopback address.
    EXPECT_EQ(
        refused_status(api_post("127.0.0.1:8080", "https://crm.example.com", "application/json"), proxied),
        0);
    EXPECT_EQ(
        refused_status(api_post("crm.example.com", "https://other.example", "application/json"), proxied),
        403);
}

TEST(ServerRequestGuard, GetChecksOnlyTheHostAndStaticFilesNothing) {
    Request get{http::verb::get, "/api/v1/changes?after=0", 11};
    get.set(http::field::host, "rebind.example");
    EXPECT_EQ(refused_status(get), 403);
    get.set(http::field::host, "127.0.0.1:8080");
    get.set(http::field::origin, "http://evil.example");
    EXPECT_EQ(refused_status(get), 0);
    Request page{http::verb::get, "/index.html", 11};
    page.set(http::field::host, "anything.example");
    EXPECT_EQ(refused_status(page), 0);
}

TEST(ServerRequestGuard, HostNames) {
    EXPECT_EQ(host_name("LocalHost:8080"), "localhost");
    EXPECT_EQ(host_name("[::1]:8080"), "[::1]");
    EXPECT_EQ(host_name("example.com."), "example.com");
    const RequestPolicy bound{"crm.lan", {}};
    EXPECT_TRUE(host_allowed(bound, "crm.lan:8080"));
    EXPECT_TRUE(host_allowed(bound, "app.localhost"));
    EXPECT_FALSE(host_allowed(bound, "crm.lan.evil.example"));
    EXPECT_FALSE(host_allowed(bound, ""));
}

TEST(ServerSecurityHeaders, EveryHeaderAndNoCors) {
    Response res{http::status::ok, 11};
    add_security_headers(res);
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
    EXPECT_EQ(res["X-Frame-Options"], "DENY");
    const std::string csp(res["Content-Security-Policy"]);
    EXPECT_NE(csp.find("'wasm-unsafe-eval'"), std::string::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(res.find(http::field::access_control_allow_origin), res.end());
}

TEST(ServerBodyBudget, ReservesUpToItsCapacityAndReleases) {
    BodyBudget budget(100);
    EXPECT_TRUE(budget.try_reserve(60));
    EXPECT_FALSE(budget.try_reserve(41));
    EXPECT_TRUE(budget.try_reserve(40));
    EXPECT_FALSE(budget.try_reserve(1));
    budget.release(60);
    EXPECT_EQ(budget.in_use(), 40u);
    EXPECT_FALSE(budget.try_reserve(101));
    EXPECT_FALSE(budget.try_reserve(SIZE_MAX));
}

TEST(ServerConnectionCap, BelowTheDescriptorLimitWithHeadroom) {
    EXPECT_EQ(connection_cap(1024, 0), 1024 - server_limits::kFdHeadroom);
    EXPECT_EQ(connection_cap(1024, 100), 100u);
    EXPECT_EQ(connection_cap(1024, 5000), 1024 - server_limits::kFdHeadroom);
    EXPECT_EQ(connection_cap(20, 0), server_limits::kMinConnections);
    EXPECT_GE(raise_fd_limit(), 1u);  // and the soft limit is now the hard one
}

TEST(ServerOptionsHardening, ParsesTheNewOptions) {
    const std::vector<std::string_view> args{
        "--public-host", "crm.example.com", "--public-host=b.example", "--max-connections", "50", "--check",
        "--backup",      "/tmp/x.db"};
    const auto options = parse_args(args);
    ASSERT_TRUE(options.ok()) << options.error().message;
    EXPECT_EQ(options->public_hosts, (std::vector<std::string>{"crm.example.com", "b.example"}));
    EXPECT_EQ(options->max_connections, 50u);
    EXPECT_TRUE(options->check);
    EXPECT_EQ(options->backup_file, "/tmp/x.db");
    const std::vector<std::string_view> zero{"--max-connections", "0"};
    EXPECT_FALSE(parse_args(zero).ok());
}

TEST(ServerLogQueue, AStalledWriterNeverBlocksTheLoggerAndDropsAreCounted) {
    std::latch release_writer(1);
    std::mutex written_mutex;
    std::vector<std::string> written;
    LogQueue queue(4, [&](std::string_view line) {
        release_writer.wait();  // a reader that does not read
        std::lock_guard lock(written_mutex);
        written.emplace_back(line);
    });
    // Runs on another thread so a push that blocks shows as a hang guard expiring, not a hung test.
    auto pushing = std::async(std::launch::async, [&] {
        int accepted = 0;
        for (int i = 0; i < 100; ++i) accepted += queue.push("line " + std::to_string(i) + "\n") ? 1 : 0;
        return accepted;
    });
    const bool finished = pushing.wait_for(kHangGuard) == std::future_status::ready;
    if (!finished) release_writer.count_down();  // lets a blocked push return, so the test ends
    ASSERT_TRUE(finished) << "a push waited for the stalled writer";
    const int accepted = pushing.get();
    EXPECT_LE(accepted, 8);  // the queue's 4, and what the writer took out before stalling
    EXPECT_EQ(queue.dropped_total(), static_cast<std::uint64_t>(100 - accepted));
    EXPECT_FALSE(queue.flush(std::chrono::milliseconds(0)));
    release_writer.count_down();
    ASSERT_TRUE(queue.flush(kHangGuard));
    std::lock_guard lock(written_mutex);
    // Every dropped line is counted in a "log lines dropped" report, written after the lines that got
    // through.
    int reported = 0;
    int lines = 0;
    for (const auto& line : written) {
        if (line.starts_with("line ")) {
            ++lines;
            continue;
        }
        const auto report = nlohmann::json::parse(line);
        EXPECT_EQ(report["msg"], "log lines dropped");
        reported += report["count"].get<int>();
    }
    EXPECT_EQ(lines, accepted);
    EXPECT_EQ(reported, 100 - accepted);
    ASSERT_FALSE(written.empty());
    EXPECT_FALSE(written.back().starts_with("line "));
}

TEST(ServerHealth, AnswersWhileTheStoreLockIsHeld) {
    test::TempDir dir;
    auto store = Store::open((dir.path() / "server.db").string());
    ASSERT_TRUE(store.ok()) << store.error().message;
    SyncApi api(*store.value());
    api.notifier().publish(store.value()->changes().last_seq() + 1);  // a count is due
    std::unique_lock held(api.store_mutex_for_tests());               // a long sync
    auto health = std::async(std::launch::async, [&] {
        Request req{http::verb::get, "/healthz", 11};
        return api.healthz(req);
    });
    const bool answered = health.wait_for(kHangGuard) == std::future_status::ready;
    held.unlock();  // lets a blocked healthz finish, so the test ends either way
    ASSERT_TRUE(answered) << "/healthz waited for the store lock";
    const Response res = health.get();
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(nlohmann::json::parse(res.body())["status"], "ok");
}

TEST(ServerAdminTools, CheckAndBackupAFilledDatabase) {
    test::TempDir dir;
    const std::string db = (dir.path() / "server.db").string();
    {
        auto store = Store::open(db, StoreOptions{.server = true});
        ASSERT_TRUE(store.ok()) << store.error().message;
        // A small demo set: every table, index and search table has rows to check.
        ASSERT_TRUE(demo::generate(*store.value(), {20, 40, 10, 20, 5}).ok());
    }
    const auto report = check_database(db);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_TRUE(report->ok) << report->text;
    EXPECT_EQ(report->text, "ok");

    const std::string copy = (dir.path() / "backup.db").string();
    ASSERT_TRUE(backup_database(db, copy).ok());
    EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
    EXPECT_FALSE(std::filesystem::exists(copy + "-wal"));
    const auto copied = check_database(copy);
    ASSERT_TRUE(copied.ok()) << copied.error().message;
    EXPECT_TRUE(copied->ok);
    auto a = Store::open(db, StoreOptions{.server = true});
    auto b = Store::open(copy, StoreOptions{.server = true});
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a.value()->changes().count().value(), b.value()->changes().count().value());
    EXPECT_GT(b.value()->changes().count().value(), 0);

    const auto again = backup_database(db, copy);  // never overwrites
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::Conflict);
    const auto missing = check_database((dir.path() / "none.db").string());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace crm::server
