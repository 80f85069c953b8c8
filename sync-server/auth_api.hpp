#pragma once
// Sign-in endpoints and the bearer check every other /api/ endpoint goes through:
//   POST /api/v1/login {"login","password"} -> {"token","expires_at","user"}; 401 wrong login or password
//        (the same answer and cost for an unknown login), 403 disabled, 429 + Retry-After when limited.
//   POST /api/v1/logout (bearer) revokes the session.     GET /api/v1/me (bearer) -> {"user","expires_at"}.
//   POST /api/v1/password (bearer) {"user_id","password"}: an admin sets anyone's, a user their own.
// A refused token is 401 {"error", "auth": missing|invalid|expired|revoked|disabled|device}.
// Password hashing runs on a small pool of its own threads, never on the I/O threads.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "core/store.hpp"
#include "core/sync/hlc.hpp"
#include "core/sync/scope.hpp"
#include "sync-server/auth_rate_limit.hpp"
#include "sync-server/auth_store.hpp"
#include "sync-server/deferred.hpp"
#include "sync-server/http_util.hpp"

namespace crm::server {

inline constexpr std::string_view kLoginPath = "/api/v1/login";
inline constexpr std::string_view kLogoutPath = "/api/v1/logout";
inline constexpr std::string_view kPasswordPath = "/api/v1/password";
inline constexpr std::string_view kMePath = "/api/v1/me";

struct LoginRequest {
    std::string login;
    std::string password;
};
// {"login": non-empty text, "password": non-empty text}, bounded; nothing else is required. Errors are
// ErrorCode::Invalid naming the field.
Result<LoginRequest> parse_login_request(std::string_view body);

struct PasswordRequest {
    std::string user_id;
    std::string password;
};
Result<PasswordRequest> parse_password_request(std::string_view body);
// Length bounds of a new password (server_limits::kMin/kMaxPasswordBytes).
Status check_new_password(std::string_view password);

struct AuthConfig {
    std::chrono::seconds session_ttl = server_limits::kDefaultSessionTtl;
    sync::NowMs now = sync::system_now_ms;
};

// The stable key of a refusal ("missing", "invalid", ...) travels in Error::reason, field "auth".
Response auth_denied(const Request& req, const Error& error);
nlohmann::json user_json(const sync::Principal& who);

class AuthApi {
  public:
    // `store_mutex` guards `store` (one SQLite connection shared with the sync API).
    AuthApi(Store& store, std::mutex& store_mutex, AuthConfig config = {});
    ~AuthApi();
    AuthApi(const AuthApi&) = delete;
    AuthApi& operator=(const AuthApi&) = delete;

    // Creates the tables; call once before serving.
    Status init();
    // Joins the hashing threads (their answers then go nowhere): before the I/O objects are destroyed.
    void shutdown();

    // The routes; `client` is the peer address (for the per-address limit), "host:port" or "host".
    // Login and password run later on the hashing pool; handle_now() runs them on the calling thread
    // (tests). Returns nothing for a path that is not one of these four.
    std::optional<Routed> route(const Request& req, std::string_view client,
                                const boost::asio::any_io_executor& executor, Reply reply);
    std::optional<Response> handle_now(const Request& req, std::string_view client);

    Response login(const Request& req, std::string_view client);
    Response logout(const Request& req);
    Response password(const Request& req);
    Response me(const Request& req);

    // The bearer check: the token's user, refused as auth_denied describes. A non-empty `device` binds an
    // unbound session to it and refuses another device. Takes the store lock; the _locked form expects
    // the caller to hold it.
    Result<sync::Principal> authenticate(const Request& req, std::string_view device = {});
    Result<sync::Principal> authenticate_locked(const Request& req, std::string_view device);

    PasswordHasher& hasher() { return hasher_; }
    AuthStore& tables() { return tables_; }

  private:
    struct Session {
        std::string hash;
        SessionRow row;
    };
    Result<Session> session_locked(const Request& req);
    // The shape checks that need no hashing: method, content type, size. An answer when they fail.
    std::optional<Response> precheck(const Request& req) const;
    Routed later(const Request& req, const boost::asio::any_io_executor& executor, Reply reply,
                 std::function<Response(const Request&)> work);

    Store& store_;
    std::mutex& store_mutex_;
    AuthConfig config_;
    AuthStore tables_;
    PasswordHasher hasher_;
    FailureLimiter per_login_;
    FailureLimiter per_address_;
    boost::asio::thread_pool pool_;
    std::atomic<int> queued_{0};
};

}  // namespace crm::server
