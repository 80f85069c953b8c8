#pragma once
// The deals board's reads: a pipeline's columns (one per stage: open stages by position, then won, then
// lost) with the count, the sums per currency and the probability-weighted sums of their deals, and pages of
// one column's cards. Every deal of a stage is in its column, Won and Lost included (their cards are the
// deals closed there, the most recently closed first), so a column's count is the whole stage; filters by
// owner and search (the deals' full-text index) narrow every column alike.
// Money is integer minor units; a column's weighted sum is the sum of its cards' weighted amounts
// (forecast.hpp's weighted_amount, each rounded half up), sums saturate at INT64_MAX.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/field.hpp"
#include "core/domain/record.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

struct BoardFilter {
    std::string pipeline_id;
    std::string owner;   // a user id; "" : every owner
    std::string search;  // words, each a prefix of a word of a searchable deal field
};

struct CurrencySum {
    std::string currency;
    std::int64_t amount = 0;    // minor units
    std::int64_t weighted = 0;  // Σ weighted_amount(amount, effective probability)
    bool operator==(const CurrencySum&) const = default;
};

struct BoardColumn {
    Record stage;
    std::int64_t count = 0;         // deals in the stage matching the filter (with or without an amount)
    std::vector<CurrencySum> sums;  // RUB first, then by currency code; currencies with deals only
};

struct BoardCard {
    std::string id;
    std::string title;
    std::string customer;  // the company's name, else the private person's
    std::optional<MoneyValue> amount;
    std::int64_t days_in_stage = 0;
    std::string owner;  // the owner's name
    bool stale = false;  // past the stage's idle days (pipeline.hpp is_stale)
};

// Live pipelines by position (the switcher).
Result<std::vector<Record>> board_pipelines(Store& store);
// The pipeline's live stages in board order: open ones by position, then won ones, then lost ones.
Result<std::vector<Record>> board_stages(Store& store, const std::string& pipeline_id);
// One column per stage of board_stages with its figures: one pass over the pipeline's deals, reading only
// the stage, amount, currency and probability columns.
Result<std::vector<BoardColumn>> load_board_columns(Store& store, const BoardFilter& filter);
// Cards [offset, offset + limit) of `stage`'s column, newest in the stage first (stage_entered_at
// descending, then rowid), read through the deals' repository. `now_ms` and the zone's `offset_ms` (east
// of UTC) give the days in stage and staleness.
Result<std::vector<BoardCard>> load_board_cards(Store& store, const BoardFilter& filter, const Record& stage,
                                                int offset, int limit, std::int64_t now_ms,
                                                std::int64_t zone_offset_ms);
// A user who owns live deals: the owner filter's choice.
struct OwnerChoice {
    std::string id;
    std::string name;
};
// The owners of live deals (the owner filter's choices), by name.
std::vector<OwnerChoice> board_owners(Store& store);

}  // namespace crm::domain
