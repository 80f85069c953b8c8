#pragma once
// The JSON API: GET /healthz and POST /api/v1/sync. The protocol and the merge live in core
// (core/sync/protocol.hpp); this file only maps HTTP to serve_sync and errors to status codes. After a sync
// that committed, it tells the long polls (sync-server/change_notifier.hpp).
#include <mutex>

#include "core/store.hpp"
#include "sync-server/change_notifier.hpp"
#include "sync-server/http_util.hpp"

namespace crm::server {

class AuthApi;

class SyncApi {
public:
    explicit SyncApi(Store& store) : store_(store), notifier_(store.changes().last_seq()) {}

    Response healthz(const Request& req);
    // `auth` null: unrestricted (no sign-in configured). Otherwise the request's token must be valid for
    // the device it names (checked under the same lock as the sync) and the sync is scoped to its user.
    Response sync(const Request& req, AuthApi* auth = nullptr);

    // Knows the newest sequence without the store's mutex; woken after every sync that advanced it.
    ChangeNotifier& notifier() { return notifier_; }
    // The lock every use of the store takes (the sign-in tables live in the same database).
    std::mutex& store_mutex() { return store_mutex_; }

private:
    Store& store_;
    std::mutex store_mutex_;  // one SQLite connection, shared by every I/O thread
    ChangeNotifier notifier_;
};

// HTTP status for a core error from parse_sync_request/serve_sync.
http::status status_for(const Error& error);

}  // namespace crm::server
