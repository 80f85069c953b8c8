#pragma once
// The client side of sync, transport-agnostic: it builds request bodies and consumes response bodies;
// the platform (wasm/ fetch, or a test) moves the bytes. Cursor and push position live in the database,
// so an interrupted sync resumes where it stopped.
#include <cstdint>
#include <string>

#include "core/store.hpp"
#include "core/sync/protocol.hpp"

namespace crm::sync {

enum class SyncState { Idle, Waiting, Error };

class SyncClient {
  public:
    explicit SyncClient(Store& store);

    // The next request to send: local changes not yet acknowledged (at most limits::kSyncPushBatch)
    // and the pull cursor. Moves to Waiting.
    Result<SyncRequest> next_request();
    // A pull-only request continuing after `cursor`, the cursor of an answer not applied yet: the page asks
    // for a long pull's next page while it applies the current one. Changes nothing; after the answer
    // before it was applied, expect_pull() makes it the request in flight.
    SyncRequest pull_request(std::int64_t cursor) const;
    void expect_pull();
    // Applies a response to the request from next_request(). Returns true when the server has more
    // (call next_request() again).
    Result<bool> handle_response(const SyncResponse& response);
    // The transport failed (offline, 5xx...): nothing is lost; the next request resends.
    void handle_failure(std::string message);

    SyncState state() const { return state_; }
    const std::string& last_error() const { return last_error_; }
    Result<std::int64_t> pending_count();    // local field changes not yet acknowledged by the server
    Result<std::int64_t> pending_records();  // records that have some
    std::int64_t cursor() const { return cursor_; }

    // Meta key of the clock offset learnt from the server (read by Store::open).
    static constexpr std::string_view kClockOffsetKey = "clock.offset_ms";

  private:
    // Drops the records that left the user's scope (and their history); counts those kept for their
    // unsent edits.
    Status forget_evicted(const std::vector<std::pair<std::string, std::string>>& evicted, std::size_t& kept);
    Status learn_server_time(std::int64_t server_time);
    Status restamp();

    Store& store_;
    SyncState state_ = SyncState::Idle;
    std::string last_error_;
    std::int64_t cursor_ = 0;
    std::vector<Change> in_flight_;  // the pushed changes of the request awaiting its answer
};

}  // namespace crm::sync
