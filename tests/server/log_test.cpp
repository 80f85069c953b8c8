#include <gtest/gtest.h>

#include "sync-server/log.hpp"

namespace crm::server {
namespace {

TEST(ServerLog, Iso8601UtcWithMilliseconds) {
    using namespace std::chrono;
    const system_clock::time_point t{milliseconds(1'700'000'000'123LL)};
    EXPECT_EQ(iso8601_utc(t), "2023-11-14T22:13:20.123Z");
    EXPECT_EQ(iso8601_utc(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

TEST(ServerLog, LineIsOneJsonObjectWithFieldsAndFixedKeysFirst) {
    const std::string line = format_log_line(LogLevel::Warn, "request", {{"status", 404}, {"path", "/x"}},
                                             std::chrono::system_clock::time_point{});
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.rfind("{\"ts\":\"1970-01-01T00:00:00.000Z\",\"level\":\"warn\",\"msg\":\"request\"", 0), 0u) << line;
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["status"], 404);
    EXPECT_EQ(j["path"], "/x");
}

TEST(ServerLog, InvalidUtf8FromTheNetworkDoesNotThrow) {
    std::string line;
    EXPECT_NO_THROW(line = format_log_line(LogLevel::Info, "request", {{"path", std::string("/\xff\xfe")}},
                                           std::chrono::system_clock::time_point{}));
    EXPECT_FALSE(nlohmann::json::parse(line)["path"].get<std::string>().empty());
}

}  // namespace
}  // namespace crm::server
