#include "sync-server/log.hpp"

#include <cstdio>
#include <ctime>
#include <mutex>

namespace crm::server {
namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warn";
        case LogLevel::Error: return "error";
    }
    return "info";
}

std::mutex& log_mutex() {
    static std::mutex m;
    return m;
}

}  // namespace

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    int millis = static_cast<int>(ms % 1000);
    if (millis < 0) {  // before 1970: keep the fraction positive
        millis += 1000;
        --secs;
    }
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];  // room for any int year, so the output is never truncated
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string format_log_line(LogLevel level, std::string_view msg, const nlohmann::json& fields,
                            std::chrono::system_clock::time_point t) {
    // ordered_json keeps ts/level/msg first, which is easier to read in a terminal.
    nlohmann::ordered_json line = nlohmann::ordered_json::object();
    line["ts"] = iso8601_utc(t);
    line["level"] = level_name(level);
    line["msg"] = std::string(msg);
    if (fields.is_object()) {
        for (const auto& [key, value] : fields.items()) line[key] = nlohmann::ordered_json(value);
    }
    // Request paths come from the network and may hold invalid UTF-8: replace rather than throw.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void log_event(LogLevel level, std::string_view msg, const nlohmann::json& fields) {
    const std::string line = format_log_line(level, msg, fields, std::chrono::system_clock::now()) + "\n";
    std::lock_guard lock(log_mutex());
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace crm::server
