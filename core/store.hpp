#pragma once
// The core facade: one open database with its clock, change log and repositories.
#include <memory>
#include <string>

#include "core/domain/entity.hpp"
#include "core/domain/repository.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/change_log.hpp"
#include "core/sync/conflicts.hpp"
#include "core/sync/hlc.hpp"
#include "core/util/uuid.hpp"

namespace crm {

struct StoreOptions {
    std::string device_id;       // empty: the one saved in the database, or a new UUIDv7 saved there
    sync::NowMs now = sync::system_now_ms;
    storage::Database::Options db;
    std::uint64_t id_seed = 0;   // 0: random; otherwise deterministic ids (tests, demo data)
    // The sync server's store: write-ahead log, a larger page cache, and neither search nor sort indexes
    // (domain::server_profile_sql): the server never searches or lists, and each index cost every write.
    bool server = false;
};

class Store {
public:
    static Result<std::unique_ptr<Store>> open(const std::string& path, StoreOptions options = {});

    storage::Database& db() { return db_; }
    sync::HlcClock& clock() { return clock_; }
    sync::ChangeLog& changes() { return log_; }
    // This device's values that lost to received changes (sync/conflicts.hpp): the card's conflict panel.
    sync::ConflictJournal& conflicts() { return conflicts_; }
    // The entities this store holds (the app's registry) and the repository of one of them.
    const domain::Registry& registry() const { return domain::Registry::app(); }
    domain::Repository records(const domain::EntityDesc& entity) { return {registry(), entity, db_, log_, ids_}; }
    domain::Repository records(std::string_view entity) { return records(registry().get(entity)); }
    UuidGenerator& ids() { return ids_; }
    const std::string& device_id() const { return log_.device_id(); }
    // Who uses this store (the signed-in user's id): new records default their owner to them.
    void set_actor(std::string user_id) { log_.set_actor(std::move(user_id)); }
    const std::string& actor() const { return log_.actor(); }

    Store(storage::Database db, sync::HlcClock clock, std::string device, std::uint64_t id_seed);

private:
    storage::Database db_;
    sync::HlcClock clock_;
    UuidGenerator ids_;
    sync::ChangeLog log_;
    sync::ConflictJournal conflicts_{db_, log_};
};

}  // namespace crm
