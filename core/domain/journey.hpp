#pragma once
// The customer journey (issue 12, item 6): attraction → contact capture → qualification → sale → service
// and support → repeat sales and retention, as the team-editable option list "journey" (enum_option
// records; journey_stage of companies and contacts holds an option's id). The six defaults are made by
// the v6 migration with fixed ids and a zero clock on every replica, so a team's rename always wins the
// merge and nothing syncs for them. Every change of a customer's stage is a field_history row.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/record.hpp"
#include "core/storage/sqlite.hpp"
#include "core/util/result.hpp"

namespace crm::domain {

struct JourneyStage {
    std::string id;  // the enum_option's id
    std::string label;
    std::int64_t position = 0;
};

// The stages in position order (ties: id), deleted ones left out.
Result<std::vector<JourneyStage>> load_journey(storage::Database& db);

// The default stage a schema ≤ 5 key (awareness, interest, ...) maps to; nullopt for anything else.
std::optional<std::string_view> journey_id_for_legacy_key(std::string_view key);

// The other way, for a schema ≤ 5 app pulling from a newer server (it only knows the old keys): the old
// key closest to a default stage; a team's own stage reads as the first ("awareness").
std::string_view journey_legacy_key_for_id(std::string_view id);
// The schema that made the journey an option list.
inline constexpr int kJourneyListSchema = 6;

// The v6 migration's journey part: the six default options (fixed ids, Russian labels, positions 0..5,
// zero clock, not in the outbox), the old keys mapped to them, the sort index on the option id and the
// history's per-record index.
std::string journey_migration_sql();

// Since when the customer (a company or contact) has been in its current stage: the newest history row
// that moved it there, else its creation.
Result<std::int64_t> journey_since(storage::Database& db, const Record& customer);

}  // namespace crm::domain
