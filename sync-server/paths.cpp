#include "sync-server/paths.hpp"

#include <optional>

namespace crm::server {
namespace {

std::optional<int> hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return std::nullopt;
}

Error bad_path(std::string message, std::string reason) {
    return make_error(ErrorCode::Invalid, std::move(message), "path", std::move(reason));
}

}  // namespace

std::string_view target_path(std::string_view target) {
    const auto end = target.find_first_of("?#");
    return end == std::string_view::npos ? target : target.substr(0, end);
}

std::optional<std::string_view> query_param(std::string_view target, std::string_view name) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name)
            return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

Result<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return bad_path("path: incomplete percent escape", "malformed");
        }
        const auto hi = hex_value(text[i + 1]);
        const auto lo = hex_value(text[i + 2]);
        if (!hi || !lo) return bad_path("path: invalid percent escape", "malformed");
        out.push_back(static_cast<char>(*hi * 16 + *lo));
        i += 2;
    }
    return out;
}

Result<std::string> sanitize_target(std::string_view target) {
    const std::string_view raw = target_path(target);
    if (raw.empty() || raw.front() != '/') return bad_path("path: must start with '/'", "malformed");
    auto decoded = percent_decode(raw);
    if (!decoded) return decoded.error();
    const std::string& path = decoded.value();

    std::string out;
    std::size_t pos = 1;  // past the leading '/'
    while (pos <= path.size()) {
        const auto next = path.find('/', pos);
        const std::string_view segment = std::string_view(path).substr(
            pos, next == std::string::npos ? std::string::npos : next - pos);
        const bool last = next == std::string::npos;
        if (segment.empty()) {
            if (!last) return bad_path("path: empty segment", "malformed");
            break;  // a trailing '/': the directory's index.html
        }
        if (segment == "." || segment == "..") return bad_path("path: '.' and '..' are not allowed", "traversal");
        for (const char c : segment) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte == 0x7f) return bad_path("path: control character", "malformed");
            if (c == '\\') return bad_path("path: backslash", "malformed");
        }
        if (!out.empty()) out.push_back('/');
        out.append(segment);
        if (last) return out;
        pos = next + 1;
    }
    if (!out.empty()) out.push_back('/');
    out.append("index.html");
    return out;
}

}  // namespace crm::server
