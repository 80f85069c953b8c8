#pragma once
// The JSON API: GET /healthz and POST /api/v1/sync. The protocol and the merge live in core
// (core/sync/protocol.hpp); this file only maps HTTP to serve_sync and errors to status codes. After a sync
// that committed, it tells the long polls (sync-server/change_notifier.hpp).
#include <atomic>
#include <mutex>

#include "core/store.hpp"
#include "sync-server/change_notifier.hpp"
#include "sync-server/http_util.hpp"

namespace crm::server {

class AuthApi;

class SyncApi {
public:
    explicit SyncApi(Store& store);

    Response healthz(const Request& req);
    // `auth` null: unrestricted (no sign-in configured). Otherwise the request's token must be valid for
    // the device it names (checked under the same lock as the sync) and the sync is scoped to its user.
    Response sync(const Request& req, AuthApi* auth = nullptr);

    // Knows the newest sequence without the store's mutex; woken after every sync that advanced it.
    ChangeNotifier& notifier() { return notifier_; }
    // Tests hold it to prove /healthz answers while a sync works.
    std::mutex& store_mutex_for_tests() { return store_mutex_; }
    // The lock every use of the store takes (the sign-in tables live in the same database).
    std::mutex& store_mutex() { return store_mutex_; }

private:
    Store& store_;
    std::mutex store_mutex_;  // one SQLite connection, shared by every I/O thread
    ChangeNotifier notifier_;
    // /healthz's change count, recounted only when the cursor moved and the store is free at that moment:
    // a health check never waits for (or stretches) a sync.
    std::atomic<std::int64_t> counted_changes_{0};
    std::atomic<std::int64_t> counted_at_cursor_{0};
};

// HTTP status for a core error from parse_sync_request/serve_sync.
http::status status_for(const Error& error);

}  // namespace crm::server
