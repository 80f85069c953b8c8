#pragma once
// Serves the built web app from --web-root: GET/HEAD, MIME types, gzip with an in-memory cache of
// compressed files, ETag revalidation. Files are read on every request, so a new build under a running
// server is served at once; tags and the cache follow the contents, not only size and mtime. Nothing outside
// the root is ever opened.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>

#include "sync-server/http_util.hpp"

namespace crm::server {

class StaticFiles {
public:
    // `root` must be an existing directory (checked by the caller at start-up).
    explicit StaticFiles(const std::filesystem::path& root);

    Response serve(const Request& req);

    std::size_t cached_bytes() const;  // compressed bytes kept in memory

private:
    // One file version: size and mtime alone can repeat (a rewrite within the file system's timestamp tick, a
    // deploy that sets fixed timestamps), so the contents' checksum is part of it.
    struct FileVersion {
        std::uintmax_t size = 0;
        std::int64_t mtime = 0;
        std::uint32_t crc = 0;
        bool operator==(const FileVersion&) const = default;
    };
    struct CachedGzip {
        FileVersion version;
        std::string bytes;
    };
    // The compressed bytes for this exact file version, from the cache or made now.
    std::string gzipped(const std::string& rel, const FileVersion& version, const std::string& content);

    std::filesystem::path root_;  // canonical
    mutable std::mutex cache_mutex_;
    std::unordered_map<std::string, CachedGzip> cache_;
    std::size_t cache_bytes_ = 0;
};

// True when If-None-Match lists one of the given entity tags (or "*"); weak tags compare by value.
bool etag_matches(std::string_view if_none_match, std::string_view etag_a, std::string_view etag_b);

}  // namespace crm::server
