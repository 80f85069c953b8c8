#pragma once
// The sales pipeline's rules, in one place for the board, the deal form and the demo generator alike:
// moving a deal between stages (the stage gate, won / lost, the history row), a deal's effective
// probability and whether it is stale. Errors are values; a gate that stops a move is an answer, not an
// error: it lists the fields to ask for.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

// A stage's kind and a deal's status share these keys.
namespace outcome {
inline constexpr std::string_view kOpen = "open";
inline constexpr std::string_view kWon = "won";
inline constexpr std::string_view kLost = "lost";
}  // namespace outcome
const std::vector<std::string_view>& outcome_keys();

// The deal's own rule, run by the repository on every local write (and the form, before saving): the
// customer is a company or a private person (at least one of company_id / contact_id), and a lost deal
// names its loss reason. Invalid with field company_id / loss_reason_id and reason "empty".
Status check_deal(const Record& deal);

struct MoveOptions {
    // Values for the gate's fields, written in the same transaction as the move (the prompt's answers).
    std::vector<std::pair<std::string, nlohmann::json>> fill;
    std::string loss_reason_id;         // entering a lost stage: required unless the deal already names one
    std::string loss_comment;           // entering a lost stage: kept with the reason
    std::string moved_by;               // who moved it (the rep); empty: the deal's owner
    std::optional<std::int64_t> at_ms;  // when (Unix ms); none: the store's clock now
};

struct MoveOutcome {
    bool moved = false;
    // The target stage's required deal fields that are empty (after `fill`), in the stage's order. Not
    // empty exactly when the gate stopped the move; then nothing was written.
    std::vector<std::string> missing;
    Record deal;     // the deal as stored after the call
    Record history;  // the stage-history row written (empty when nothing moved)
};

// Moves deal `deal_id` to stage `to_stage_id` (of any pipeline: the deal follows the stage's pipeline).
// In one transaction: the gate's fills, stage, pipeline, stage_entered_at, last_activity_at, status from
// the stage's kind, closed_at (set on won / lost, cleared when reopened), the loss reason and comment, and
// one stage_history row. Moving to the stage it is in writes nothing (moved = false, missing empty).
// Errors: NotFound (deal or stage), Invalid field "loss_reason_id" reason "empty" (a lost stage and no
// reason), any validation error of the fills.
Result<MoveOutcome> move_deal(Store& store, const std::string& deal_id, const std::string& to_stage_id,
                              const MoveOptions& options = {});

// Creates `draft` in stage draft.stage_id as a first move would: the gate, the status, stage_entered_at
// and a history row with no "from" stage, in one transaction.
Result<MoveOutcome> create_deal(Store& store, Record draft, const MoveOptions& options = {});

// The deal entity's hooks (EntityDesc::prefill / save, core/domain/deal_hooks.cpp), for the generic form.
// prefill_deal: an empty owner becomes the customer's owner; an empty pipeline the first one by position,
// an empty stage that pipeline's first open stage (with their titles in ref_titles).
Status prefill_deal(Store& store, Record& draft);
// save_deal: a new deal through create_deal; an edited one through update, and, when its stage changed,
// the other edits and then move_deal in one transaction (the form's loss reason goes to the move), kept
// only when the move happened. A gate that stops it answers the missing fields and writes nothing. A
// pipeline changed without a stage of it: Invalid "stage_id" reason "mismatch".
Result<SaveOutcome> save_deal(Store& store, const Record& edited);

// The deal's probability in percent: its override when set, else its stage's.
int effective_probability(const Record& deal, const Record& stage);

// Whole calendar days (in the zone `offset_ms` east of UTC) from the day the deal entered its stage to
// the day of `now_ms`; a deal with no stage_entered_at counts from its creation.
std::int64_t days_in_stage(const Record& deal, std::int64_t now_ms, std::int64_t offset_ms);
// Stale: an open deal whose days in stage exceed its stage's idle days (0 idle days: never stale).
bool is_stale(const Record& deal, const Record& stage, std::int64_t now_ms, std::int64_t offset_ms);

}  // namespace crm::domain
