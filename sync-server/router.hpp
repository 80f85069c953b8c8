#pragma once
// Maps a request to the API or the static files. Called by the session for every request and by the
// tests directly, without sockets.
#include "sync-server/http_util.hpp"
#include "sync-server/static_files.hpp"
#include "sync-server/sync_api.hpp"

namespace crm::server {

inline constexpr std::string_view kHealthPath = "/healthz";
inline constexpr std::string_view kSyncPath = "/api/v1/sync";
inline constexpr std::string_view kApiPrefix = "/api/";

class Router {
public:
    // `files` may be null (no --web-root): only the API is served.
    Router(SyncApi& api, StaticFiles* files) : api_(api), files_(files) {}

    Response handle(const Request& req);

private:
    SyncApi& api_;
    StaticFiles* files_;
};

}  // namespace crm::server
