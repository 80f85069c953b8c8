#include "sync-server/http_session.hpp"

#include <algorithm>
#include <exception>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "core/limits.hpp"
#include "sync-server/log.hpp"
#include "sync-server/paths.hpp"
#include "sync-server/server_limits.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

constexpr std::size_t kWatchReadBytes = 512;  // what one watch read takes of a pipelined request

std::string endpoint_text(const tcp::socket& socket) {
    beast::error_code ec;
    const auto ep = socket.remote_endpoint(ec);
    if (ec) return "unknown";
    return ep.address().to_string() + ":" + std::to_string(ep.port());
}

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, Router& router, SessionRegistry& registry,
                         SessionGuards& guards)
    : stream_(std::move(socket)),
      router_(router),
      registry_(registry),
      guards_(guards),
      remote_(endpoint_text(stream_.socket())) {}

HttpSession::~HttpSession() {
    release_body();
    registry_.remove(this);
}

bool HttpSession::reserve_body() {
    const auto declared = parser_->content_length();
    const bool chunked = parser_->chunked();
    if (!chunked && (!declared || *declared == 0)) return true;
    // More than the per-request cap fails in the parser itself (413); reserve at most the cap.
    const std::size_t bytes =
        chunked ? limits::kMaxRequestBodyBytes
                : static_cast<std::size_t>(std::min<std::uint64_t>(*declared, limits::kMaxRequestBodyBytes));
    if (!guards_.bodies.try_reserve(bytes)) return false;
    body_reserved_ = bytes;
    return true;
}

void HttpSession::release_body() {
    if (body_reserved_ == 0) return;
    guards_.bodies.release(body_reserved_);
    body_reserved_ = 0;
}

void HttpSession::start() {
    registry_.add(shared_from_this());
    // The socket was accepted on this session's strand: start there.
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::read_request, shared_from_this()));
}

void HttpSession::stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        // Idle means: waiting for a request of which no byte has arrived, not even in the kernel's buffer.
        beast::error_code ec;
        const bool nothing_pending = self->stream_.socket().available(ec) == 0 || ec;
        const bool idle = self->reading_ && self->buffer_.size() == 0 &&
                          !(self->parser_ && self->parser_->got_some()) && nothing_pending;
        if (idle) self->close();
        // A held long poll answers now; the connection closes after that answer.
        if (auto deferred = self->deferred_.lock()) deferred->release();
    });
}

void HttpSession::read_request() {
    if (stopping_ && buffer_.size() == 0) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits::kMaxRequestHeaderBytes));
    parser_->body_limit(limits::kMaxRequestBodyBytes);
    reading_ = true;
    stream_.expires_after(limits::kRequestTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
}

void HttpSession::on_header(beast::error_code ec, std::size_t /*bytes*/) {
    reading_ = false;
    if (ec == net::error::operation_aborted) return;  // closed by stop()
    if (ec) return answer_read_error(ec);
    started_ = std::chrono::steady_clock::now();
    const auto& header = parser_->get();
    if (!reserve_body()) {
        // Refused before a byte of the body is read: the memory it would take is never allocated.
        method_ = std::string(header.method_string());
        path_ = std::string(target_path(header.target()));
        Request partial;
        partial.version(header.version());
        Response res = busy_response(partial, "too many request bodies in flight; retry later");
        res.keep_alive(false);
        return send(std::move(res), true);
    }
    const auto expect = header.find(http::field::expect);
    if (expect == header.end() || ascii_lower(expect->value()) != "100-continue" || parser_->is_done()) {
        return read_body();
    }
    continue_ = http::response<http::empty_body>{http::status::continue_, header.version()};
    http::async_write(stream_, continue_, [self = shared_from_this()](beast::error_code wec, std::size_t) {
        if (wec) return self->close();
        self->read_body();
    });
}

void HttpSession::read_body() {
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == net::error::operation_aborted) return;  // closed by stop()
    if (ec) return answer_read_error(ec);

    Request req = parser_->release();
    method_ = std::string(req.method_string());
    path_ = std::string(target_path(req.target()));
    Response res;
    if (auto refused = refuse_request(req, guards_.policy)) {
        res = std::move(*refused);
        if (stopping_) res.keep_alive(false);
        release_body();
        return send(std::move(res), false);
    }
    try {
        auto reply = [self = shared_from_this()](Response answer) { self->on_deferred(std::move(answer)); };
        Routed routed = router_.route(req, stream_.get_executor(), std::move(reply), remote_);
        req = {};  // the body's memory is free again: so is its share of the budget
        release_body();
        if (routed.later) return wait_for_answer(routed.later);
        res = std::move(*routed.now);
    } catch (const std::exception& e) {
        // Exceptions never cross the core API, but the standard library (filesystem, allocation) may throw.
        log_event(LogLevel::Error, "handler threw", {{"path", path_}, {"error", e.what()}});
        res = error_response(req, http::status::internal_server_error, "internal error");
        res.keep_alive(false);
    }
    release_body();
    if (stopping_) res.keep_alive(false);
    send(std::move(res), false);
}

void HttpSession::wait_for_answer(const std::shared_ptr<Deferred>& deferred) {
    deferred_ = deferred;
    if (stopping_) deferred->release();  // stop() came while the request was read
    // The wait has its own time limit; the stream's would cut it. A closing client is noticed by a read
    // (the browser closes the socket when the page aborts the fetch); a pipelined request's bytes that it
    // reads stay in the buffer for the next request.
    stream_.expires_never();
    watching_ = true;
    stream_.async_read_some(buffer_.prepare(kWatchReadBytes),
                            beast::bind_front_handler(&HttpSession::on_watch, shared_from_this()));
}

void HttpSession::on_watch(beast::error_code ec, std::size_t bytes) {
    watching_ = false;
    if (!ec) {
        buffer_.commit(bytes);  // no further watching: whatever comes next is read as the next request
    } else if (ec != net::error::operation_aborted) {
        client_gone_ = true;
        if (auto deferred = deferred_.lock()) deferred->release();
    }
    if (deferred_answer_) send_deferred();
}

void HttpSession::on_deferred(Response res) {
    deferred_answer_ = std::move(res);
    if (watching_) {
        // The watch read must end before the next read of a request can start.
        beast::error_code ec;
        stream_.socket().cancel(ec);
        return;  // on_watch sends it
    }
    send_deferred();
}

void HttpSession::send_deferred() {
    Response res = std::move(*deferred_answer_);
    deferred_answer_.reset();
    deferred_.reset();
    if (client_gone_) return close();
    if (stopping_) res.keep_alive(false);
    send(std::move(res), false);
}

void HttpSession::answer_read_error(beast::error_code ec) {
    release_body();
    const bool got_request = parser_ && parser_->got_some();
    if (ec == http::error::end_of_stream || ec == http::error::partial_message || ec == beast::error::timeout ||
        !got_request) {
        return close();  // the client went away or never sent a request: nothing to answer
    }
    Request partial;
    partial.version(11);
    if (parser_->is_header_done()) {
        partial.method_string(parser_->get().method_string());
        partial.target(parser_->get().target());
        partial.version(parser_->get().version());
    }
    if (!parser_->is_header_done()) started_ = std::chrono::steady_clock::now();
    method_ = std::string(partial.method_string());
    path_ = std::string(target_path(partial.target()));

    Response res;
    bool linger = false;
    if (ec == http::error::body_limit) {
        res = error_response(partial, http::status::payload_too_large,
                             "request body exceeds " + std::to_string(limits::kMaxRequestBodyBytes) + " bytes");
        linger = true;
    } else if (ec == http::error::header_limit) {
        res = error_response(partial, http::status::request_header_fields_too_large,
                             "request header exceeds " + std::to_string(limits::kMaxRequestHeaderBytes) + " bytes");
        linger = true;
    } else {
        res = error_response(partial, http::status::bad_request, "malformed HTTP request: " + ec.message());
    }
    res.keep_alive(false);
    send(std::move(res), linger);
}

void HttpSession::send(Response res, bool linger) {
    response_ = std::move(res);
    add_security_headers(response_);
    const bool close_after = response_.need_eof();
    stream_.expires_after(limits::kRequestTimeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), close_after, linger));
}

void HttpSession::on_write(bool close_after, bool linger, beast::error_code ec, std::size_t /*bytes*/) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    nlohmann::json fields = {{"method", method_},
                             {"path", path_},
                             {"status", response_.result_int()},
                             {"bytes", response_.body().size()},
                             {"ms", static_cast<double>(static_cast<long long>(ms * 1000)) / 1000.0},
                             {"remote", remote_}};
    if (ec) fields["error"] = ec.message();
    log_event(ec ? LogLevel::Warn : LogLevel::Info, "request", fields);

    if (ec) return close();
    if (close_after) return linger ? drain() : close();
    response_ = {};
    read_request();
}

void HttpSession::drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    stream_.expires_after(limits::kLingerTimeout);  // one deadline for the whole drain
    stream_.async_read_some(net::buffer(drain_buf_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::on_drain(beast::error_code ec, std::size_t bytes) {
    drained_ += bytes;
    if (ec || drained_ > limits::kMaxLingerBytes) return close();
    stream_.async_read_some(net::buffer(drain_buf_),
                            beast::bind_front_handler(&HttpSession::on_drain, shared_from_this()));
}

void HttpSession::close() {
    release_body();
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
}

namespace {

// One refused connection: the canned answer, then a short drain, then close.
class BusyConnection : public std::enable_shared_from_this<BusyConnection> {
public:
    explicit BusyConnection(tcp::socket&& socket) : stream_(std::move(socket)) {
        Request req;
        req.version(11);
        response_ = busy_response(req, "the server is at its connection limit; retry later");
        response_.keep_alive(false);
        add_security_headers(response_);
    }
    void start() {
        stream_.expires_after(limits::kLingerTimeout);
        http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            beast::error_code sec;
            self->stream_.socket().shutdown(tcp::socket::shutdown_send, sec);
            self->drain();
        });
    }

private:
    void drain() {
        stream_.async_read_some(net::buffer(buf_),
                                [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                                    self->drained_ += n;
                                    if (ec || self->drained_ > limits::kMaxRequestHeaderBytes)
                                        return self->close();
                                    self->drain();
                                });
    }
    void close() {
        beast::error_code ec;
        stream_.socket().close(ec);
    }
    beast::tcp_stream stream_;
    Response response_;
    std::array<char, 4096> buf_{};
    std::size_t drained_ = 0;
};

}  // namespace

void refuse_connection(tcp::socket&& socket) {
    std::make_shared<BusyConnection>(std::move(socket))->start();
}

void SessionRegistry::add(const std::shared_ptr<HttpSession>& session) {
    bool stop_now = false;
    {
        std::lock_guard lock(mutex_);
        sessions_[session.get()] = session;
        stop_now = stopping_;
    }
    if (stop_now) session->stop();  // accepted just as the shutdown began
}

void SessionRegistry::remove(const HttpSession* session) {
    std::function<void()> drained;
    {
        std::lock_guard lock(mutex_);
        sessions_.erase(session);
        if (stopping_ && sessions_.empty() && on_drained_) {
            drained = std::move(on_drained_);
            on_drained_ = nullptr;
        }
    }
    if (drained) drained();
}

void SessionRegistry::stop_all(std::function<void()> on_drained) {
    std::vector<std::shared_ptr<HttpSession>> live;
    bool drained_now = false;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (const auto& [ptr, weak] : sessions_) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
        drained_now = sessions_.empty();
        if (!drained_now) on_drained_ = std::move(on_drained);
    }
    if (drained_now) on_drained();
    for (const auto& s : live) s->stop();
}

bool SessionRegistry::stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
}

std::size_t SessionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace crm::server
