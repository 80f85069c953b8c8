// The account options of crm-sync-server.
#include <gtest/gtest.h>

#include <cstdio>

#include "sync-server/auth_cli.hpp"
#include "sync-server/options.hpp"

namespace crm::server {
namespace {

Result<ServerOptions> parse(std::initializer_list<std::string_view> args) {
    const std::vector<std::string_view> list(args);
    return parse_args(list);
}

TEST(ServerAuthOptions, AccountCommandsAndSessionTtl) {
    auto admin = parse({"--create-admin", "anna", "--session-ttl-seconds=5"});
    ASSERT_TRUE(admin.ok()) << admin.error().message;
    EXPECT_EQ(admin->create_admin, "anna");
    EXPECT_EQ(admin->session_ttl_seconds, 5);
    auto set = parse({"--set-password=anna"});
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->set_password, "anna");
    EXPECT_EQ(parse({})->session_ttl_seconds, 0) << "0: the default";

    for (auto bad : {std::initializer_list<std::string_view>{"--create-admin"},
                     {"--create-admin", ""},
                     {"--session-ttl-seconds", "0"},
                     {"--session-ttl-seconds", "-5"},
                     {"--session-ttl-seconds", "1e3"},
                     {"--session-ttl-seconds", "99999999999"},
                     {"--create-admin", "a", "--set-password", "b"}}) {
        auto r = parse(bad);
        ASSERT_FALSE(r.ok()) << *bad.begin();
        EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    }
    EXPECT_NE(usage_text().find("--create-admin"), std::string::npos);
    EXPECT_NE(usage_text().find("--session-ttl-seconds"), std::string::npos);
}

TEST(ServerAuthOptions, PasswordIsTheFirstLineOfStdin) {
    std::FILE* in = std::tmpfile();
    ASSERT_NE(in, nullptr);
    std::fputs("pass word\r\nsecond line\n", in);
    std::rewind(in);
    auto got = read_password_line(in);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, "pass word");
    std::fclose(in);
    std::FILE* empty = std::tmpfile();
    EXPECT_FALSE(read_password_line(empty).ok());
    std::fclose(empty);
}

}  // namespace
}  // namespace crm::server
