#pragma once
// The browser half of the page store: core's PageStore VFS keeps the database in memory, this sends each
// commit's batch to web/page_store.js (one IndexedDB transaction), takes its answer, and retries failed saves
// with a growing delay. Before main() runs, app.js loads the saved chunks into it (crm_pages_load_many/finish).
#include <cstdint>
#include <string>

#include "core/storage/page_store.hpp"
#include "ui/platform.hpp"

namespace crm::web {

class PagePersistence final : public storage::PageSink {
  public:
    // One per page: the exported load/ack entry points reach it before main() creates anything else.
    static PagePersistence& instance();

    storage::PageStore& store() { return store_; }
    // Loading finished. `durable`: IndexedDB is there and saves go to it; otherwise the database lives in
    // memory only and `error` says why. `existing`: a saved database was loaded (not a first start).
    // Called again with durable = false when the loaded database does not open: its stored copy stays
    // untouched.
    void finish(bool durable, bool existing, std::string error);
    bool existing() const { return existing_; }

    void write(const storage::PageBatch& batch) override;
    void ack(std::uint64_t seq);
    void fail(std::uint64_t seq, std::string message, std::int64_t now_ms);
    void tick(std::int64_t now_ms);  // retries a failed save; saves pulled data that waited long enough
    // Around applying a pulled page (SyncDriver): its commit is not saved at once but with the next own
    // commit, at most kPulledSaveDelayMs later, or when the pull ends (`last`).
    void pulled(bool applying, bool last, std::int64_t now_ms);
    void retry_now();
    ui::StorageStatus status(std::int64_t now_ms) const;

  private:
    PagePersistence();
    storage::PageStore store_;
    bool durable_ = false;
    bool existing_ = false;
    std::string memory_error_;
    std::int64_t retry_at_ms_ = -1;
    std::int64_t pulled_since_ms_ = -1;  // pulled data waits to be saved since then
    std::int64_t backoff_ms_;
};

}  // namespace crm::web
