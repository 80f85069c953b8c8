#include "core/sync/client.hpp"

#include <string>

#include "core/limits.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/merge.hpp"

namespace crm::sync {

namespace {
constexpr std::string_view kCursorKey = "sync.cursor";

std::int64_t read_int_meta(storage::Database& db, std::string_view key) {
    auto v = storage::get_meta(db, key);
    if (!v || !*v) return 0;
    // Written only by this file as decimal text; anything else reads as "from the start" (safe: the
    // server dedupes pushes and the merge dedupes pulls).
    std::int64_t n = 0;
    for (char c : **v) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
    }
    return n;
}
}  // namespace

SyncClient::SyncClient(Store& store) : store_(store) {
    cursor_ = read_int_meta(store_.db(), kCursorKey);
}

Result<SyncRequest> SyncClient::next_request() {
    // Re-read: another SyncClient on the same store may have advanced it.
    cursor_ = read_int_meta(store_.db(), kCursorKey);
    auto own = store_.changes().pending(limits::kSyncPushBatch);
    if (!own) {
        handle_failure(own.error().message);
        return own.error();
    }
    SyncRequest request = pull_request(cursor_);
    // Nothing pulled yet (a new device): a small first page, so the first screen shows at once.
    if (cursor_ == 0) request.max_records = limits::kSyncFirstPullRecords;
    request.changes = *own;
    expect_pull();
    in_flight_ = std::move(own).value();
    return request;
}

SyncRequest SyncClient::pull_request(std::int64_t cursor) const {
    SyncRequest request;
    request.protocol = kProtocolVersion;
    request.schema = storage::kSchemaVersion;
    request.device = store_.device_id();
    request.cursor = cursor;
    request.client_time = store_.clock().now();
    return request;
}

void SyncClient::expect_pull() {
    in_flight_.clear();
    state_ = SyncState::Waiting;
    last_error_.clear();
}

Result<bool> SyncClient::handle_response(const SyncResponse& response) {
    if (state_ != SyncState::Waiting) {
        return make_error(ErrorCode::Protocol, "a sync response arrived with no request in flight");
    }
    if (response.server_time > 0) {
        if (Status learnt = learn_server_time(response.server_time); !learnt) {
            handle_failure(learnt.error().message);
            return learnt.error();
        }
    }
    if (response.retime) {
        // Nothing of the push was applied: stamp the edits again against the corrected clock and resend.
        if (Status restamped = restamp(); !restamped) {
            handle_failure(restamped.error().message);
            return restamped.error();
        }
        in_flight_.clear();
        state_ = SyncState::Idle;
        return true;
    }
    // Merge and both positions commit together: a crash leaves either all of it or none.
    auto tx = storage::Transaction::begin(store_.db());
    if (!tx) {
        handle_failure(tx.error().message);
        return tx.error();
    }
    // The journal keeps this device's unsent values that the answer beats (a pull, or the winner the server
    // answers a losing push with), before the merge drops them from the outbox.
    auto merged = apply_remote(store_.db(), store_.changes(), response.changes, 0, &store_.conflicts());
    if (merged && !response.records.empty()) {
        auto whole = apply_records(store_.db(), store_.changes(), response.records, &store_.conflicts());
        if (!whole)
            merged = whole.error();
        else {
            merged->applied += whole->applied;
            for (auto& r : whole->rejected) merged->rejected.push_back(std::move(r));
        }
    }
    std::size_t kept = 0;  // records that left the scope but hold unsent edits
    Status saved = merged ? forget_evicted(response.evicted, kept) : Status{};
    if (merged && saved) saved = storage::set_meta(store_.db(), kCursorKey, std::to_string(response.cursor));
    // What was sent is acknowledged (taken, or rejected for good), unless written again meanwhile.
    if (merged && saved) saved = store_.changes().acknowledge(in_flight_);
    if (merged && saved) saved = tx->commit();
    if (!merged || !saved) {
        const Error e = merged ? saved.error() : merged.error();
        handle_failure(e.message);
        return e;
    }
    cursor_ = response.cursor;
    in_flight_.clear();
    state_ = SyncState::Idle;
    // Rejections are final (a resend would be rejected again), so they are reported, not retried.
    const std::size_t rejected = response.rejected.size() + merged->rejected.size();
    if (rejected > 0) {
        last_error_ = std::to_string(rejected) + " change(s) rejected: " +
                      (!response.rejected.empty() ? response.rejected.front().reason
                                                  : merged->rejected.front().error.message);
    } else if (kept > 0) {
        last_error_ = std::to_string(kept) + " record(s) left your scope with edits not sent";
    }
    auto pending = pending_count();
    return response.more || (pending && *pending > 0);
}

Status SyncClient::forget_evicted(const std::vector<std::pair<std::string, std::string>>& evicted,
                                  std::size_t& kept) {
    const domain::Registry& registry = store_.registry();
    for (const auto& [table, id] : evicted) {
        const domain::EntityDesc* e = registry.find_table(table);
        if (e == nullptr || e->access != domain::Access::Owned) continue;
        auto gone = store_.changes().forget(*e, id);
        if (!gone) return gone.error();
        if (!*gone) {
            ++kept;
            continue;
        }
        // Its history rows go with it (those with unsent edits stay).
        for (const auto& child : registry.entities()) {
            const auto where = child.rows_of_sql(*e);
            if (!where) continue;
            auto stmt =
                store_.db().prepare("SELECT id FROM " + std::string(child.table) + " WHERE " + *where);
            if (!stmt) return stmt.error();
            stmt->bind(1, id);
            std::vector<std::string> ids;
            while (true) {
                auto row = stmt->step();
                if (!row) return row.error();
                if (!*row) break;
                ids.push_back(stmt->column_text(0));
            }
            for (const auto& child_id : ids) {
                auto dropped = store_.changes().forget(child, child_id);
                if (!dropped) return dropped.error();
            }
        }
    }
    return {};
}

Status SyncClient::learn_server_time(std::int64_t server_time) {
    sync::HlcClock& clock = store_.clock();
    const std::int64_t offset = server_time - clock.raw_now();
    const std::int64_t drift = offset - clock.offset_ms();
    if (drift >= -limits::kClockOffsetToleranceMs && drift <= limits::kClockOffsetToleranceMs) return {};
    clock.set_offset_ms(offset);
    return storage::set_meta(store_.db(), kClockOffsetKey, std::to_string(offset));
}

Status SyncClient::restamp() {
    auto tx = storage::Transaction::begin(store_.db());
    if (!tx) return tx.error();
    ChangeLog& log = store_.changes();
    HlcClock& clock = store_.clock();
    const Hlc now{clock.now(), 0xFFFF};
    auto future = log.pending_after(now);
    if (!future) return future.error();
    if (future->empty()) return tx->commit();
    // Own edits keep their order (pending_after sorts them by their old clocks).
    clock.restart_at(Hlc{clock.now(), 0});
    for (const Change& c : *future) {
        const Hlc stamped = clock.tick();
        // A change from elsewhere this device discarded against the old stamp may now be the newer one: the
        // server answers the resent push with it (serve_sync), so this device still ends with it.
        CRM_TRY(log.restamp(c, stamped));
    }
    return tx->commit();
}

void SyncClient::handle_failure(std::string message) {
    state_ = SyncState::Error;
    last_error_ = std::move(message);
    in_flight_.clear();
}

Result<std::int64_t> SyncClient::pending_count() {
    return store_.changes().pending_count();
}

Result<std::int64_t> SyncClient::pending_records() {
    return store_.changes().pending_records();
}

}  // namespace crm::sync
