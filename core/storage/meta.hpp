#pragma once
// Small key/value settings stored in the database itself (device id, sync cursor, ...).
#include <optional>
#include <string>
#include <string_view>

#include "core/storage/sqlite.hpp"

namespace crm::storage {

Result<std::optional<std::string>> get_meta(Database& db, std::string_view key);
Status set_meta(Database& db, std::string_view key, std::string_view value);

}  // namespace crm::storage
