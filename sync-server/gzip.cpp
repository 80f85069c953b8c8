#include "sync-server/gzip.hpp"

#include <algorithm>
#include <array>
#include <climits>

#include <zlib.h>

namespace crm::server {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header instead of zlib's
constexpr int kMemLevel = 8;              // zlib's default
constexpr std::size_t kChunk = 64 * 1024;

Error gzip_error(std::string message, std::string reason) {
    return make_error(ErrorCode::Invalid, std::move(message), "body", std::move(reason));
}

}  // namespace

Result<std::string> gzip_compress(std::string_view data) {
    if (data.size() > UINT_MAX) return make_error(ErrorCode::Unsupported, "gzip: input larger than 4 GiB");
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) != Z_OK) {
        return make_error(ErrorCode::Io, "gzip: deflateInit2 failed");
    }
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    // deflateBound guarantees one Z_FINISH call is enough.
    const int rc = deflate(&zs, Z_FINISH);
    const auto written = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) return make_error(ErrorCode::Io, "gzip: deflate did not finish");
    out.resize(written);
    return out;
}

Result<std::string> gzip_decompress(std::string_view data, std::size_t max_output) {
    if (data.empty()) return gzip_error("gzip: empty body", "malformed");
    if (data.size() > UINT_MAX) return gzip_error("gzip: input larger than 4 GiB", "too_large");
    z_stream zs{};
    if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) return make_error(ErrorCode::Io, "gzip: inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());

    std::string out;
    std::array<char, kChunk> buf;
    for (;;) {
        zs.next_out = reinterpret_cast<Bytef*>(buf.data());
        zs.avail_out = static_cast<uInt>(buf.size());
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t produced = buf.size() - zs.avail_out;
        if (out.size() + produced > max_output) {
            inflateEnd(&zs);
            return gzip_error("gzip: decompressed body exceeds " + std::to_string(max_output) + " bytes",
                              "too_large");
        }
        out.append(buf.data(), produced);
        if (rc == Z_STREAM_END) {
            if (zs.avail_in == 0) break;
            // Another member follows (concatenated gzip files are valid gzip).
            if (inflateReset(&zs) != Z_OK) break;
            continue;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            inflateEnd(&zs);
            return gzip_error("gzip: truncated body", "malformed");
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            inflateEnd(&zs);
            return gzip_error(std::string("gzip: corrupt body (") + (zs.msg ? zs.msg : "inflate failed") + ")",
                              "malformed");
        }
    }
    inflateEnd(&zs);
    return out;
}

std::uint32_t crc32_of(std::string_view data) {
    uLong crc = crc32(0L, Z_NULL, 0);
    // zlib takes at most UINT_MAX bytes per call.
    while (!data.empty()) {
        const auto n = static_cast<uInt>(std::min<std::size_t>(data.size(), UINT_MAX));
        crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), n);
        data.remove_prefix(n);
    }
    return static_cast<std::uint32_t>(crc);
}

}  // namespace crm::server
