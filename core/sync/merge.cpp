#include "core/sync/merge.hpp"

#include <algorithm>
#include <string>

#include "core/domain/deferred_search.hpp"
#include "core/domain/entity.hpp"
#include "core/domain/repository.hpp"
#include "core/domain/row_io.hpp"
#include "core/limits.hpp"

namespace crm::sync {

// Per-field last-writer-wins. For each change:
//  - unknown table/field (or a derived field such as updated_at), or a value the field's validation
//    refuses (domain::validate_value: the same check as a local write): rejected, listed in the
//    outcome, nothing written — one bad entry never fails the batch;
//  - with `max_ahead_ms`, a clock further ahead of ours: rejected the same way;
//  - (hlc, device) not larger than the field's current winner in the log: superseded (this covers
//    duplicates and replays, so applying is idempotent);
//  - otherwise: the column is written (the row is created with schema defaults if this is the first
//    change we see for that id) and the change is appended to the log with its original hlc/device.
// Because only the largest (hlc, device) ever reaches the column, every replica ends with the same row
// whatever order the changes arrive in.
//
// Deletion is the field "deleted" under the same rule. An edit that reaches a deleted record is kept:
// its field merges as usual, but the record stays deleted (hidden from lists) unless a "deleted" = 0
// newer than the deletion arrives (restore), which then shows the record with the merged fields.
namespace {

// Checks and merges one change; see above. Errors are storage failures only.
// The checks every received change passes before it may merge: a known table and replicated field, a value
// its field accepts (the same validation as a local write), ids of a sane size. Answers the entity.
Result<const domain::EntityDesc*> check_change(const Change& change) {
    const domain::EntityDesc* table = domain::Registry::app().find_table(change.table);
    if (table == nullptr) return make_error(ErrorCode::Protocol, "unknown table \"" + change.table + "\"");
    const domain::FieldDesc* field = table->find(change.field);
    if (field == nullptr || !field->replicated)
        return make_error(ErrorCode::Protocol, "unknown field \"" + change.field + "\" of " + change.table);
    if (Status valid = domain::validate_value(*field, change.value); !valid)
        return make_error(ErrorCode::Protocol, change.table + "." + valid.error().message);
    if (change.row_id.empty() || change.device.empty() || change.row_id.size() > limits::kMaxRowIdBytes ||
        change.device.size() > limits::kMaxRowIdBytes) {
        return make_error(ErrorCode::Protocol,
                          "row and device must be 1 to " + std::to_string(limits::kMaxRowIdBytes) + " bytes");
    }
    return table;
}

Status merge_one(storage::Database& db, ChangeLog& log, const Change& change, std::size_t index,
                 std::int64_t max_ahead_ms, ConflictJournal* journal, MergeOutcome& outcome) {
    auto reject = [&](Error e) {
        outcome.rejected.push_back(RejectedEntry{index, change, std::move(e)});
        return Status{};
    };
    auto checked = check_change(change);
    if (!checked) return reject(checked.error());
    const domain::EntityDesc* table = *checked;
    if (max_ahead_ms > 0 && change.hlc.ms > log.clock().now() + max_ahead_ms) {
        return reject(make_error(ErrorCode::Protocol, "clock " + std::to_string(change.hlc.ms) +
                                                          " ms is more than " + std::to_string(max_ahead_ms) +
                                                          " ms ahead of the server's " +
                                                          std::to_string(log.clock().now())));
    }
    log.clock().observe(change.hlc);
    auto current = log.winner(change.table, change.row_id, change.field);
    if (!current) return current.error();
    if (*current && !change.wins_over((*current)->hlc, (*current)->device)) {
        ++outcome.superseded;
        if ((*current)->hlc != change.hlc || (*current)->device != change.device)
            outcome.superseded_older.push_back(index);
        return {};
    }
    // The row still holds this device's value: the journal keeps it before the write below and the log's
    // append (which drops the queued edit) lose it.
    if (journal != nullptr) CRM_TRY(journal->before_win(*table, change));
    CRM_TRY(domain::ensure_row(db, *table, change.row_id));
    CRM_TRY(domain::write_fields(db, *table, change.row_id, {{change.field, change.value}}, change.hlc.ms));
    CRM_TRY(log.append(change));
    ++outcome.applied;
    return {};
}

// A record this replica has never seen, written whole: one row write and its clocks, instead of a merge
// per field. Each value is checked like a change; a refused one is left out and reported.
Status adopt_new(storage::Database& db, ChangeLog& log, const domain::EntityDesc& entity,
                 const RecordState& record, std::size_t index, MergeOutcome& outcome) {
    RecordState kept;
    kept.table = record.table;
    kept.id = record.id;
    kept.seq = record.seq;
    domain::FieldValues values;
    std::int64_t newest_ms = 0;
    for (Change& c : to_changes(record)) {  // fields never written carry no change
        if (auto checked = check_change(c); !checked) {
            outcome.rejected.push_back(RejectedEntry{index, c, checked.error()});
            continue;
        }
        values.emplace_back(c.field, c.value);
        newest_ms = std::max(newest_ms, c.hlc.ms);
        kept.fields.push_back(c.field);
        kept.values.push_back(std::move(c.value));
        kept.clocks.push_back(FieldClock{c.hlc, std::move(c.device)});
    }
    if (values.empty()) return {};
    CRM_TRY(log.adopt(entity, kept, [&](const domain::RowSync& sync) {
        return domain::insert_row(db, entity, record.id, values, newest_ms, &sync);
    }));
    outcome.applied += static_cast<int>(values.size());
    return {};
}

}  // namespace

Result<MergeOutcome> apply_remote(storage::Database& db, ChangeLog& log, const std::vector<Change>& changes,
                                  std::int64_t max_ahead_ms, ConflictJournal* journal) {
    MergeOutcome outcome;
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    for (std::size_t index = 0; index < changes.size(); ++index)
        CRM_TRY(merge_one(db, log, changes[index], index, max_ahead_ms, journal, outcome));
    CRM_TRY(tx->commit());
    return outcome;
}

Result<MergeOutcome> apply_records(storage::Database& db, ChangeLog& log,
                                   const std::vector<RecordState>& records, ConflictJournal* journal) {
    MergeOutcome outcome;
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    domain::DeferredSearch search(db);  // new records' search entries written once, at the end
    for (std::size_t index = 0; index < records.size(); ++index) {
        const RecordState& record = records[index];
        const domain::EntityDesc* entity = domain::Registry::app().find_table(record.table);
        const bool well_formed = record.fields.size() == record.values.size() &&
                                 record.fields.size() == record.clocks.size() && !record.id.empty() &&
                                 record.id.size() <= limits::kMaxRowIdBytes;
        if (entity == nullptr || !well_formed) {
            Change named;
            named.table = record.table;
            named.row_id = record.id;
            outcome.rejected.push_back(RejectedEntry{
                index, named,
                make_error(ErrorCode::Protocol, entity == nullptr ? "unknown table \"" + record.table + "\""
                                                                  : "malformed record")});
            continue;
        }
        auto state = domain::row_state(db, *entity, record.id);
        if (!state) return state.error();
        if (*state == domain::RowState::Missing) {
            for (const auto& c : record.clocks) log.clock().observe(c.hlc);
            CRM_TRY(search.defer(*entity));
            CRM_TRY(adopt_new(db, log, *entity, record, index, outcome));
            search.note_insert(record.table, record.id);
            continue;
        }
        // A record adopted earlier in this batch has no search entry yet for its update trigger to replace.
        if (search.inserted(record.table, record.id)) CRM_TRY(search.finish());
        for (const Change& c : to_changes(record)) CRM_TRY(merge_one(db, log, c, index, 0, journal, outcome));
    }
    CRM_TRY(search.finish());
    CRM_TRY(tx->commit());
    return outcome;
}

}  // namespace crm::sync
