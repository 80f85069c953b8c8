#include <gtest/gtest.h>

#include "sync-server/mime.hpp"

namespace crm::server {
namespace {

TEST(ServerMime, MapsTheWebAppFileTypes) {
    EXPECT_EQ(mime_for_path("index.html").type, "text/html; charset=utf-8");
    EXPECT_EQ(mime_for_path("app/crm.js").type, "text/javascript");
    EXPECT_EQ(mime_for_path("crm.wasm").type, "application/wasm");
    EXPECT_EQ(mime_for_path("style.css").type, "text/css");
    EXPECT_EQ(mime_for_path("manifest.webmanifest").type, "application/manifest+json");
    EXPECT_EQ(mime_for_path("icons/icon-192.png").type, "image/png");
    EXPECT_EQ(mime_for_path("icon.svg").type, "image/svg+xml");
    EXPECT_EQ(mime_for_path("fonts/ui.ttf").type, "font/ttf");
    EXPECT_EQ(mime_for_path("config.json").type, "application/json");
    EXPECT_EQ(mime_for_path("crm.data").type, "application/octet-stream");
}

TEST(ServerMime, ExtensionIsCaseInsensitive) {
    EXPECT_EQ(mime_for_path("INDEX.HTML").type, "text/html; charset=utf-8");
    EXPECT_EQ(mime_for_path("Crm.Wasm").type, "application/wasm");
}

TEST(ServerMime, UnknownOrMissingExtensionIsOctetStreamAndNotCompressed) {
    for (const char* name : {"README", "archive.xyz", "dir.d/file", "trailing.", ".hidden"}) {
        const MimeInfo info = mime_for_path(name);
        EXPECT_EQ(info.type, "application/octet-stream") << name;
        EXPECT_FALSE(info.compressible) << name;
    }
}

TEST(ServerMime, OnlyCompressibleTypesAreMarkedForGzip) {
    EXPECT_TRUE(mime_for_path("crm.wasm").compressible);
    EXPECT_TRUE(mime_for_path("crm.js").compressible);
    EXPECT_TRUE(mime_for_path("index.html").compressible);
    EXPECT_TRUE(mime_for_path("crm.data").compressible);
    EXPECT_TRUE(mime_for_path("ui.ttf").compressible);
    EXPECT_FALSE(mime_for_path("icon.png").compressible);
}

}  // namespace
}  // namespace crm::server
