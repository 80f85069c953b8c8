#pragma once
// Parsing untrusted JSON text (sync bodies from the network). nlohmann's parser recurses once per nesting
// level, so a small body nested 60,000 deep overflows the stack; the depth is checked before parsing.
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/limits.hpp"
#include "core/util/result.hpp"

namespace crm {

// The JSON value of `text`, or a Protocol error ("nested deeper than N levels", "not valid JSON").
// Never throws.
Result<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth = limits::kMaxJsonDepth);

}  // namespace crm
