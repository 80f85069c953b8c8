#include "core/sync/client.hpp"

#include <string>

#include "core/limits.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/merge.hpp"

namespace crm::sync {

namespace {
constexpr std::string_view kCursorKey = "sync.cursor";
constexpr std::string_view kPushedKey = "sync.pushed_upto";

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
    pushed_upto_ = read_int_meta(store_.db(), kPushedKey);
    in_flight_upto_ = pushed_upto_;
}

Result<SyncRequest> SyncClient::next_request() {
    // Re-read: another SyncClient on the same store may have advanced them.
    cursor_ = read_int_meta(store_.db(), kCursorKey);
    pushed_upto_ = read_int_meta(store_.db(), kPushedKey);
    auto own = store_.changes().since_from(pushed_upto_, store_.device_id(), limits::kSyncPushBatch);
    if (!own) {
        handle_failure(own.error().message);
        return own.error();
    }
    SyncRequest request;
    request.protocol = kProtocolVersion;
    request.schema = storage::kSchemaVersion;
    request.device = store_.device_id();
    request.cursor = cursor_;
    in_flight_upto_ = own->empty() ? pushed_upto_ : own->back().seq;
    request.changes = std::move(own).value();
    state_ = SyncState::Waiting;
    last_error_.clear();
    return request;
}

Result<bool> SyncClient::handle_response(const SyncResponse& response) {
    if (state_ != SyncState::Waiting) {
        return make_error(ErrorCode::Protocol, "a sync response arrived with no request in flight");
    }
    // Merge and both positions commit together: a crash leaves either all of it or none.
    auto tx = storage::Transaction::begin(store_.db());
    if (!tx) {
        handle_failure(tx.error().message);
        return tx.error();
    }
    auto merged = apply_remote(store_.db(), store_.changes(), response.changes);
    Status saved = merged ? storage::set_meta(store_.db(), kCursorKey, std::to_string(response.cursor)) : Status{};
    if (merged && saved) saved = storage::set_meta(store_.db(), kPushedKey, std::to_string(in_flight_upto_));
    if (merged && saved) saved = tx->commit();
    if (!merged || !saved) {
        const Error e = merged ? saved.error() : merged.error();
        handle_failure(e.message);
        return e;
    }
    cursor_ = response.cursor;
    pushed_upto_ = in_flight_upto_;
    state_ = SyncState::Idle;
    // Rejections are final (a resend would be rejected again), so they are reported, not retried.
    const std::size_t rejected = response.rejected.size() + merged->rejected.size();
    if (rejected > 0) {
        last_error_ = std::to_string(rejected) + " change(s) rejected: " +
                      (!response.rejected.empty() ? response.rejected.front().reason
                                                  : merged->rejected.front().second.message);
    }
    auto pending = pending_count();
    return response.more || (pending && *pending > 0);
}

void SyncClient::handle_failure(std::string message) {
    state_ = SyncState::Error;
    last_error_ = std::move(message);
    in_flight_upto_ = pushed_upto_;
}

Result<std::int64_t> SyncClient::pending_count() {
    return store_.changes().count_since_from(pushed_upto_, store_.device_id());
}

}  // namespace crm::sync
