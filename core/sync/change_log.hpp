#pragma once
// Sync metadata, kept as state rather than history (schema v3). Per field only the latest clock:
//  - every record row carries a base clock (sync_hlc, sync_site) that every field has unless
//    sync_clocks holds an override for it; a record created in one write is one base and no override;
//  - sync_clocks(tbl, row, field, hlc, site): fields whose clock differs from their row's base;
//  - table and field names and device ids are small integers (sync_names, sync_sites);
//  - every write to a row gives it the next sequence number (sync_seq): on the server that is the cursor,
//    "changes since" being an index walk over live rows;
//  - sync_outbox(tbl, row, field): this device's writes the server has not acknowledged, emptied on ack.
// No change is ever stored twice and nothing superseded is kept.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/domain/row_io.hpp"
#include "core/storage/sqlite.hpp"
#include "core/sync/change.hpp"
#include "core/sync/hlc.hpp"

namespace crm::sync {

// A small table of strings numbered once (table and field names, device ids), cached both ways.
class Dictionary {
  public:
    Dictionary(std::string table, std::string column)
        : table_(std::move(table)), column_(std::move(column)) {}
    Result<int> id(storage::Database& db, const std::string& key);  // adds the key when it is new
    const std::string& key(storage::Database& db, int id);          // "" when unknown
    bool has(storage::Database& db, const std::string& key);        // never adds
    void forget();  // after a rollback the cached numbers may name rows that are gone

  private:
    std::string table_;
    std::string column_;
    std::unordered_map<std::string, int> ids_;
    std::map<int, std::string> keys_;
};

class ChangeLog {
  public:
    ChangeLog(storage::Database& db, HlcClock& clock, std::string device_id,
              const domain::Registry& registry = domain::Registry::app());

    // Loads the name and site dictionaries and the sequence; registers this device. Call once after the
    // schema is migrated.
    Status open();

    // --- writes; the caller holds the transaction that also writes the row -------------------------
    // A local write of `fields` of row `id`, all stamped `hlc` by this device; queued for the server.
    // `created`: a new row, whose base clock becomes `hlc` (no overrides).
    Status record(const domain::EntityDesc& entity, std::string_view id,
                  const std::vector<std::string>& fields, Hlc hlc, bool created);
    // A received change that won the merge: its clock becomes the field's.
    Status append(const Change& change);

    // The field's current value and clock as a change; nullopt when the row or the clock does not exist.
    Result<std::optional<Change>> current(std::string_view table, std::string_view row_id,
                                          std::string_view field);
    // The field's current clock; nullopt when the row does not exist.
    Result<std::optional<FieldClock>> winner(std::string_view table, std::string_view row_id,
                                             std::string_view field);

    // --- reading changes -------------------------------------------------------------------------
    // Records written after sequence `after_seq`, oldest first, each as one change per replicated field
    // (its value, its clock, `seq` = the record's sequence), until at least `limit` changes are collected or
    // the records run out. `more` is set when records remain.
    Result<std::vector<Change>> since(std::int64_t after_seq, int limit, bool* more = nullptr);
    // A pull's condition per table name (SQL over the table's columns, sync::Scope::visible_sql); a table
    // missing or with an empty condition: every record.
    using RowFilter = std::map<std::string, std::string, std::less<>>;
    // How many records were written after sequence `after_seq` (a pull's remaining records).
    Result<std::int64_t> count_since(std::int64_t after_seq, const RowFilter* filter = nullptr);
    // The same records whole: at most `max_records`, `more` set when records remain.
    Result<std::vector<RecordState>> since_records(std::int64_t after_seq, int max_records,
                                                   bool* more = nullptr, const RowFilter* filter = nullptr);
    // Ids of the records of `entity` written in (after_seq, up_to_seq] that meet `where_sql`.
    Result<std::vector<std::string>> ids_between(const domain::EntityDesc& entity, std::int64_t after_seq,
                                                 std::int64_t up_to_seq, const std::string& where_sql);
    // Removes a record from this replica without a trace in the sync (it left the user's scope), unless
    // it has unsent edits (then false: it stays, and the server answers those edits). True when removed
    // or not held at all.
    Result<bool> forget(const domain::EntityDesc& entity, const std::string& id);
    // SQL (over `entity`'s table) true for a record whose `field` was written after the record was made
    // (it has a clock of its own, sync_clocks): an owner that changed.
    Result<std::string> field_rewritten_sql(const domain::EntityDesc& entity, std::string_view field);
    // Gives the records of `entity` meeting `where_sql` (`?1` bound to `value`) new sequence numbers, so
    // every pull cursor passes them again (the server: records that came into a user's scope).
    Status resequence(const domain::EntityDesc& entity, const std::string& where_sql, const std::string& value);
    // A record this device does not hold yet, written whole (its values were validated): `write_row` inserts
    // the row with its sync columns (the base clock, the most common one, and the next sequence) and returns
    // its rid; the clocks that differ from the base are stored as overrides.
    using WriteRow = std::function<Result<std::int64_t>(const domain::RowSync&)>;
    Status adopt(const domain::EntityDesc& entity, const RecordState& record, const WriteRow& write_row);
    // This device's unacknowledged writes (the outbox), at most `limit`, as changes with their current
    // value and clock.
    Result<std::vector<Change>> pending(int limit);
    Result<std::int64_t> pending_count();
    // Fields of row `row_id` that wait in the outbox (this device wrote them; the server has not taken
    // them yet), in no particular order. Empty when the row does not exist.
    Result<std::vector<std::string>> queued_fields(std::string_view table, std::string_view row_id);
    // Records with unacknowledged writes: what the status bar counts as edits waiting (a new contact is one,
    // not one per field).
    Result<std::int64_t> pending_records();
    // The server took these: drop each from the outbox unless the field was written again since.
    Status acknowledge(const std::vector<Change>& sent);
    // Outbox entries stamped later than `bound`, with their rows' ids (edits a clock that ran ahead stamped
    // in the future).
    Result<std::vector<Change>> pending_after(Hlc bound);
    // Gives an unsent local write a new clock (SyncClient::restamp).
    Status restamp(const Change& change, Hlc hlc);

    // Field versions a full pull would send (rows written through the log x replicated fields), and the
    // newest sequence.
    Result<std::int64_t> count();
    std::int64_t last_seq() const { return seq_; }
    // The newest clock stored (base or override), for the clock to resume after at start.
    Result<Hlc> newest();

    const std::string& device_id() const { return device_; }
    // The signed-in user (a user record's id; empty: none, e.g. the server or a test): a new record with an
    // owner_id field and none set gets this owner.
    const std::string& actor() const { return actor_; }
    void set_actor(std::string user_id) { actor_ = std::move(user_id); }
    HlcClock& clock() { return clock_; }

  private:
    Result<int> name_id(const std::string& name);  // table "companies" or field "companies.name"
    std::string name_of(int id);
    // The registry's entity of a table, or one of another registry this log has written (tests).
    const domain::EntityDesc* find_table(std::string_view table) const;
    Result<int> site_id(const std::string& uuid);
    const std::string& site_uuid(int site);
    Result<std::int64_t> rid_of(const domain::EntityDesc& entity, std::string_view id);
    // A field's current value and clock by the row's local key (nullopt: no row, or never written).
    Result<std::optional<Change>> field_at(const domain::EntityDesc& entity, std::int64_t rid,
                                           const domain::FieldDesc& field);
    Result<std::optional<FieldClock>> clock_at(const domain::EntityDesc& entity, std::int64_t rid, int field);
    Status set_field_clock(const domain::EntityDesc& entity, std::int64_t rid, std::string_view field,
                           Hlc hlc, int site);
    Status bump_seq(const domain::EntityDesc& entity, std::int64_t rid);

    storage::Database& db_;
    HlcClock& clock_;
    std::string actor_;
    std::string device_;
    const domain::Registry& registry_;
    int own_site_ = 0;
    std::int64_t seq_ = 0;
    Dictionary names_{"sync_names", "name"};
    std::unordered_map<std::string, const domain::EntityDesc*> others_;
    Dictionary sites_{"sync_sites", "uuid"};
};

}  // namespace crm::sync
