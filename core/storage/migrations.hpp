#pragma once
// Versioned schema migrations, tracked with PRAGMA user_version. Each migration runs in its own
// transaction; a database newer than this build is refused rather than damaged.
#include "core/storage/sqlite.hpp"

namespace crm::storage {

// The schema this build creates and migrates to (domain::kSchemaVersion: the descriptors' newest
// since_schema). Migration 1 is frozen SQL; from 2 on they are generated from the descriptors.
inline constexpr int kSchemaVersion = 8;

// Journey stages sort in funnel order, not alphabetically. List queries must order by this exact
// expression so the v1 expression index serves them.
inline constexpr const char* kStageOrderExpr =
    "instr('awareness interest decision purchase retention advocacy', journey_stage)";
// The FTS5 tokenizer registered by register_functions(): unicode61 (case folding, diacritics removal)
// plus ё → е, which unicode61 does not fold.
inline constexpr const char* kSearchTokenizer = "crm_words";

// Brings `db` to kSchemaVersion. Also registers the connection-level functions/collations core needs,
// so call it (or register_functions) on every connection before using the repositories.
Status migrate(Database& db);
// Brings `db` only as far as `target` (tests build databases of earlier releases this way).
Status migrate(Database& db, int target);
Status register_functions(Database& db);
Result<int> schema_version(Database& db);

}  // namespace crm::storage
