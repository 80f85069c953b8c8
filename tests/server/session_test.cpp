// The real server over loopback sockets: keep-alive, limits enforced while reading, graceful stop.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/protocol.hpp"
#include "sync-server/server.hpp"
#include "auth_seed.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

class ServerSession : public ::testing::Test {
protected:
    void SetUp() override {
        ServerOptions options;
        options.host = "127.0.0.1";
        options.port = 0;
        options.data_dir = (dir.path() / "data").string();
        options.threads = 2;
        token = test::seed_admin_session(options.data_dir);
        auto created = Server::create(options);
        ASSERT_TRUE(created.ok()) << created.error().message;
        server = std::move(created.value());
        port = server->port();
        ASSERT_GT(port, 0);
        runner = std::thread([this] { server->run(); });
    }
    void TearDown() override {
        if (server) server->stop();
        if (runner.joinable()) runner.join();
    }

    tcp::socket connect() {
        tcp::socket s(client_ctx);
        s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        return s;
    }

    static http::response<http::string_body> read_response(tcp::socket& s, beast::flat_buffer& buf) {
        http::response<http::string_body> res;
        http::read(s, buf, res);
        return res;
    }

    static std::string sync_body() {
        sync::SyncRequest r;
        r.schema = storage::kSchemaVersion;
        r.device = "device-s";
        return sync::to_json(r).dump();
    }

    test::TempDir dir;
    std::unique_ptr<Server> server;
    std::uint16_t port = 0;
    std::thread runner;
    net::io_context client_ctx;
    std::string token;  // an admin's: the API asks for one
};

TEST_F(ServerSession, KeepAliveServesSeveralRequestsOnOneConnection) {
    tcp::socket s = connect();
    beast::flat_buffer buf;
    for (int i = 0; i < 3; ++i) {
        http::request<http::string_body> req{http::verb::get, "/healthz", 11};
        req.set(http::field::host, "127.0.0.1");
        http::write(s, req);
        auto res = read_response(s, buf);
        EXPECT_EQ(res.result(), http::status::ok);
        EXPECT_TRUE(res.keep_alive());
    }
}

TEST_F(ServerSession, DeclaredOversizedBodyIs413AndTheConnectionCloses) {
    tcp::socket s = connect();
    const std::string head = "POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "Content-Length: " + std::to_string(limits::kMaxRequestBodyBytes + 1) + "\r\n\r\n";
    net::write(s, net::buffer(head));
    beast::flat_buffer buf;
    auto res = read_response(s, buf);
    EXPECT_EQ(res.result(), http::status::payload_too_large);
    EXPECT_FALSE(res.keep_alive());
}

TEST_F(ServerSession, OversizedHeaderIs431) {
    tcp::socket s = connect();
    const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " +
                             std::string(limits::kMaxRequestHeaderBytes + 10, 'a') + "\r\n\r\n";
    beast::error_code ec;
    net::write(s, net::buffer(head), ec);  // the server may stop reading early; the answer still comes
    beast::flat_buffer buf;
    auto res = read_response(s, buf);
    EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
}

TEST_F(ServerSession, MalformedRequestIs400) {
    tcp::socket s = connect();
    net::write(s, net::buffer(std::string("GET /healthz HTTP/1.1\r\nBad Header Without Colon\r\n\r\n")));
    beast::flat_buffer buf;
    auto res = read_response(s, buf);
    EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(ServerSession, StopLetsARequestBeingReadFinishThenCloses) {
    tcp::socket s = connect();
    const std::string body = sync_body();
    // With "Expect: 100-continue" the server answers "100 Continue" once it has parsed the header, so the
    // test knows the request is in flight before it stops the server, without sleeping.
    const std::string head = "POST /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             "Authorization: Bearer " + token + "\r\n"
                             "Expect: 100-continue\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    net::write(s, net::buffer(head));
    beast::flat_buffer buf;
    http::response_parser<http::empty_body> interim;
    http::read_header(s, buf, interim);
    ASSERT_EQ(interim.get().result(), http::status::continue_);

    server->stop();
    net::write(s, net::buffer(body));
    auto res = read_response(s, buf);
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    // stop() is asynchronous, so the answer may still say keep-alive; either way the server closes next.
    char byte;
    beast::error_code read_ec;
    s.read_some(net::buffer(&byte, 1), read_ec);
    EXPECT_EQ(read_ec, net::error::eof) << "a stopping server closes after the answer";
    runner.join();  // run() returns once the last connection is gone

    tcp::socket late(client_ctx);
    beast::error_code ec;
    late.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    EXPECT_TRUE(ec) << "nothing listens after the stop";
}

TEST_F(ServerSession, StopClosesIdleKeepAliveConnections) {
    tcp::socket s = connect();
    beast::flat_buffer buf;
    http::request<http::string_body> req{http::verb::get, "/healthz", 11};
    http::write(s, req);
    EXPECT_EQ(read_response(s, buf).result(), http::status::ok);
    server->stop();
    runner.join();  // would hang until the request timeout if the idle connection were kept
    char byte;
    beast::error_code ec;
    s.read_some(net::buffer(&byte, 1), ec);
    EXPECT_EQ(ec, net::error::eof);
}

// Held long polls (GET /api/v1/changes) over real sockets: shutdown and a leaving client release them.
class ServerLongPoll : public ServerSession {
protected:
    std::int64_t health(const char* member) {
        tcp::socket s = connect();
        beast::flat_buffer buf;
        http::request<http::string_body> req{http::verb::get, "/healthz", 11};
        req.keep_alive(false);
        http::write(s, req);
        return nlohmann::json::parse(read_response(s, buf).body()).at(member).get<std::int64_t>();
    }
    std::int64_t waiting() { return health("waiting"); }
    // Polls /healthz until `count` long polls are held, for at most two seconds.
    bool wait_for_waiting(std::int64_t count) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (std::chrono::steady_clock::now() < deadline) {
            if (waiting() == count) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }
    // Held: after the server's cursor (the seeded admin is in the log).
    void send_poll(tcp::socket& s) {
        http::request<http::string_body> req{http::verb::get, "/api/v1/changes?after=" + std::to_string(health("cursor")), 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::authorization, "Bearer " + token);
        http::write(s, req);
    }
};

TEST_F(ServerLongPoll, StopAnswersAHeldPollAndEndsPromptly) {
    const std::int64_t health_cursor = health("cursor");
    tcp::socket s = connect();
    send_poll(s);
    ASSERT_TRUE(wait_for_waiting(1)) << "the poll is held";
    const auto stopped = std::chrono::steady_clock::now();
    server->stop();
    beast::flat_buffer buf;
    auto res = read_response(s, buf);
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    EXPECT_EQ(nlohmann::json::parse(res.body()).at("cursor"), health_cursor);
    runner.join();
    const auto took = std::chrono::steady_clock::now() - stopped;
    EXPECT_LT(took, limits::kShutdownGrace / 2) << "a held poll must not make the shutdown wait for its grace";
}

TEST_F(ServerLongPoll, ClientClosingReleasesItsWait) {
    {
        tcp::socket s = connect();
        send_poll(s);
        ASSERT_TRUE(wait_for_waiting(1));
    }  // the browser aborted the fetch
    EXPECT_TRUE(wait_for_waiting(0)) << "the waiter of a closed connection is dropped at once, not after "
                                     << limits::kChangesWaitLimit.count() << " s";
}

}  // namespace
}  // namespace crm::server
