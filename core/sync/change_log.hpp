#pragma once
// The change log: every write through the repositories stores, in the same transaction, one row per
// changed field (table, row id, field, value, HLC, device). Sync is built on this table alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/storage/sqlite.hpp"
#include "core/sync/change.hpp"
#include "core/sync/hlc.hpp"

namespace crm::sync {

class ChangeLog {
  public:
    ChangeLog(storage::Database& db, HlcClock& clock, std::string device_id);

    // Appends one change; the caller holds the transaction that also writes the row.
    Status append(const Change& change);
    // Local write: stamps the change with a fresh HLC and this device's id.
    Status record(std::string_view table, std::string_view row_id, std::string_view field,
                  const nlohmann::json& value, Hlc hlc);

    // Changes with seq > after_seq, oldest first, at most `limit`.
    Result<std::vector<Change>> since(std::int64_t after_seq, int limit);
    // The same, only changes made by `device` (the sync client pushes its own writes).
    Result<std::vector<Change>> since_from(std::int64_t after_seq, std::string_view device, int limit);
    Result<std::int64_t> count_since_from(std::int64_t after_seq, std::string_view device);
    // This device's changes after `after_seq` stamped later than `hlc`, oldest first: edits a clock that ran
    // ahead stamped in the future.
    Result<std::vector<Change>> own_after(std::int64_t after_seq, Hlc hlc);
    // Gives a logged change a new clock (only for this device's unsent edits; see SyncClient::restamp).
    Status restamp(std::int64_t seq, Hlc hlc);
    // The newest clock in the log no later than `bound`.
    Result<Hlc> newest_until(Hlc bound);
    // The newest (hlc, device) recorded for one field, if any.
    Result<std::optional<Change>> winner(std::string_view table, std::string_view row_id,
                                         std::string_view field);
    Result<std::int64_t> count();
    Result<std::int64_t> last_seq();

    const std::string& device_id() const { return device_; }
    HlcClock& clock() { return clock_; }

  private:
    storage::Database& db_;
    HlcClock& clock_;
    std::string device_;
};

}  // namespace crm::sync
