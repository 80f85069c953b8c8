#include "sync-server/request_guard.hpp"

#include <algorithm>

#include <boost/asio/ip/address.hpp>

#include "sync-server/paths.hpp"
#include "sync-server/server_limits.hpp"

namespace crm::server {
namespace {

bool is_ip_literal(std::string_view name) {
    if (name.size() >= 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    boost::system::error_code ec;
    boost::asio::ip::make_address(std::string(name), ec);
    return !ec;
}

// "http://Name:8080" -> "name:8080"; empty for "null" or anything without a scheme.
std::string origin_authority(std::string_view origin) {
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos) return {};
    return ascii_lower(origin.substr(scheme_end + 3));
}

// "name:80" for http, "name:443" for https: a Host header often leaves the default port out.
std::string with_default_port(std::string authority, std::string_view scheme) {
    const auto bracket = authority.rfind(']');
    const auto colon = authority.rfind(':');
    const bool has_port = colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    if (!has_port) authority += scheme == "https" ? ":443" : ":80";
    return authority;
}

}  // namespace

std::string host_name(std::string_view host_header) {
    std::string host = ascii_lower(trim_ows(host_header));
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        return close == std::string::npos ? host : host.substr(0, close + 1);
    }
    const auto colon = host.find(':');
    if (colon != std::string::npos) host.resize(colon);
    if (!host.empty() && host.back() == '.') host.pop_back();  // "localhost." is the same name
    return host;
}

bool host_allowed(const RequestPolicy& policy, std::string_view host_header) {
    const std::string name = host_name(host_header);
    if (name.empty()) return false;
    if (name == "localhost" || name.ends_with(".localhost") || is_ip_literal(name)) return true;
    if (name == host_name(policy.bound_host)) return true;
    return std::any_of(policy.public_hosts.begin(), policy.public_hosts.end(),
                       [&](const std::string& h) { return host_name(h) == name; });
}

std::optional<Response> refuse_request(const Request& req, const RequestPolicy& policy) {
    const std::string_view path = target_path(req.target());
    if (!path.starts_with("/api/")) return std::nullopt;
    const auto host = req.find(http::field::host);
    if (host == req.end() || !host_allowed(policy, host->value())) {
        return error_response(req, http::status::forbidden,
                              "this server does not answer to the host '" +
                                  std::string(host == req.end() ? "" : host->value()) +
                                  "' (start it with --public-host NAME to serve that name)");
    }
    if (req.method() == http::verb::get || req.method() == http::verb::head) return std::nullopt;

    const auto fetch_site = req.find("Sec-Fetch-Site");
    if (fetch_site != req.end() && ascii_lower(fetch_site->value()) == "cross-site") {
        return error_response(req, http::status::forbidden, "cross-site requests are refused");
    }
    if (const auto origin = req.find(http::field::origin); origin != req.end()) {
        const std::string_view value = origin->value();
        const std::string scheme = ascii_lower(value.substr(0, value.find("://")));
        const std::string authority = origin_authority(value);
        const std::string origin_name = host_name(authority);
        // Same origin: the page was served by this server under the name it used (a proxy may change the
        // scheme, so only the name and port count), or under a configured public name.
        const bool same = !authority.empty() && with_default_port(authority, scheme) ==
                                                    with_default_port(ascii_lower(host->value()), scheme);
        const bool public_name =
            std::any_of(policy.public_hosts.begin(), policy.public_hosts.end(),
                        [&](const std::string& h) { return host_name(h) == origin_name; });
        if (!same && !public_name) {
            return error_response(req, http::status::forbidden,
                                  "requests from the origin '" + std::string(value) + "' are refused");
        }
    }
    // A body of another type is what a cross-site form can send without a preflight: refused.
    const bool has_body_method = req.method() == http::verb::post || req.method() == http::verb::put ||
                                 req.method() == http::verb::patch;
    if (!has_body_method) return std::nullopt;
    const auto type = req.find(http::field::content_type);
    const std::string media = type == req.end()
                                  ? std::string()
                                  : ascii_lower(trim_ows(type->value().substr(0, type->value().find(';'))));
    if (media != kJsonType) {
        return error_response(req, http::status::unsupported_media_type,
                              "Content-Type must be application/json, not '" +
                                  std::string(type == req.end() ? "" : type->value()) + "'");
    }
    return std::nullopt;
}

void add_security_headers(Response& res) {
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Content-Security-Policy", server_limits::kContentSecurityPolicy);
}

Response busy_response(const Request& req, std::string_view message) {
    Response res = error_response(req, http::status::service_unavailable, message);
    res.set(http::field::retry_after, std::to_string(server_limits::kBusyRetryAfter.count()));
    return res;
}

bool BodyBudget::try_reserve(std::size_t bytes) {
    std::size_t used = used_.load(std::memory_order_relaxed);
    do {
        if (bytes > capacity_ || used > capacity_ - bytes) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
}

void BodyBudget::release(std::size_t bytes) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
}

}  // namespace crm::server
