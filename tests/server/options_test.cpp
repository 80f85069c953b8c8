#include <gtest/gtest.h>

#include <vector>

#include "core/limits.hpp"
#include "sync-server/options.hpp"

namespace crm::server {
namespace {

Result<ServerOptions> parse(std::vector<std::string_view> args) { return parse_args(args); }

void expect_error(std::vector<std::string_view> args, std::string_view needle) {
    auto r = parse(args);
    ASSERT_FALSE(r.ok()) << "accepted: " << (args.empty() ? "" : args[0]);
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
}

TEST(ServerOptions, DefaultsWithoutArguments) {
    auto r = parse({});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->host, "127.0.0.1");
    EXPECT_EQ(r->port, 8080);
    EXPECT_EQ(r->data_dir, "./data");
    EXPECT_EQ(r->web_root, "");
    EXPECT_FALSE(r->demo_data);
    EXPECT_EQ(r->threads, 2);
    EXPECT_FALSE(r->help);
}

TEST(ServerOptions, ParsesEveryOptionInBothForms) {
    auto r = parse({"--host", "0.0.0.0", "--port=0", "--data-dir", "d", "--web-root=w", "--demo-data", "--threads",
                    "4"});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->host, "0.0.0.0");
    EXPECT_EQ(r->port, 0);
    EXPECT_EQ(r->data_dir, "d");
    EXPECT_EQ(r->web_root, "w");
    EXPECT_TRUE(r->demo_data);
    EXPECT_EQ(r->threads, 4);
    EXPECT_TRUE(parse({"--help"})->help);
    EXPECT_TRUE(parse({"-h"})->help);
}

TEST(ServerOptions, BadPortsAreRejected) {
    expect_error({"--port", "abc"}, "--port");
    expect_error({"--port", "65536"}, "0 to 65535");
    expect_error({"--port", "-1"}, "0 to 65535");
    expect_error({"--port", "80x"}, "'80x'");
    expect_error({"--port="}, "--port");
    expect_error({"--port"}, "missing value");
}

TEST(ServerOptions, BadThreadCountsAreRejected) {
    expect_error({"--threads", "0"}, "--threads");
    expect_error({"--threads", std::to_string(limits::kMaxServerThreads + 1)}, "--threads");
    EXPECT_EQ(parse({"--threads", std::to_string(limits::kMaxServerThreads)})->threads, limits::kMaxServerThreads);
}

TEST(ServerOptions, UnknownOptionsMissingValuesAndFlagValues) {
    expect_error({"--prot", "1"}, "unknown option '--prot'");
    expect_error({"data"}, "unknown option 'data'");
    expect_error({"--data-dir"}, "missing value");
    expect_error({"--web-root", ""}, "must not be empty");
    expect_error({"--demo-data=yes"}, "takes no value");
}

TEST(ServerOptions, UsageNamesEveryOption) {
    const std::string usage = usage_text();
    for (const char* opt : {"--host", "--port", "--data-dir", "--web-root", "--demo-data", "--threads", "--help"}) {
        EXPECT_NE(usage.find(opt), std::string::npos) << opt;
    }
}

}  // namespace
}  // namespace crm::server
