// The long poll GET /api/v1/changes without sockets: the notifier alone, then the endpoint with a real store,
// SyncApi and timers on an io_context run by a thread of the test.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "sync-server/change_notifier.hpp"
#include "sync-server/router.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {
namespace net = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// --- the notifier -----------------------------------------------------------------------------------

TEST(ServerChangeNotifier, AnswersAtOnceWhenTheCursorIsAlreadyPast) {
    ChangeNotifier n(10);
    int woken = 0;
    EXPECT_EQ(n.wait(9, [&] { ++woken; }).admit, ChangeNotifier::Admit::Now);
    EXPECT_EQ(n.waiting(), 0u);
    EXPECT_EQ(woken, 0) << "an answer at once is the caller's, not a wake";
}

TEST(ServerChangeNotifier, PublishWakesTheWaitersItPassesOnce) {
    ChangeNotifier n(10);
    int a = 0, b = 0;
    ASSERT_EQ(n.wait(10, [&] { ++a; }).admit, ChangeNotifier::Admit::Waiting);
    ASSERT_EQ(n.wait(12, [&] { ++b; }).admit, ChangeNotifier::Admit::Waiting);  // a client ahead of us
    n.publish(10);                                                              // not newer: nothing moves
    EXPECT_EQ(a + b, 0);
    n.publish(11);
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, 0) << "11 does not pass 12";
    EXPECT_EQ(n.cursor(), 11);
    n.publish(9);  // an older sync finishing late
    EXPECT_EQ(n.cursor(), 11);
    n.publish(13);
    EXPECT_EQ(a, 1);
    EXPECT_EQ(b, 1);
    EXPECT_EQ(n.waiting(), 0u);
}

TEST(ServerChangeNotifier, CancelledWaiterIsNotWoken) {
    ChangeNotifier n(0);
    int woken = 0;
    const auto t = n.wait(0, [&] { ++woken; });
    ASSERT_EQ(t.admit, ChangeNotifier::Admit::Waiting);
    n.cancel(t.id);
    n.cancel(t.id);  // twice is harmless
    n.publish(5);
    EXPECT_EQ(woken, 0);
}

TEST(ServerChangeNotifier, CapRefusesBeyondMaxWaiters) {
    ChangeNotifier n(0, 2);
    EXPECT_EQ(n.wait(0, [] {}).admit, ChangeNotifier::Admit::Waiting);
    const auto second = n.wait(0, [] {});
    EXPECT_EQ(second.admit, ChangeNotifier::Admit::Waiting);
    EXPECT_EQ(n.wait(0, [] {}).admit, ChangeNotifier::Admit::Full);
    n.cancel(second.id);
    EXPECT_EQ(n.wait(0, [] {}).admit, ChangeNotifier::Admit::Waiting) << "a freed place is taken again";
}

TEST(ServerChangeNotifier, ShutdownWakesEveryWaiterAndAdmitsNoMore) {
    ChangeNotifier n(3);
    int woken = 0;
    for (int i = 0; i < 5; ++i) ASSERT_EQ(n.wait(3, [&] { ++woken; }).admit, ChangeNotifier::Admit::Waiting);
    n.shutdown();
    EXPECT_EQ(woken, 5);
    EXPECT_EQ(n.waiting(), 0u);
    EXPECT_EQ(n.wait(3, [&] { ++woken; }).admit, ChangeNotifier::Admit::Stopped);
}

// --- the endpoint ----------------------------------------------------------------------------------

class ServerChanges : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Store::open((dir.path() / "server.db").string());
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        store = std::move(opened.value());
        api = std::make_unique<SyncApi>(*store);
        runner = std::thread([this] { ioc.run(); });
    }
    void TearDown() override {
        work.reset();
        ioc.stop();
        runner.join();
    }

    // Starts GET /api/v1/changes?<query> on a strand of the io_context (as a session would) and gives its
    // answer, immediate or later, through the future.
    std::future<Response> poll(ChangesApi& changes, const std::string& query) {
        auto promise = std::make_shared<std::promise<Response>>();
        auto answer = promise->get_future();
        auto strand = net::make_strand(ioc);
        net::post(strand, [this, &changes, query, promise, strand] {
            Request req{http::verb::get, std::string(kChangesPath) + "?" + query, 11};
            Routed routed = Router(*api, nullptr, &changes).route(req, strand, [promise](Response res) {
                promise->set_value(std::move(res));
            });
            if (routed.now) promise->set_value(std::move(*routed.now));
            held = routed.later;
        });
        return answer;
    }

    static std::int64_t cursor_of(const Response& res) {
        EXPECT_EQ(res.result(), http::status::ok) << res.body();
        return nlohmann::json::parse(res.body()).at("cursor").get<std::int64_t>();
    }

    static std::string error_of(const Response& res) {
        const auto j = nlohmann::json::parse(res.body(), nullptr, false);
        return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : res.body();
    }

    // One company pushed by another device through POST /api/v1/sync.
    void push_company(const std::string& name) {
        sync::SyncRequest r;
        r.protocol = sync::kProtocolVersion;
        r.schema = storage::kSchemaVersion;
        r.device = "device-other";
        sync::Change c;
        c.table = "companies";
        c.row_id = ids.make(sync::system_now_ms());
        c.field = "name";
        c.value = name;
        c.hlc = sync::Hlc{sync::system_now_ms(), 0};
        c.device = r.device;
        r.changes.push_back(c);
        Request req{http::verb::post, kSyncPath, 11};
        req.body() = sync::to_json(r).dump();
        req.prepare_payload();
        ASSERT_EQ(api->sync(req).result(), http::status::ok);
    }

    test::TempDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncApi> api;
    UuidGenerator ids{7};
    net::io_context ioc;
    net::executor_work_guard<net::io_context::executor_type> work{ioc.get_executor()};
    std::thread runner;
    std::shared_ptr<Deferred> held;  // written on the io thread before the test reads it
};

TEST_F(ServerChanges, BehindTheServerIsAnsweredAtOnce) {
    push_company("Альфа");
    const std::int64_t newest = api->notifier().cursor();
    ASSERT_GT(newest, 0) << "the push published the new sequence";
    ChangesApi changes(api->notifier());
    auto answer = poll(changes, "after=0");
    ASSERT_EQ(answer.wait_for(1s), std::future_status::ready);
    EXPECT_EQ(cursor_of(answer.get()), newest);
}

TEST_F(ServerChanges, WaitsUntilASyncCommitsThenAnswersTheNewCursor) {
    push_company("Альфа");
    const std::int64_t before = api->notifier().cursor();
    ChangesApi changes(api->notifier());
    auto answer = poll(changes, "after=" + std::to_string(before));
    EXPECT_EQ(answer.wait_for(200ms), std::future_status::timeout) << "nothing new: the request is held";
    EXPECT_EQ(api->notifier().waiting(), 1u);

    // A sync that changes nothing (a pull) wakes no one.
    Request pull{http::verb::post, kSyncPath, 11};
    sync::SyncRequest r;
    r.schema = storage::kSchemaVersion;
    r.device = "device-reader";
    pull.body() = sync::to_json(r).dump();
    pull.prepare_payload();
    ASSERT_EQ(api->sync(pull).result(), http::status::ok);
    EXPECT_EQ(answer.wait_for(100ms), std::future_status::timeout);

    const auto pushed = Clock::now();
    push_company("Бета");
    ASSERT_EQ(answer.wait_for(1s), std::future_status::ready) << "a commit wakes the long poll";
    const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - pushed);
    EXPECT_LT(latency, 500ms);
    EXPECT_GT(cursor_of(answer.get()), before);
    EXPECT_EQ(api->notifier().waiting(), 0u);
}

TEST_F(ServerChanges, NoNewsAnswersTheSameCursorAfterTheWaitLimit) {
    ChangesApi changes(api->notifier(), 150ms);
    const auto started = Clock::now();
    auto answer = poll(changes, "after=0");
    ASSERT_EQ(answer.wait_for(5s), std::future_status::ready);
    EXPECT_GE(Clock::now() - started, 150ms);
    EXPECT_EQ(cursor_of(answer.get()), 0);
    EXPECT_EQ(api->notifier().waiting(), 0u) << "a timed-out waiter is forgotten";
}

TEST_F(ServerChanges, BeyondTheCapIs503WithRetryAfter) {
    ChangeNotifier small(0, 1);
    ChangesApi changes(small);
    auto first = poll(changes, "after=0");
    EXPECT_EQ(first.wait_for(100ms), std::future_status::timeout);
    auto second = poll(changes, "after=0");
    ASSERT_EQ(second.wait_for(1s), std::future_status::ready);
    const Response res = second.get();
    EXPECT_EQ(res.result(), http::status::service_unavailable);
    EXPECT_EQ(res[http::field::retry_after], std::to_string(limits::kChangesRetryAfter.count()));
    small.publish(1);
    ASSERT_EQ(first.wait_for(1s), std::future_status::ready);
    EXPECT_EQ(cursor_of(first.get()), 1);
}

TEST_F(ServerChanges, ShutdownAndReleaseAnswerAtOnce) {
    ChangesApi changes(api->notifier());
    auto released = poll(changes, "after=0");
    EXPECT_EQ(released.wait_for(100ms), std::future_status::timeout);
    std::promise<void> posted;
    net::post(ioc, [&] { posted.set_value(); });
    posted.get_future().wait();
    ASSERT_TRUE(held);
    held->release();  // what a session does when its client goes away or it stops
    ASSERT_EQ(released.wait_for(1s), std::future_status::ready);
    EXPECT_EQ(cursor_of(released.get()), 0);
    EXPECT_EQ(api->notifier().waiting(), 0u);

    auto stopped = poll(changes, "after=0");
    EXPECT_EQ(stopped.wait_for(100ms), std::future_status::timeout);
    api->notifier().shutdown();
    ASSERT_EQ(stopped.wait_for(1s), std::future_status::ready) << "shutdown releases every waiter";
    EXPECT_EQ(cursor_of(stopped.get()), 0);
    auto late = poll(changes, "after=0");
    ASSERT_EQ(late.wait_for(1s), std::future_status::ready) << "a stopping server holds no new wait";
}

TEST_F(ServerChanges, BadAfterIs400WithAReason) {
    ChangesApi changes(api->notifier());
    for (const char* query : {"", "after=", "after=abc", "after=-1", "after=+5", "after=1.5",
                              "after=99999999999999999999", "cursor=3"}) {
        auto answer = poll(changes, query);
        ASSERT_EQ(answer.wait_for(1s), std::future_status::ready) << query;
        const Response res = answer.get();
        EXPECT_EQ(res.result(), http::status::bad_request) << query;
        EXPECT_NE(error_of(res).find("after"), std::string::npos) << query << ": " << error_of(res);
    }
    EXPECT_EQ(api->notifier().waiting(), 0u);
}

TEST_F(ServerChanges, OnlyGet) {
    ChangesApi changes(api->notifier());
    Request req{http::verb::post, std::string(kChangesPath) + "?after=0", 11};
    Routed routed = Router(*api, nullptr, &changes).route(req, ioc.get_executor(), [](Response) {});
    ASSERT_TRUE(routed.now);
    EXPECT_EQ(routed.now->result(), http::status::method_not_allowed);
    EXPECT_EQ((*routed.now)[http::field::allow], "GET");
}

}  // namespace
}  // namespace crm::server
