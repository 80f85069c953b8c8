#include <gtest/gtest.h>

#include <filesystem>

#include "core/limits.hpp"
#include "sync-server/gzip.hpp"
#include "sync-server/static_files.hpp"
#include "temp_dir.hpp"

namespace crm::server {
namespace {

class ServerStaticFiles : public ::testing::Test {
protected:
    void SetUp() override {
        web.write("index.html", "<!doctype html><title>CRM</title>");
        wasm = std::string("\0asm\x01\0\0\0", 8);
        while (wasm.size() < 4096) wasm += "(func $crm_" + std::to_string(wasm.size()) + ")";
        web.write("crm.wasm", wasm);
        web.write("docs/index.html", "<p>docs</p>");
        web.write("icon.png", std::string(3000, 'p'));
        web.write("small.js", "console.log(1);");
        outside.write("secret.txt", "top secret");
        std::filesystem::create_symlink(outside.path() / "secret.txt", web.path() / "leak.txt");
        files = std::make_unique<StaticFiles>(web.path());
    }

    Response get(std::string_view target, std::string_view accept = {}, http::verb verb = http::verb::get) {
        Request req{verb, target, 11};
        if (!accept.empty()) req.set(http::field::accept_encoding, accept);
        return files->serve(req);
    }

    test::TempDir web;
    test::TempDir outside;
    std::string wasm;
    std::unique_ptr<StaticFiles> files;
};

TEST_F(ServerStaticFiles, RootServesIndexHtmlWithRevalidationHeaders) {
    Response res = get("/");
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(res.body(), "<!doctype html><title>CRM</title>");
    EXPECT_EQ(res[http::field::cache_control], "no-cache");
    EXPECT_FALSE(res[http::field::etag].empty());
    EXPECT_EQ(get("/docs/").body(), "<p>docs</p>");
}

TEST_F(ServerStaticFiles, WasmIsGzippedOnlyWhenAccepted) {
    Response plain = get("/crm.wasm");
    EXPECT_EQ(plain.result(), http::status::ok);
    EXPECT_EQ(plain[http::field::content_type], "application/wasm");
    EXPECT_EQ(plain.count(http::field::content_encoding), 0u);
    EXPECT_EQ(plain.body(), wasm);
    EXPECT_EQ(plain[http::field::vary], "Accept-Encoding");

    Response gz = get("/crm.wasm", "gzip, deflate");
    EXPECT_EQ(gz[http::field::content_type], "application/wasm");
    EXPECT_EQ(gz[http::field::content_encoding], "gzip");
    EXPECT_EQ(gz[http::field::vary], "Accept-Encoding");
    EXPECT_LT(gz.body().size(), wasm.size());
    EXPECT_EQ(gzip_decompress(gz.body(), wasm.size()).value(), wasm);
    EXPECT_NE(gz[http::field::etag], plain[http::field::etag]) << "two representations, two tags";
    EXPECT_GT(files->cached_bytes(), 0u);
    EXPECT_EQ(get("/crm.wasm", "gzip").body(), gz.body()) << "served from the cache, same bytes";
}

TEST_F(ServerStaticFiles, SmallFilesAndPngAreNeverGzipped) {
    Response js = get("/small.js", "gzip");
    EXPECT_EQ(js.count(http::field::content_encoding), 0u);
    EXPECT_EQ(js.body(), "console.log(1);");
    Response png = get("/icon.png", "gzip");
    EXPECT_EQ(png[http::field::content_type], "image/png");
    EXPECT_EQ(png.count(http::field::content_encoding), 0u);
    EXPECT_EQ(png.body().size(), 3000u);
}

TEST_F(ServerStaticFiles, IfNoneMatchGives304WithoutBody) {
    const std::string etag = std::string(get("/crm.wasm")[http::field::etag]);
    Request req{http::verb::get, "/crm.wasm", 11};
    req.set(http::field::if_none_match, etag);
    Response res = files->serve(req);
    EXPECT_EQ(res.result(), http::status::not_modified);
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(res[http::field::etag], etag);

    req.set(http::field::if_none_match, "\"stale\"");
    EXPECT_EQ(files->serve(req).result(), http::status::ok);
}

TEST_F(ServerStaticFiles, ChangedFileGetsNewEtagAndNewCompressedBytes) {
    Response before = get("/crm.wasm", "gzip");
    std::string changed = wasm + "(func $added)";
    web.write("crm.wasm", changed);
    Response after = get("/crm.wasm", "gzip");
    EXPECT_NE(after[http::field::etag], before[http::field::etag]);
    EXPECT_EQ(gzip_decompress(after.body(), changed.size()).value(), changed);
}

TEST_F(ServerStaticFiles, RewriteWithSameSizeAndMtimeIsNotServedStale) {
    // A deploy that fixes timestamps, or a rewrite within the file system's timestamp tick: size and mtime
    // repeat, the contents do not (a new build's shell-manifest.js differs only in its version hash).
    Response before = get("/crm.wasm", "gzip");
    const auto mtime = std::filesystem::last_write_time(web.path() / "crm.wasm");
    std::string changed = wasm;
    changed.back() = changed.back() == 'x' ? 'y' : 'x';
    web.write("crm.wasm", changed);
    std::filesystem::last_write_time(web.path() / "crm.wasm", mtime);

    Response after = get("/crm.wasm", "gzip");
    EXPECT_NE(after[http::field::etag], before[http::field::etag]);
    EXPECT_EQ(gzip_decompress(after.body(), changed.size()).value(), changed) << "not the cached old bytes";
    EXPECT_EQ(get("/crm.wasm").body(), changed);

    Request revalidate{http::verb::get, "/crm.wasm", 11};
    revalidate.set(http::field::accept_encoding, "gzip");
    revalidate.set(http::field::if_none_match, before[http::field::etag]);
    EXPECT_EQ(files->serve(revalidate).result(), http::status::ok) << "the old tag no longer matches";
}

TEST_F(ServerStaticFiles, HeadHasHeadersButNoBody) {
    Response res = get("/crm.wasm", {}, http::verb::head);
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(res.body().empty());
    EXPECT_EQ(res[http::field::content_length], std::to_string(wasm.size()));
    EXPECT_EQ(res[http::field::content_type], "application/wasm");
}

TEST_F(ServerStaticFiles, TraversalAndBadPathsAre400MissingIs404) {
    EXPECT_EQ(get("/../secret.txt").result(), http::status::bad_request);
    EXPECT_EQ(get("/%2e%2e/secret.txt").result(), http::status::bad_request);
    EXPECT_EQ(get("/index.html%00.png").result(), http::status::bad_request);
    EXPECT_EQ(get("//etc/passwd").result(), http::status::bad_request);
    EXPECT_EQ(get("/missing.js").result(), http::status::not_found);
    EXPECT_EQ(get("/docs").result(), http::status::not_found) << "a directory is not a file";
}

TEST_F(ServerStaticFiles, SymlinkOutOfTheRootIsNotServed) {
    Response res = get("/leak.txt");
    EXPECT_EQ(res.result(), http::status::not_found);
    EXPECT_EQ(res.body().find("top secret"), std::string::npos);
}

TEST_F(ServerStaticFiles, OtherMethodsAre405WithAllow) {
    Response res = get("/index.html", {}, http::verb::post);
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_EQ(res[http::field::allow], "GET, HEAD");
}

}  // namespace
}  // namespace crm::server
