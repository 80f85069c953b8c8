#pragma once
// Helpers shared by the core tests: a fake clock, stores of the app's registry or of a test registry,
// valid drafts of any entity made from its descriptor, and table dumps for convergence checks.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/domain/record.hpp"
#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"
#include "core/sync/change.hpp"
#include "core/sync/client.hpp"

namespace crm::test {

// A controllable wall clock; shared by copy so a test can move time under a Store.
struct FakeClock {
    std::shared_ptr<std::int64_t> ms = std::make_shared<std::int64_t>(1'700'000'000'000);
    sync::NowMs fn() const {
        auto p = ms;
        return [p] { return *p; };
    }
    void advance(std::int64_t delta) { *ms += delta; }
};

std::unique_ptr<Store> open_store(const std::string& device, FakeClock& clock, std::uint64_t seed = 7,
                                  const std::string& path = ":memory:");
// SQL dropping the tables (and search indexes) of the app's entities newer than schema `version`: with
// PRAGMA user_version, turns a current database back into what that version left.
std::string drop_tables_after(int version);
// How many fields of `entity` replicate (a new record queues one change per each): counted from the registry,
// so a field a later schema adds does not break tests about something else.
int replicated_fields(std::string_view entity);
// Every live record of `entity`, read page by page through the repository's keyset paging.
std::vector<domain::Record> all_records(Store& store, std::string_view entity);

// A unique file path in the temp directory, removed (with SQLite's side files) on destruction.
class TempFile {
  public:
    explicit TempFile(const std::string& stem);
    ~TempFile() { remove(); }
    const std::string& path() const { return path_; }

  private:
    void remove();
    std::string path_;
};

// A Store whose repositories serve the entities of `registry`. The app's schema is always there (the
// change log, enum_options); the tables of a registry's other entities come from
// domain::create_table_sql, the generator schema 2 on uses.
class Env {
  public:
    static std::unique_ptr<Env> open(const domain::Registry& registry, FakeClock& clock,
                                     const std::string& device = "dev", std::uint64_t seed = 7);

    Store& store() { return *store_; }
    storage::Database& db() { return store_->db(); }
    sync::ChangeLog& log() { return store_->changes(); }
    const domain::Registry& registry() const { return *registry_; }
    const domain::EntityDesc& entity(std::string_view name) const { return registry_->get(name); }
    domain::Repository repo(const domain::EntityDesc& e) {
        return {*registry_, e, store_->db(), store_->changes(), store_->ids()};
    }
    domain::Repository repo(std::string_view name) { return repo(entity(name)); }
    // User-defined enum options live in the app's enum_options table whatever the registry.
    domain::Repository options() { return store_->records(domain::entity::kEnumOption); }

    Env(const domain::Registry& registry, std::unique_ptr<Store> store)
        : registry_(&registry), store_(std::move(store)) {}

  private:
    const domain::Registry* registry_;
    std::unique_ptr<Store> store_;
};

// The fields a create writes from the draft: replicated and not set by the repository itself.
bool is_written(const domain::FieldDesc& field);
bool is_system(const domain::FieldDesc& field);
// The limits validate_value applies when a descriptor leaves them at 0.
std::size_t text_limit(const domain::FieldDesc& field);
std::size_t item_limit(const domain::FieldDesc& field);

// Valid values and drafts of any entity, from its descriptor alone. References and user-defined enum
// options point at records made on demand (a small pool per target, so several records share one).
class Drafts {
  public:
    explicit Drafts(Env& env) : env_(env) {}

    // A valid, already normalized value of `field`; different `n` give different values (booleans and
    // small enums repeat).
    nlohmann::json value(const domain::EntityDesc& entity, const domain::FieldDesc& field, int n);
    // Every written field filled with value(n).
    domain::Record draft(const domain::EntityDesc& entity, int n);
    // Creates draft(n); a failure is reported to GoogleTest and returns the draft without an id.
    domain::Record create(const domain::EntityDesc& entity, int n);
    // A live record of `entity` / a live option of `list` (one of a pool of kPool, by n).
    std::string target(std::string_view entity, int n);
    std::string option(std::string_view list, int n);

    static constexpr int kPool = 3;

  private:
    Env& env_;
    std::map<std::string, std::vector<std::string>, std::less<>> targets_;
    std::map<std::string, std::vector<std::string>, std::less<>> options_;
    int depth_ = 0;  // > 0 while making a target: its own references stay empty (no endless chains)
};

// Every row of every table of `registry` (columns as text, NULL distinct from '') with each replicated
// field's clock, ordered by id: two replicas hold the same data exactly when their dumps are equal. Each
// replica's own keys (rid, site numbers, sequences, how clocks split into base and overrides) are left out.
std::string dump_tables(Store& store, const domain::Registry& registry);

// --- Sync metadata (schema v3 keeps state, not history) --------------------------------------------
// This device's whole outbox: one entry per written field, with its current value and clock.
std::vector<sync::Change> outbox(sync::ChangeLog& log);
// One row's outbox entries by field.
std::map<std::string, sync::Change> outbox_of(sync::ChangeLog& log, const std::string& row_id);
// Acknowledges the whole outbox in push-sized pages, as the client does after each push.
void acknowledge_all(sync::ChangeLog& log);
// Every replicated field's clock (a default FieldClock where it has none).
std::map<std::string, sync::FieldClock> clocks_of(sync::ChangeLog& log, const domain::EntityDesc& entity,
                                                  const std::string& row_id);
// Every replicated field's current value and clock (ChangeLog::current), for fields that have a clock.
std::map<std::string, sync::Change> current_fields(sync::ChangeLog& log, const domain::EntityDesc& entity,
                                                   const std::string& row_id);
// Every record's current fields as changes (ChangeLog::since from the start): what a full pull sends.
std::vector<sync::Change> current_state(sync::ChangeLog& log);
// All sync metadata as text (clocks, outbox, each row's base clock and sequence, the last sequence) of the
// app's tables and `registry`'s: equal before and after an operation exactly when it wrote none.
std::string sync_metadata(Store& store, const domain::Registry& registry);
// The row's sequence number (0: never written or no such row).
std::int64_t sync_seq_of(storage::Database& db, const domain::EntityDesc& entity, const std::string& id);
// The single integer a query answers (-1 on failure, reported to GoogleTest).
std::int64_t query_int(storage::Database& db, const std::string& sql);

// Runs a client's exchanges with `server` through JSON text, as the real transport does, until the server
// has nothing more.
Status sync_once(sync::SyncClient& client, Store& server, int pull_limit = limits::kSyncPullBatch,
                 const sync::Principal* who = nullptr);

sync::Change make_change(std::string table, std::string row, std::string field, nlohmann::json value,
                         sync::Hlc hlc, std::string device);

// The entry of `key`, which must be there: a missing one fails the test rather than throwing (a throw aborts
// the whole wasm test binary).
template <typename Map>
typename Map::mapped_type entry(const Map& map, const typename Map::key_type& key) {
    const auto it = map.find(key);
    if (it != map.end()) return it->second;
    ADD_FAILURE() << "no entry " << key;
    return {};
}

// "" for a success, else the error's message: keeps assertions readable.
template <typename R>
std::string message_of(const R& result) {
    return result.ok() ? std::string() : result.error().message;
}

// A record of `entity` with `values` created through its repository; its id, or "" after a failed
// expectation naming the error.
std::string create_record(Store& store, std::string_view entity,
                          const std::vector<std::pair<std::string, nlohmann::json>>& values);

// The names of the records of a page, by the entity's title field.
std::vector<std::string> titles(const domain::Page& page);
// The id of the user `login` (its name is the login too), made with `role` and `team_id` when missing.
std::string user_id(Store& store, const std::string& login, std::string_view role = "rep",
                    const std::string& team_id = "");

}  // namespace crm::test
