#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "sync-server/gzip.hpp"
#include "sync-server/http_util.hpp"
#include "sync-server/static_files.hpp"

namespace crm::server {
namespace {

Request with_accept(std::string_view value) {
    Request req{http::verb::get, "/", 11};
    req.set(http::field::accept_encoding, value);
    return req;
}

TEST(ServerHttpUtil, AcceptEncodingGzip) {
    EXPECT_TRUE(accepts_gzip(with_accept("gzip")));
    EXPECT_TRUE(accepts_gzip(with_accept("gzip, deflate, br")));
    EXPECT_TRUE(accepts_gzip(with_accept("br;q=1.0, GZIP;q=0.5")));
    EXPECT_TRUE(accepts_gzip(with_accept("*")));
    EXPECT_FALSE(accepts_gzip(with_accept("gzip;q=0")));
    EXPECT_FALSE(accepts_gzip(with_accept("gzip; q=0.000")));
    EXPECT_FALSE(accepts_gzip(with_accept("identity")));
    EXPECT_FALSE(accepts_gzip(with_accept("br, deflate")));
    EXPECT_FALSE(accepts_gzip(with_accept("xgzip")));
    EXPECT_FALSE(accepts_gzip(Request{http::verb::get, "/", 11}));
}

TEST(ServerHttpUtil, EtagMatching) {
    EXPECT_TRUE(etag_matches("\"a-1\"", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_TRUE(etag_matches("\"x\", \"a-1-gz\"", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_TRUE(etag_matches("W/\"a-1\"", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_TRUE(etag_matches("*", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_FALSE(etag_matches("\"a-2\"", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_FALSE(etag_matches("", "\"a-1\"", "\"a-1-gz\""));
    EXPECT_FALSE(etag_matches("a-1", "\"a-1\"", "\"a-1-gz\""));
}

TEST(ServerHttpUtil, JsonErrorResponseKeepsVersionAndKeepAlive) {
    Request req{http::verb::get, "/x", 10};
    Response res = error_response(req, http::status::not_found, "nope");
    EXPECT_EQ(res.result(), http::status::not_found);
    EXPECT_EQ(res.version(), 10);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_EQ(res[http::field::content_type], kJsonType);
    EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "nope");
    EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
}

TEST(ServerHttpUtil, LargeJsonIsCompressedOnlyWhenAccepted) {
    nlohmann::json big = nlohmann::json::array();
    for (int i = 0; i < 200; ++i) big.push_back("строка номер " + std::to_string(i));
    Request plain{http::verb::post, "/api/v1/sync", 11};
    Response a = json_response(plain, http::status::ok, big);
    compress_if_accepted(plain, a);
    EXPECT_EQ(a.count(http::field::content_encoding), 0u);
    EXPECT_EQ(a[http::field::vary], "Accept-Encoding");

    Request gz = with_accept("gzip");
    Response b = json_response(gz, http::status::ok, big);
    const std::string original = b.body();
    ASSERT_GE(original.size(), limits::kMinGzipBytes);
    compress_if_accepted(gz, b);
    EXPECT_EQ(b[http::field::content_encoding], "gzip");
    EXPECT_EQ(gzip_decompress(b.body(), 1 << 20).value(), original);
    EXPECT_EQ(b[http::field::content_length], std::to_string(b.body().size()));

    Response small = json_response(gz, http::status::ok, nlohmann::json{{"ok", true}});
    compress_if_accepted(gz, small);
    EXPECT_EQ(small.count(http::field::content_encoding), 0u) << "below kMinGzipBytes stays plain";
}

}  // namespace
}  // namespace crm::server
