#pragma once
// Maps a request to the API or the static files. Called by the session for every request and by the
// tests directly, without sockets.
#include <boost/asio/any_io_executor.hpp>

#include "sync-server/auth_api.hpp"
#include "sync-server/changes_api.hpp"
#include "sync-server/deferred.hpp"
#include "sync-server/http_util.hpp"
#include "sync-server/static_files.hpp"
#include "sync-server/sync_api.hpp"

namespace crm::server {

inline constexpr std::string_view kHealthPath = "/healthz";
inline constexpr std::string_view kSyncPath = "/api/v1/sync";
inline constexpr std::string_view kApiPrefix = "/api/";

class Router {
public:
    // `files` may be null (no --web-root): only the API is served. `changes` may be null: no long poll.
    // `auth` null: no sign-in, every API endpoint open (tests of other parts); the server always has one,
    // and then every /api/ endpoint but the login needs a valid token.
    Router(SyncApi& api, StaticFiles* files, ChangesApi* changes = nullptr, AuthApi* auth = nullptr)
        : api_(api), files_(files), changes_(changes), auth_(auth) {}

    // Every route: the long poll and sign-in may answer later, through `reply` on `executor` (the
    // session's strand). `client`: the peer's "address:port", for sign-in limits.
    Routed route(const Request& req, const boost::asio::any_io_executor& executor, Reply reply,
                 std::string_view client = {});
    // The routes that answer at once (all but the long poll, which is then 404).
    Response handle(const Request& req, std::string_view client = {});

private:
    SyncApi& api_;
    StaticFiles* files_;
    ChangesApi* changes_;
    AuthApi* auth_;
};

}  // namespace crm::server
