#pragma once
// Structured log: one JSON object per line on stderr, so scripts and tests can parse what the server does.
#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace crm::server {

enum class LogLevel { Info, Warn, Error };

// "2024-05-01T12:00:00.123Z"
std::string iso8601_utc(std::chrono::system_clock::time_point t);

// The line written for one event: {"ts", "level", "msg", ...fields}. Never throws on invalid UTF-8.
std::string format_log_line(LogLevel level, std::string_view msg, const nlohmann::json& fields,
                            std::chrono::system_clock::time_point t);

// Thread-safe: lines from different threads never interleave.
void log_event(LogLevel level, std::string_view msg, const nlohmann::json& fields = nlohmann::json::object());

}  // namespace crm::server
