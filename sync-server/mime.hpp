#pragma once
// Content types of the files the web app is built from, and whether gzip is worth it for them.
#include <string_view>

namespace crm::server {

struct MimeInfo {
    std::string_view type;
    bool compressible;  // false for already-compressed formats (png) and unknown files
};

// By the file name's extension, case-insensitive; unknown: application/octet-stream, not compressible.
MimeInfo mime_for_path(std::string_view path);

}  // namespace crm::server
