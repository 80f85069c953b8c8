#include "core/sync/merge.hpp"

#include <string>

#include "core/domain/entity.hpp"
#include "core/domain/row_io.hpp"
#include "core/limits.hpp"

namespace crm::sync {

// Per-field last-writer-wins. For each change:
//  - unknown table/field (or a derived field such as updated_at), or a value the field's validation
//    refuses (domain::validate_value: the same check as a local write): rejected, listed in the
//    outcome, nothing written — one bad entry never fails the batch;
//  - a remote clock too far ahead (HlcClock::observe): rejected the same way;
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
Result<MergeOutcome> apply_remote(storage::Database& db, ChangeLog& log, const std::vector<Change>& changes) {
    MergeOutcome outcome;
    auto tx = storage::Transaction::begin(db);
    if (!tx) return tx.error();
    for (const Change& change : changes) {
        const domain::EntityDesc* table = domain::Registry::app().find_table(change.table);
        if (table == nullptr) {
            outcome.rejected.emplace_back(change, make_error(ErrorCode::Protocol, "unknown table \"" + change.table + "\""));
            continue;
        }
        const domain::FieldDesc* field = table->find(change.field);
        if (field == nullptr || !field->replicated) {
            outcome.rejected.emplace_back(change, make_error(ErrorCode::Protocol, "unknown field \"" + change.field +
                                                                                      "\" of " + change.table));
            continue;
        }
        if (Status valid = domain::validate_value(*field, change.value); !valid) {
            outcome.rejected.emplace_back(change, make_error(ErrorCode::Protocol,
                                                             change.table + "." + valid.error().message));
            continue;
        }
        if (change.row_id.empty() || change.device.empty() || change.row_id.size() > limits::kMaxRowIdBytes ||
            change.device.size() > limits::kMaxRowIdBytes) {
            outcome.rejected.emplace_back(change, make_error(ErrorCode::Protocol,
                                                             "row and device must be 1 to " +
                                                                 std::to_string(limits::kMaxRowIdBytes) + " bytes"));
            continue;
        }
        auto observed = log.clock().observe(change.hlc);
        if (!observed) {
            outcome.rejected.emplace_back(change, observed.error());
            continue;
        }
        auto current = log.winner(change.table, change.row_id, change.field);
        if (!current) return current.error();
        if (*current && !change.wins_over((*current)->hlc, (*current)->device)) {
            ++outcome.superseded;
            continue;
        }
        CRM_TRY(domain::ensure_row(db, *table, change.row_id));
        CRM_TRY(domain::write_fields(db, *table, change.row_id, {{change.field, change.value}}, change.hlc.ms));
        CRM_TRY(log.append(change));
        ++outcome.applied;
    }
    CRM_TRY(tx->commit());
    return outcome;
}

}  // namespace crm::sync
