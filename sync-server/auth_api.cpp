#include "sync-server/auth_api.hpp"

#include <boost/asio/post.hpp>

#include "core/limits.hpp"
#include "core/util/json_text.hpp"
#include "core/util/text.hpp"
#include "sync-server/log.hpp"
#include "sync-server/paths.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace {

constexpr std::string_view kWrongCredentials = "wrong login or password";
constexpr std::string_view kBearerPrefix = "bearer ";

Error denied(std::string_view reason, std::string message) {
    return make_error(ErrorCode::Invalid, std::move(message), "auth", std::string(reason));
}

// The peer's address without its port: "127.0.0.1:5000" and "::1:5000" -> "127.0.0.1", "::1".
std::string_view address_of(std::string_view client) {
    const auto colon = client.rfind(':');
    return colon == std::string_view::npos ? client : client.substr(0, colon);
}

Result<nlohmann::json> json_object(std::string_view body) {
    if (body.size() > server_limits::kMaxAuthBodyBytes) {
        return make_error(ErrorCode::Invalid,
                          "body exceeds " + std::to_string(server_limits::kMaxAuthBodyBytes) + " bytes",
                          "body", "too_large");
    }
    auto json = parse_json_bounded(body, 2);
    if (!json) return make_error(ErrorCode::Invalid, "body: " + json.error().message, "body", "malformed");
    if (!json->is_object())
        return make_error(ErrorCode::Invalid, "body: expected a JSON object", "body", "malformed");
    return json;
}

Result<std::string> text_member(const nlohmann::json& object, std::string_view name, std::size_t max_bytes) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string())
        return make_error(ErrorCode::Invalid, std::string(name) + ": required text", std::string(name),
                          "missing");
    auto text = it->get<std::string>();
    if (text.empty())
        return make_error(ErrorCode::Invalid, std::string(name) + ": empty", std::string(name), "empty");
    if (text.size() > max_bytes) {
        return make_error(ErrorCode::Invalid,
                          std::string(name) + ": at most " + std::to_string(max_bytes) + " bytes",
                          std::string(name), "too_long");
    }
    return text;
}

Response too_many(const Request& req, std::int64_t seconds) {
    Response res = error_response(req, http::status::too_many_requests,
                                  "too many failed sign-ins; try again in " + std::to_string(seconds) + " s");
    res.set(http::field::retry_after, std::to_string(seconds));
    return res;
}

Response internal(const Request& req, const Error& error) {
    log_event(LogLevel::Error, "auth failed", {{"code", to_string(error.code)}, {"error", error.message}});
    return error_response(req, http::status::internal_server_error, "internal error");
}

Response bad_body(const Request& req, const Error& error) {
    if (error.reason == "too_large")
        return error_response(req, http::status::payload_too_large, error.message);
    return error_response(req, http::status::bad_request, error.message);
}

}  // namespace

Result<LoginRequest> parse_login_request(std::string_view body) {
    auto json = json_object(body);
    if (!json) return json.error();
    auto login = text_member(*json, "login", crm::limits::kMaxLoginBytes);
    if (!login) return login.error();
    auto password = text_member(*json, "password", server_limits::kMaxPasswordBytes);
    if (!password) return password.error();
    return LoginRequest{std::move(login.value()), std::move(password.value())};
}

Result<PasswordRequest> parse_password_request(std::string_view body) {
    auto json = json_object(body);
    if (!json) return json.error();
    auto user = text_member(*json, "user_id", crm::limits::kMaxShortTextBytes);
    if (!user) return user.error();
    auto password = text_member(*json, "password", server_limits::kMaxPasswordBytes);
    if (!password) return password.error();
    CRM_TRY(check_new_password(*password));
    return PasswordRequest{std::move(user.value()), std::move(password.value())};
}

Status check_new_password(std::string_view password) {
    if (password.size() < server_limits::kMinPasswordBytes ||
        password.size() > server_limits::kMaxPasswordBytes) {
        return make_error(ErrorCode::Invalid,
                          "password: from " + std::to_string(server_limits::kMinPasswordBytes) + " to " +
                              std::to_string(server_limits::kMaxPasswordBytes) + " bytes",
                          "password", "length");
    }
    return {};
}

nlohmann::json user_json(const sync::Principal& who) {
    return {{"id", who.user_id},
            {"login", who.login},
            {"name", who.name},
            {"role", sync::to_key(who.role)},
            {"team_id", who.team_id}};
}

Response auth_denied(const Request& req, const Error& error) {
    return json_response(req, http::status::unauthorized,
                         nlohmann::json{{"error", error.message}, {"auth", error.reason}});
}

AuthApi::AuthApi(Store& store, std::mutex& store_mutex, AuthConfig config)
    : store_(store),
      store_mutex_(store_mutex),
      config_(std::move(config)),
      tables_(store.db()),
      per_login_(server_limits::kMaxLoginFailuresPerLogin, server_limits::kLoginFailureWindow,
                 server_limits::kMaxRateLimitKeys),
      per_address_(server_limits::kMaxLoginFailuresPerAddress, server_limits::kAddressFailureWindow,
                   server_limits::kMaxRateLimitKeys),
      pool_(server_limits::kMaxConcurrentPasswordHashes) {}

AuthApi::~AuthApi() {
    shutdown();
}

Status AuthApi::init() {
    CRM_TRY(init_crypto());
    std::lock_guard lock(store_mutex_);
    CRM_TRY(tables_.create_tables());
    // Sessions that ended a TTL ago tell nothing useful any more ("expired" then reads "invalid").
    return tables_.purge(config_.now() -
                         std::chrono::duration_cast<std::chrono::milliseconds>(config_.session_ttl).count());
}

void AuthApi::shutdown() {
    pool_.join();
}

std::optional<Response> AuthApi::precheck(const Request& req) const {
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST");
    if (req.body().size() > server_limits::kMaxAuthBodyBytes) {
        return error_response(req, http::status::payload_too_large,
                              "body exceeds " + std::to_string(server_limits::kMaxAuthBodyBytes) + " bytes");
    }
    const auto type = req.find(http::field::content_type);
    const std::string media = type == req.end()
                                  ? std::string{}
                                  : ascii_lower(trim_ows(type->value().substr(0, type->value().find(';'))));
    if (media != kJsonType) {
        return error_response(req, http::status::unsupported_media_type,
                              "Content-Type must be application/json");
    }
    return std::nullopt;
}

Routed AuthApi::later(const Request& req, const net::any_io_executor& executor, Reply reply,
                      std::function<Response(const Request&)> work) {
    if (queued_.load() >= server_limits::kMaxQueuedPasswordHashes) {
        Response res =
            error_response(req, http::status::service_unavailable, "the server is busy signing in; retry");
        res.set(http::field::retry_after, std::to_string(server_limits::kHashBusyRetryAfter.count()));
        return {std::move(res), nullptr};
    }
    ++queued_;
    // The answer comes through the session's strand; a session that went away meanwhile drops it.
    struct Job : Deferred {
        void release() override {}
    };
    net::post(
        pool_, [this, copy = req, executor, reply = std::move(reply), work = std::move(work)]() mutable {
            Response res = work(copy);
            --queued_;
            net::post(executor,
                      [reply = std::move(reply), res = std::move(res)]() mutable { reply(std::move(res)); });
        });
    return {std::nullopt, std::make_shared<Job>()};
}

std::optional<Routed> AuthApi::route(const Request& req, std::string_view client,
                                     const net::any_io_executor& executor, Reply reply) {
    const std::string_view path = target_path(req.target());
    if (path == kLoginPath || path == kPasswordPath) {
        if (auto refused = precheck(req)) return Routed{std::move(*refused), nullptr};
        if (path == kPasswordPath) {
            return later(req, executor, std::move(reply), [this](const Request& r) { return password(r); });
        }
        return later(req, executor, std::move(reply),
                     [this, who = std::string(client)](const Request& r) { return login(r, who); });
    }
    if (auto now = handle_now(req, client)) return Routed{std::move(*now), nullptr};
    return std::nullopt;
}

std::optional<Response> AuthApi::handle_now(const Request& req, std::string_view client) {
    const std::string_view path = target_path(req.target());
    if (path == kLoginPath) return login(req, client);
    if (path == kPasswordPath) return password(req);
    if (path == kLogoutPath) return logout(req);
    if (path == kMePath) return me(req);
    return std::nullopt;
}

Response AuthApi::login(const Request& req, std::string_view client) {
    if (auto refused = precheck(req)) return std::move(*refused);
    auto body = parse_login_request(req.body());
    if (!body) return bad_body(req, body.error());
    const std::string login_key = "login:" + text::fold_case(body->login);
    const std::string address_key = "addr:" + std::string(address_of(client));
    const std::int64_t now = config_.now();
    const std::int64_t wait = std::max(per_login_.retry_after_seconds(login_key, now),
                                       per_address_.retry_after_seconds(address_key, now));
    if (wait > 0) return too_many(req, wait);

    std::optional<sync::Principal> user;
    std::optional<std::string> hash;
    {
        std::lock_guard lock(store_mutex_);
        auto found = sync::find_user_by_login(store_, body->login);
        if (!found) return internal(req, found.error());
        user = std::move(found.value());
        if (user) {
            auto stored = tables_.password_hash(user->user_id);
            if (!stored) return internal(req, stored.error());
            hash = std::move(stored.value());
        }
    }
    // Unknown login, or a user without a password yet: the same work as a wrong password.
    const bool ok =
        hash ? hasher_.verify(*hash, body->password) : (hasher_.verify_dummy(body->password), false);
    if (!ok) {
        per_login_.record_failure(login_key, now);
        per_address_.record_failure(address_key, now);
        log_event(LogLevel::Info, "sign-in refused", {{"client", std::string(address_of(client))}});
        return error_response(req, http::status::unauthorized, kWrongCredentials);
    }
    per_login_.clear(login_key);
    if (user->disabled) {
        return json_response(req, http::status::forbidden,
                             nlohmann::json{{"error", "this account is disabled; ask an administrator"},
                                            {"auth", "disabled"}});
    }
    const std::string token = new_session_token();
    const std::int64_t expires =
        now + std::chrono::duration_cast<std::chrono::milliseconds>(config_.session_ttl).count();
    {
        std::lock_guard lock(store_mutex_);
        auto added = tables_.add_session(token_hash(token), user->user_id, now, expires);
        if (!added) return internal(req, added.error());
    }
    log_event(LogLevel::Info, "signed in", {{"user", user->user_id}});
    return json_response(
        req, http::status::ok,
        nlohmann::json{{"token", token}, {"expires_at", expires}, {"user", user_json(*user)}});
}

Result<AuthApi::Session> AuthApi::session_locked(const Request& req) {
    const auto header = req.find(http::field::authorization);
    if (header == req.end()) return denied("missing", "sign in first: this request carries no token");
    const std::string_view value = trim_ows(header->value());
    if (value.size() <= kBearerPrefix.size() ||
        ascii_lower(value.substr(0, kBearerPrefix.size())) != kBearerPrefix)
        return denied("missing", "sign in first: Authorization is not a Bearer token");
    const std::string_view token = trim_ows(value.substr(kBearerPrefix.size()));
    Session session{token_hash(token), {}};
    auto row = tables_.session(session.hash);
    if (!row) return row.error();
    if (!row.value()) return denied("invalid", "the session is unknown; sign in again");
    session.row = std::move(*row.value());
    if (session.row.revoked) return denied("revoked", "the session was signed out; sign in again");
    if (config_.now() >= session.row.expires_ms)
        return denied("expired", "the session expired; sign in again");
    return session;
}

Result<sync::Principal> AuthApi::authenticate_locked(const Request& req, std::string_view device) {
    auto session = session_locked(req);
    if (!session) return session.error();
    const SessionRow& row = session->row;
    if (!device.empty()) {
        if (row.device.empty()) {
            if (device.size() > server_limits::kMaxDeviceIdBytes)
                return denied("device", "device id too long");
            CRM_TRY(tables_.bind_device(session->hash, device));
        } else if (row.device != device) {
            return denied("device", "this session belongs to another device; sign in on this one");
        }
    }
    auto who = sync::load_principal(store_, row.user_id);
    if (!who) {
        if (who.error().code == ErrorCode::NotFound)
            return denied("disabled", "this account no longer exists");
        return who.error();
    }
    if (who->disabled) return denied("disabled", "this account is disabled; ask an administrator");
    who->device = device.empty() ? row.device : std::string(device);
    return who;
}

Result<sync::Principal> AuthApi::authenticate(const Request& req, std::string_view device) {
    std::lock_guard lock(store_mutex_);
    return authenticate_locked(req, device);
}

Response AuthApi::logout(const Request& req) {
    if (req.method() != http::verb::post) return method_not_allowed(req, "POST");
    std::lock_guard lock(store_mutex_);
    auto session = session_locked(req);
    if (!session)
        return session.error().field == "auth" ? auth_denied(req, session.error())
                                               : internal(req, session.error());
    auto revoked = tables_.revoke(session->hash, config_.now());
    if (!revoked) return internal(req, revoked.error());
    return json_response(req, http::status::ok, nlohmann::json::object());
}

Response AuthApi::me(const Request& req) {
    if (req.method() != http::verb::get) return method_not_allowed(req, "GET");
    std::lock_guard lock(store_mutex_);
    auto who = authenticate_locked(req, {});
    if (!who) return who.error().field == "auth" ? auth_denied(req, who.error()) : internal(req, who.error());
    auto session = session_locked(req);
    const std::int64_t expires = session ? session->row.expires_ms : 0;
    return json_response(req, http::status::ok,
                         nlohmann::json{{"user", user_json(*who)}, {"expires_at", expires}});
}

Response AuthApi::password(const Request& req) {
    if (auto refused = precheck(req)) return std::move(*refused);
    auto who = authenticate(req);
    if (!who) return who.error().field == "auth" ? auth_denied(req, who.error()) : internal(req, who.error());
    auto body = parse_password_request(req.body());
    if (!body) return bad_body(req, body.error());
    if (who->role != sync::Role::Admin && body->user_id != who->user_id) {
        return error_response(req, http::status::forbidden,
                              "only an administrator sets another user's password");
    }
    {
        std::lock_guard lock(store_mutex_);
        auto target = sync::load_principal(store_, body->user_id);
        if (!target) {
            if (target.error().code == ErrorCode::NotFound)
                return error_response(req, http::status::not_found, "no such user");
            return internal(req, target.error());
        }
    }
    auto hash = hasher_.hash(body->password);
    if (!hash) return internal(req, hash.error());
    std::lock_guard lock(store_mutex_);
    const std::int64_t now = config_.now();
    auto stored = tables_.set_password_hash(body->user_id, *hash, now);
    if (!stored) return internal(req, stored.error());
    // The old password's sessions end, except the one that changed it.
    const std::string keep =
        body->user_id == who->user_id ? session_locked(req).value_or(Session{}).hash : std::string{};
    auto revoked = tables_.revoke_user(body->user_id, keep, now);
    if (!revoked) return internal(req, revoked.error());
    log_event(LogLevel::Info, "password set", {{"user", body->user_id}, {"by", who->user_id}});
    return json_response(req, http::status::ok, nlohmann::json::object());
}

}  // namespace crm::server
