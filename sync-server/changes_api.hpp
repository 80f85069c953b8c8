#pragma once
// GET /api/v1/changes?after=<cursor>: the long poll that tells a connected page the server has changes it has
// not pulled. Answers {"cursor": N} at once when the newest sequence is past `after`, else when a sync
// commits newer changes or the wait limit passes (then with the unchanged cursor). The page then syncs
// through POST /api/v1/sync as always; this endpoint carries no data.
#include <chrono>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>

#include "core/limits.hpp"
#include "sync-server/change_notifier.hpp"
#include "sync-server/deferred.hpp"

namespace crm::server {

inline constexpr std::string_view kChangesPath = "/api/v1/changes";

class ChangesApi {
  public:
    // `wait_limit` is a parameter only so tests need not wait limits::kChangesWaitLimit.
    explicit ChangesApi(ChangeNotifier& notifier,
                        std::chrono::milliseconds wait_limit = limits::kChangesWaitLimit)
        : notifier_(notifier), wait_limit_(wait_limit) {}

    // A waiting request's timer runs on `executor` (the session's strand) and `reply` is called there.
    // 400 for a missing or malformed `after`, 405 for another method than GET, 503 with Retry-After when
    // limits::kMaxChangeWaiters already wait.
    Routed changes(const Request& req, const boost::asio::any_io_executor& executor, Reply reply);

  private:
    ChangeNotifier& notifier_;
    std::chrono::milliseconds wait_limit_;
};

}  // namespace crm::server
