#pragma once
// Sync protocol v1 messages (HTTP + JSON), shared by the browser client and the sync server:
//   POST /api/v1/sync {protocol, schema, device, cursor, changes[]} -> {cursor, changes[], more, rejected[]}
// The server numbers every accepted change; `cursor` is the last number a client has seen.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store.hpp"
#include "core/sync/change.hpp"

namespace crm::sync {

inline constexpr int kProtocolVersion = 1;

struct SyncRequest {
    int protocol = kProtocolVersion;
    int schema = 0;
    std::string device;
    std::int64_t cursor = 0;
    std::vector<Change> changes;
};

struct RejectedChange {
    Change change;
    std::string reason;
};

struct SyncResponse {
    std::int64_t cursor = 0;
    std::vector<Change> changes;
    bool more = false;
    std::vector<RejectedChange> rejected;
};

nlohmann::json to_json(const SyncRequest& request);
nlohmann::json to_json(const SyncResponse& response);
// Protocol errors name the offending member, e.g. "changes[3].hlc: expected an integer".
Result<SyncRequest> parse_sync_request(const nlohmann::json& j);
Result<SyncResponse> parse_sync_response(const nlohmann::json& j);

// The server side of one exchange: applies the pushed changes (merge rule), then returns at most
// `pull_limit` changes after request.cursor. Clients of this schema or an older one are served (changes
// to tables and fields newer than theirs are left out of the pull); each pushed change the server cannot
// take is rejected alone, with a reason. Another protocol, or a client schema newer than the server's,
// is ErrorCode::Unsupported with a message saying which side to update.
Result<SyncResponse> serve_sync(Store& store, const SyncRequest& request, int pull_limit);

}  // namespace crm::sync
