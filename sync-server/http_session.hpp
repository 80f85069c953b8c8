#pragma once
// One HTTP/1.1 connection: reads requests with the size limits and timeout of core/limits.hpp, answers
// them through the Router, keeps the connection alive, logs one line per request. Runs on its own strand.
#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "sync-server/request_guard.hpp"
#include "sync-server/router.hpp"

namespace crm::server {

class SessionRegistry;

// What every session of one server shares besides the router: the request checks and the body budget.
struct SessionGuards {
    RequestPolicy policy;
    BodyBudget bodies;
    explicit SessionGuards(RequestPolicy p, std::size_t body_budget) : policy(std::move(p)), bodies(body_budget) {}
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(boost::asio::ip::tcp::socket&& socket, Router& router, SessionRegistry& registry,
                SessionGuards& guards);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();
    // Shutdown, from any thread: a connection waiting for its next request closes now; a request being
    // read or answered completes first, then the connection closes.
    void stop();

private:
    void read_request();
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void read_body();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void answer_read_error(boost::beast::error_code ec);
    void send(Response res, bool linger);
    void on_write(bool close, bool linger, boost::beast::error_code ec, std::size_t bytes);
    // After an early error answer (413 before the body was read) the client may still be sending: reading
    // and discarding for a while lets it see the response instead of a connection reset.
    void drain();
    void on_drain(boost::beast::error_code ec, std::size_t bytes);
    void close();
    // Reserves the announced body (or the per-request cap when chunked) in the global budget.
    bool reserve_body();
    void release_body();
    // A long poll: the answer comes through on_deferred() while the socket is watched for the client leaving.
    void wait_for_answer(const std::shared_ptr<Deferred>& deferred);
    void on_deferred(Response res);
    void on_watch(boost::beast::error_code ec, std::size_t bytes);
    void send_deferred();

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Response response_;
    http::response<http::empty_body> continue_;  // "100 Continue" for clients that wait for it (curl)
    Router& router_;
    SessionRegistry& registry_;
    SessionGuards& guards_;
    std::size_t body_reserved_ = 0;  // bytes of guards_.bodies held by the request being read
    std::string remote_;
    bool reading_ = false;
    bool stopping_ = false;
    std::size_t drained_ = 0;
    // The long poll being held. Weak: the wait's own timer keeps it, and it keeps this session (its reply).
    std::weak_ptr<Deferred> deferred_;
    std::optional<Response> deferred_answer_;  // arrived while the watch read was still pending
    bool watching_ = false;                     // a read that notices the client closing is pending
    bool client_gone_ = false;
    std::array<char, 16 * 1024> drain_buf_{};
    // For the request log line.
    std::string method_;
    std::string path_;
    std::chrono::steady_clock::time_point started_;
};

// Answers a connection past the cap with 503 + Retry-After, reads what the client sent for a moment (so it
// sees the answer, not a reset), and closes. Never counted as a session.
void refuse_connection(boost::asio::ip::tcp::socket&& socket);

// Knows every live session so a shutdown can reach them, and says when the last one is gone.
class SessionRegistry {
public:
    void add(const std::shared_ptr<HttpSession>& session);
    void remove(const HttpSession* session);
    // Stops every session; `on_drained` runs once no session is left (at once if there is none).
    void stop_all(std::function<void()> on_drained);
    bool stopping() const;
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> sessions_;
    bool stopping_ = false;
    std::function<void()> on_drained_;
};

}  // namespace crm::server
