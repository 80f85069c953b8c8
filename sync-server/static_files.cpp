#include "sync-server/static_files.hpp"

#include <cassert>
#include <cstdio>
#include <fstream>
#include <optional>
#include <system_error>

#include "core/limits.hpp"
#include "sync-server/gzip.hpp"
#include "sync-server/log.hpp"
#include "sync-server/mime.hpp"
#include "sync-server/paths.hpp"

namespace crm::server {
namespace fs = std::filesystem;
namespace {

// `path` is inside `root` (both canonical) when root's elements are a prefix of path's.
bool is_within(const fs::path& root, const fs::path& path) {
    auto r = root.begin();
    auto p = path.begin();
    for (; r != root.end(); ++r, ++p) {
        if (p == path.end() || *r != *p) return false;
    }
    return true;
}

std::optional<std::string> read_file(const fs::path& path, std::uintmax_t size) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string content(static_cast<std::size_t>(size), '\0');
    in.read(content.data(), static_cast<std::streamsize>(size));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) return std::nullopt;  // changed while reading
    return content;
}

}  // namespace

bool etag_matches(std::string_view if_none_match, std::string_view etag_a, std::string_view etag_b) {
    std::string_view rest = if_none_match;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        auto tag = trim_ows(rest.substr(0, comma));
        if (tag == "*") return true;
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        if (!tag.empty() && (tag == etag_a || tag == etag_b)) return true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    assert(!ec && "StaticFiles: the web root must exist (checked at start-up)");
}

std::size_t StaticFiles::cached_bytes() const {
    std::lock_guard lock(cache_mutex_);
    return cache_bytes_;
}

std::string StaticFiles::gzipped(const std::string& rel, const FileVersion& version, const std::string& content) {
    {
        std::lock_guard lock(cache_mutex_);
        const auto it = cache_.find(rel);
        if (it != cache_.end() && it->second.version == version) return it->second.bytes;
    }
    // Compress outside the lock: two threads may both compress a cold file, which is harmless.
    auto packed = gzip_compress(content);
    if (!packed) return {};
    std::lock_guard lock(cache_mutex_);
    if (const auto it = cache_.find(rel); it != cache_.end()) {
        cache_bytes_ -= it->second.bytes.size();
        cache_.erase(it);
    }
    if (packed->size() <= limits::kMaxGzipCacheBytes) {
        // A full cache is dropped whole: the web app is a handful of files, so this only happens after
        // many rebuilds under a running server.
        if (cache_bytes_ + packed->size() > limits::kMaxGzipCacheBytes) {
            cache_.clear();
            cache_bytes_ = 0;
        }
        cache_bytes_ += packed->size();
        cache_[rel] = CachedGzip{version, packed.value()};
    }
    return std::move(packed.value());
}

Response StaticFiles::serve(const Request& req) {
    const bool head = req.method() == http::verb::head;
    if (req.method() != http::verb::get && !head) return method_not_allowed(req, "GET, HEAD");

    auto rel = sanitize_target(req.target());
    if (!rel) return error_response(req, http::status::bad_request, rel.error().message);

    std::error_code ec;
    const fs::path resolved = fs::weakly_canonical(root_ / rel.value(), ec);
    // Symlinks may point anywhere: only what resolves inside the root is served.
    if (ec || !is_within(root_, resolved) || !fs::is_regular_file(resolved, ec)) {
        return error_response(req, http::status::not_found, "not found: " + std::string(req.target()));
    }
    const std::uintmax_t size = fs::file_size(resolved, ec);
    if (ec) return error_response(req, http::status::not_found, "not found: " + std::string(req.target()));
    const auto mtime_point = fs::last_write_time(resolved, ec);
    if (ec) return error_response(req, http::status::not_found, "not found: " + std::string(req.target()));
    if (size > limits::kMaxStaticFileBytes) {
        log_event(LogLevel::Error, "static file too large", {{"path", rel.value()}, {"bytes", size}});
        return error_response(req, http::status::internal_server_error, "file too large to serve");
    }
    const std::int64_t mtime = static_cast<std::int64_t>(mtime_point.time_since_epoch().count());

    // Read before answering a revalidation too: the tag includes the contents' checksum.
    auto content = read_file(resolved, size);
    if (!content) return error_response(req, http::status::not_found, "not found: " + std::string(req.target()));
    const FileVersion version{size, mtime, crc32_of(*content)};

    const MimeInfo mime = mime_for_path(rel.value());
    const bool try_gzip = mime.compressible && size >= limits::kMinGzipBytes;
    char tag_buf[64];
    std::snprintf(tag_buf, sizeof tag_buf, "\"%jx-%jx-%08x\"", static_cast<std::uintmax_t>(size),
                  static_cast<std::uintmax_t>(mtime), static_cast<unsigned>(version.crc));
    const std::string etag = tag_buf;
    // The gzip bytes are a different representation, so they get their own tag.
    const std::string etag_gz = etag.substr(0, etag.size() - 1) + "-gz\"";
    const bool use_gzip = try_gzip && accepts_gzip(req);

    Response res = make_response(req, http::status::ok);
    res.set(http::field::cache_control, "no-cache");
    res.set("X-Content-Type-Options", "nosniff");
    if (try_gzip) res.set(http::field::vary, "Accept-Encoding");
    res.set(http::field::etag, use_gzip ? etag_gz : etag);

    if (const auto inm = req.find(http::field::if_none_match);
        inm != req.end() && etag_matches(inm->value(), etag, etag_gz)) {
        res.result(http::status::not_modified);
        return res;
    }

    res.set(http::field::content_type, mime.type);
    if (use_gzip) {
        std::string packed = gzipped(rel.value(), version, *content);
        if (!packed.empty()) {
            res.set(http::field::content_encoding, "gzip");
            content = std::move(packed);
        } else {
            res.set(http::field::etag, etag);
        }
    }
    if (head) {
        res.content_length(content->size());
    } else {
        res.body() = std::move(*content);
        res.prepare_payload();
    }
    return res;
}

}  // namespace crm::server
