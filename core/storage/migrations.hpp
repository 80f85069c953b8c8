#pragma once
// Versioned schema migrations, tracked with PRAGMA user_version. Each migration runs in its own
// transaction; a database newer than this build is refused rather than damaged.
#include "core/storage/sqlite.hpp"

namespace crm::storage {

inline constexpr int kSchemaVersion = 1;

// Brings `db` to kSchemaVersion. Also registers the connection-level functions/collations core needs,
// so call it (or register_functions) on every connection before using the repositories.
Status migrate(Database& db);
Status register_functions(Database& db);
Result<int> schema_version(Database& db);

}  // namespace crm::storage
