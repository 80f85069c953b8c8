#pragma once
// Sync protocol v1 messages (HTTP + JSON), shared by the browser client and the sync server:
//   POST /api/v1/sync {protocol, schema, device, cursor, changes[]} -> {cursor, changes[], more, rejected[]}
// The server numbers every accepted change; `cursor` is the last number a client has seen.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/store.hpp"
#include "core/sync/change.hpp"
#include "core/sync/scope.hpp"

namespace crm::sync {

// 2: a pull answers whole records (`records`), compactly: the field names once per table, device ids once
// per answer, a base clock per record and only the clocks that differ from it. 1: one JSON object per field
// change (`changes`), still served to pages of older builds.
inline constexpr int kProtocolVersion = 2;
inline constexpr int kOldestProtocolVersion = 1;

struct SyncRequest {
    int protocol = kProtocolVersion;
    int schema = 0;
    std::string device;
    std::int64_t cursor = 0;
    std::vector<Change> changes;
    // The device's (corrected) clock, Unix ms. Apps that send it get the server's clock check with
    // `retime`; apps that do not (older builds) get the legacy per-change bound.
    std::optional<std::int64_t> client_time;
    // Protocol 2's pull: at most this many records in the answer (0: the server's page size). A first sync
    // asks for a small first page, so the first screen of data shows before the big pages arrive. Servers
    // that do not know the member send their usual page.
    int max_records = 0;
};

// A pushed change the server did not take, by its index in the request. The answer names it by its
// identity only (table, row, field, hlc, device; value null): an input is never echoed back.
struct RejectedChange {
    std::size_t index = 0;
    Change change;
    std::string reason;
};

struct SyncResponse {
    std::int64_t cursor = 0;
    std::vector<Change> changes;       // protocol 1's pull; in 2, winners of pushed changes that lost
    std::vector<RecordState> records;  // protocol 2's pull
    bool more = false;
    // Protocol 2's pull: how many records remain after this page (-1: not told, an older server); a first
    // sync shows its progress with it.
    std::int64_t remaining = -1;
    std::vector<RejectedChange> rejected;
    int protocol = kProtocolVersion;  // how to_json encodes the pull
    std::int64_t server_time = 0;     // the server's clock, Unix ms (0: an older server that does not say)
    // The push was stamped too far ahead of server_time and nothing of it was applied: the device corrects
    // its clock, re-stamps those edits and sends them again.
    bool retime = false;
    // Records that left the user's scope (given to someone else) since the cursor: the device forgets
    // them unless it has unsent edits of them. [table, id] pairs.
    std::vector<std::pair<std::string, std::string>> evicted;
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
// `who`: the signed-in user the request is served for (the server): their scope filters the pull and
// checks every pushed change (sync/scope.hpp), and their device's clock is held to the tight bound. Null:
// unrestricted (core tests, tools).
Result<SyncResponse> serve_sync(Store& store, const SyncRequest& request, int pull_limit,
                                const Principal* who = nullptr);

}  // namespace crm::sync
