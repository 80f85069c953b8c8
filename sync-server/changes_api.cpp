#include "sync-server/changes_api.hpp"

#include <charconv>
#include <string>
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sync-server/paths.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace {

constexpr std::string_view kAfterParam = "after";
// The session's own timeout must never cut a wait that is about to answer.
static_assert(limits::kChangesWaitLimit < limits::kRequestTimeout);

Response cursor_response(const Request& req, std::int64_t cursor) {
    return json_response(req, http::status::ok, nlohmann::json{{"cursor", cursor}});
}

// A non-negative decimal integer that fits int64, nothing else (no sign, no spaces, no exponent).
Result<std::int64_t> parse_after(std::string_view target) {
    const auto raw = query_param(target, kAfterParam);
    if (!raw) return make_error(ErrorCode::Invalid, "after: required (the page's sync cursor)", "after");
    std::int64_t value = -1;
    const char* end = raw->data() + raw->size();
    const auto [ptr, ec] = std::from_chars(raw->data(), end, value);
    if (raw->empty() || (*raw)[0] < '0' || (*raw)[0] > '9' || ec != std::errc{} || ptr != end) {
        return make_error(
            ErrorCode::Invalid,
            "after: expected a non-negative integer, got '" + std::string(raw->substr(0, 32)) + "'", "after");
    }
    return value;
}

// One held request: a timer on the session's strand, woken by the notifier (or release()) through that
// strand, so every step runs there and the reply is called once.
class ChangeWait : public Deferred, public std::enable_shared_from_this<ChangeWait> {
  public:
    ChangeWait(const net::any_io_executor& executor, ChangeNotifier& notifier, const Request& req,
               Reply reply)
        : timer_(executor),
          notifier_(notifier),
          head_(req.method(), req.target(), req.version()),
          reply_(std::move(reply)) {
        head_.keep_alive(req.keep_alive());
    }

    void start(std::uint64_t id, std::chrono::milliseconds limit) {
        net::dispatch(timer_.get_executor(), [self = shared_from_this(), id, limit] {
            self->id_ = id;
            if (self->woken_) return self->finish();  // woken before the timer was armed
            self->timer_.expires_after(limit);
            self->timer_.async_wait([self](boost::system::error_code) { self->finish(); });
        });
    }

    void wake() {
        net::post(timer_.get_executor(), [self = shared_from_this()] {
            self->woken_ = true;
            self->timer_.cancel();
        });
    }

    void release() override { wake(); }

  private:
    void finish() {
        if (!reply_) return;
        notifier_.cancel(id_);  // the time limit passed or the session let go: no wake is needed any more
        Reply reply = std::move(reply_);
        reply_ = nullptr;
        reply(cursor_response(head_, notifier_.cursor()));
    }

    net::steady_timer timer_;
    ChangeNotifier& notifier_;
    Request head_;  // what the answer needs of the request: version and keep-alive
    Reply reply_;
    std::uint64_t id_ = 0;
    bool woken_ = false;
};

}  // namespace

Routed ChangesApi::changes(const Request& req, const net::any_io_executor& executor, Reply reply) {
    if (req.method() != http::verb::get) return {method_not_allowed(req, "GET"), nullptr};
    const auto after = parse_after(req.target());
    if (!after) return {error_response(req, http::status::bad_request, after.error().message), nullptr};

    auto wait = std::make_shared<ChangeWait>(executor, notifier_, req, std::move(reply));
    const std::weak_ptr<ChangeWait> weak = wait;
    const auto ticket = notifier_.wait(*after, [weak] {
        if (auto w = weak.lock()) w->wake();
    });
    switch (ticket.admit) {
        case ChangeNotifier::Admit::Waiting:
            wait->start(ticket.id, wait_limit_);
            return {std::nullopt, std::move(wait)};
        case ChangeNotifier::Admit::Full: {
            Response res = error_response(req, http::status::service_unavailable,
                                          "too many pages wait for changes; retry later");
            res.set(http::field::retry_after, std::to_string(limits::kChangesRetryAfter.count()));
            return {std::move(res), nullptr};
        }
        case ChangeNotifier::Admit::Now:
        case ChangeNotifier::Admit::Stopped:  // the server is stopping: what it has, at once
            break;
    }
    return {cursor_response(req, notifier_.cursor()), nullptr};
}

}  // namespace crm::server
