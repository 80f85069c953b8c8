#pragma once
// gzip (RFC 1952) with zlib, for static files, API responses and compressed request bodies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.hpp"

namespace crm::server {

Result<std::string> gzip_compress(std::string_view data);

// Inflates one or more concatenated gzip members. Stops as soon as the output would exceed `max_output`
// (a small bomb must not allocate gigabytes): that error has reason "too_large"; corrupt or truncated
// input has reason "malformed".
Result<std::string> gzip_decompress(std::string_view data, std::size_t max_output);

// CRC-32 (the one gzip uses) of `data`: a cheap check that file contents changed.
std::uint32_t crc32_of(std::string_view data);

}  // namespace crm::server
