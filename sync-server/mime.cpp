#include "sync-server/mime.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace crm::server {
namespace {

struct MimeEntry {
    std::string_view extension;  // lower case, without the dot
    MimeInfo info;
};

constexpr std::string_view kOctetStream = "application/octet-stream";

constexpr std::array kMimeTable = {
    MimeEntry{"html", {"text/html; charset=utf-8", true}},
    MimeEntry{"htm", {"text/html; charset=utf-8", true}},
    MimeEntry{"js", {"text/javascript", true}},
    MimeEntry{"mjs", {"text/javascript", true}},
    MimeEntry{"wasm", {"application/wasm", true}},
    MimeEntry{"css", {"text/css", true}},
    MimeEntry{"webmanifest", {"application/manifest+json", true}},
    MimeEntry{"json", {"application/json", true}},
    MimeEntry{"map", {"application/json", true}},
    MimeEntry{"png", {"image/png", false}},
    MimeEntry{"svg", {"image/svg+xml", true}},
    MimeEntry{"ico", {"image/x-icon", true}},
    MimeEntry{"ttf", {"font/ttf", true}},
    MimeEntry{"woff2", {"font/woff2", false}},
    MimeEntry{"txt", {"text/plain; charset=utf-8", true}},
    // Emscripten's preloaded file package: fonts and data, compresses well.
    MimeEntry{"data", {kOctetStream, true}},
};

}  // namespace

MimeInfo mime_for_path(std::string_view path) {
    const auto slash = path.find_last_of('/');
    const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot + 1 == name.size()) return {kOctetStream, false};
    std::string ext(name.substr(dot + 1));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& entry : kMimeTable) {
        if (entry.extension == ext) return entry.info;
    }
    return {kOctetStream, false};
}

}  // namespace crm::server
