#pragma once
// Turning an HTTP request target into a file path under the web root, refusing anything that could
// escape it. Pure string work; the file system check for symlinks is in static_files.cpp.
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace crm::server {

// The path part of a request target: without "?query" and "#fragment".
std::string_view target_path(std::string_view target);

// The raw (not percent-decoded) value of the first `name=` of the target's query; "" for a bare `name`,
// nullopt when absent.
std::optional<std::string_view> query_param(std::string_view target, std::string_view name);

// %XX escapes to bytes. A malformed escape ("%4", "%zz") is an error.
Result<std::string> percent_decode(std::string_view text);

// "/" -> "index.html", "/app/crm.wasm" -> "app/crm.wasm", "/docs/" -> "docs/index.html".
// Errors (ErrorCode::Invalid): no leading '/', bad escapes, NUL or control bytes, backslashes,
// "." or ".." segments, empty segments ("//", which could make an absolute path).
Result<std::string> sanitize_target(std::string_view target);

}  // namespace crm::server
