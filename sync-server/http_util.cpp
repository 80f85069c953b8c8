#include "sync-server/http_util.hpp"

#include <algorithm>
#include <cctype>

#include "core/limits.hpp"
#include "sync-server/gzip.hpp"

namespace crm::server {
namespace {

// q=0 (or 0.0, 0.000) means "not acceptable".
bool q_is_zero(std::string_view params) {
    std::size_t pos = 0;
    while (pos < params.size()) {
        const auto semi = params.find(';', pos);
        const auto param = trim_ows(params.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            const auto value = param.substr(2);
            return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) { return c == '0' || c == '.'; });
        }
        if (semi == std::string_view::npos) break;
        pos = semi + 1;
    }
    return false;
}

}  // namespace

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Response make_response(const Request& req, http::status status) {
    Response res{status, req.version()};
    res.set(http::field::server, kServerName);
    res.keep_alive(req.keep_alive());
    return res;
}

Response json_response(const Request& req, http::status status, const nlohmann::json& body) {
    Response res = make_response(req, status);
    res.set(http::field::content_type, kJsonType);
    res.set(http::field::cache_control, "no-store");
    res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    res.prepare_payload();
    return res;
}

Response error_response(const Request& req, http::status status, std::string_view message) {
    return json_response(req, status, nlohmann::json{{"error", std::string(message)}});
}

Response method_not_allowed(const Request& req, std::string_view allow) {
    Response res = error_response(
        req, http::status::method_not_allowed,
        "method " + std::string(req.method_string()) + " is not allowed here; use " + std::string(allow));
    res.set(http::field::allow, allow);
    return res;
}

bool accepts_gzip(const Request& req) {
    const auto it = req.find(http::field::accept_encoding);
    if (it == req.end()) return false;
    const std::string value = ascii_lower(it->value());
    std::string_view rest = value;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto item = trim_ows(rest.substr(0, comma));
        const auto semi = item.find(';');
        const auto coding = trim_ows(item.substr(0, semi));
        if ((coding == "gzip" || coding == "*") &&
            !(semi != std::string_view::npos && q_is_zero(item.substr(semi + 1)))) {
            return true;
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return false;
}

void compress_if_accepted(const Request& req, Response& res) {
    res.set(http::field::vary, "Accept-Encoding");
    if (res.body().size() < limits::kMinGzipBytes || !accepts_gzip(req)) return;
    auto packed = gzip_compress(res.body());
    if (!packed) return;  // sending it uncompressed is still correct
    res.body() = std::move(packed.value());
    res.set(http::field::content_encoding, "gzip");
    res.prepare_payload();
}

}  // namespace crm::server
