#include <gtest/gtest.h>

#include "sync-server/paths.hpp"

namespace crm::server {
namespace {

std::string ok_path(std::string_view target) {
    auto r = sanitize_target(target);
    EXPECT_TRUE(r.ok()) << target << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : std::string();
}

void expect_rejected(std::string_view target, std::string_view reason) {
    auto r = sanitize_target(target);
    ASSERT_FALSE(r.ok()) << target << " was accepted as " << r.value();
    EXPECT_EQ(r.error().code, ErrorCode::Invalid) << target;
    EXPECT_EQ(r.error().reason, reason) << target << ": " << r.error().message;
}

TEST(ServerPaths, RootAndDirectoriesMapToIndexHtml) {
    EXPECT_EQ(ok_path("/"), "index.html");
    EXPECT_EQ(ok_path("/docs/"), "docs/index.html");
    EXPECT_EQ(ok_path("/?v=3"), "index.html");
}

TEST(ServerPaths, PlainFilesKeepTheirRelativePath) {
    EXPECT_EQ(ok_path("/crm.wasm"), "crm.wasm");
    EXPECT_EQ(ok_path("/app/icons/icon-192.png"), "app/icons/icon-192.png");
    EXPECT_EQ(ok_path("/crm.js?cache=1#x"), "crm.js");
    EXPECT_EQ(ok_path("/..data"), "..data");  // only whole "." / ".." segments are special
}

TEST(ServerPaths, PercentEncodingIsDecoded) {
    EXPECT_EQ(ok_path("/my%20file.txt"), "my file.txt");
    EXPECT_EQ(ok_path("/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82.html"), "привет.html");
    EXPECT_EQ(ok_path("/a%2fb"), "a/b");  // an encoded slash is a separator after decoding, still checked
}

TEST(ServerPaths, TraversalIsRejected) {
    expect_rejected("/../etc/passwd", "traversal");
    expect_rejected("/app/../../secret", "traversal");
    expect_rejected("/%2e%2e/secret", "traversal");
    expect_rejected("/%2E%2E%2Fsecret", "traversal");
    expect_rejected("/app/..", "traversal");
    expect_rejected("/./index.html", "traversal");
}

TEST(ServerPaths, AbsoluteAndOddPathsAreRejected) {
    expect_rejected("index.html", "malformed");            // not origin-form
    expect_rejected("http://evil/x", "malformed");
    expect_rejected("//etc/passwd", "malformed");          // would be absolute after joining
    expect_rejected("/%2Fetc/passwd", "malformed");
    expect_rejected("/a//b", "malformed");
    expect_rejected("/a\\..\\b", "malformed");
    expect_rejected("", "malformed");
}

TEST(ServerPaths, NulAndControlBytesAreRejected) {
    expect_rejected("/index.html%00.png", "malformed");
    expect_rejected("/a%0Ab", "malformed");
    expect_rejected("/a%7Fb", "malformed");
}

TEST(ServerPaths, BadEscapesAreRejected) {
    expect_rejected("/a%", "malformed");
    expect_rejected("/a%4", "malformed");
    expect_rejected("/a%zz", "malformed");
}

TEST(ServerPaths, PercentDecodeAndTargetPath) {
    EXPECT_EQ(percent_decode("a%41%62c").value(), "aAbc");
    EXPECT_EQ(percent_decode("100%25").value(), "100%");
    EXPECT_FALSE(percent_decode("%g0").ok());
    EXPECT_EQ(target_path("/api/v1/sync?x=1"), "/api/v1/sync");
    EXPECT_EQ(target_path("/a#frag"), "/a");
    EXPECT_EQ(target_path("/plain"), "/plain");
}

}  // namespace
}  // namespace crm::server
