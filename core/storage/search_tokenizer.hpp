#pragma once
// The FTS5 tokenizer used by the search tables (see kSearchTokenizer in migrations.hpp).
#include "core/storage/sqlite.hpp"

namespace crm::storage {

Status register_search_tokenizer(Database& db);

}  // namespace crm::storage
