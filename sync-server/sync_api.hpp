#pragma once
// The JSON API: GET /healthz and POST /api/v1/sync. The protocol and the merge live in core
// (core/sync/protocol.hpp); this file only maps HTTP to serve_sync and errors to status codes. After a sync
// that committed, it tells the long polls (sync-server/change_notifier.hpp).
#include <mutex>

#include "core/store.hpp"
#include "sync-server/change_notifier.hpp"
#include "sync-server/http_util.hpp"

namespace crm::server {

class SyncApi {
public:
    explicit SyncApi(Store& store) : store_(store), notifier_(store.changes().last_seq()) {}

    Response healthz(const Request& req);
    Response sync(const Request& req);

    // Knows the newest sequence without the store's mutex; woken after every sync that advanced it.
    ChangeNotifier& notifier() { return notifier_; }

private:
    Store& store_;
    std::mutex store_mutex_;  // one SQLite connection, shared by every I/O thread
    ChangeNotifier notifier_;
};

// HTTP status for a core error from parse_sync_request/serve_sync.
http::status status_for(const Error& error);

}  // namespace crm::server
