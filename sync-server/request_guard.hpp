#pragma once
// What every request passes before the router: cross-site and DNS-rebinding checks on the API (Host, Origin,
// Content-Type), the budget for request bodies in flight, and the security headers every response carries.
// In-memory, so the tests call it without sockets.
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync-server/http_util.hpp"

namespace crm::server {

// The names the server answers the API to. A browser page on another site can still reach a loopback or LAN
// server (a form post, or DNS rebinding: its own name resolving to our address), so the Host must be one of
// ours and a browser's Origin the server's own.
struct RequestPolicy {
    std::string bound_host;                 // --host
    std::vector<std::string> public_hosts;  // --public-host: the name a reverse proxy serves it under
};

// Host header value without its port, lower-case; "[::1]" keeps its brackets.
std::string host_name(std::string_view host_header);
// The Host is loopback, an IP address (DNS rebinding needs a name), the bound host or a public host.
bool host_allowed(const RequestPolicy& policy, std::string_view host_header);

// 403 for a foreign Host on any /api/ request; for a POST (any method but GET/HEAD) also 403 for an Origin
// that is not this server (a missing Origin is a non-browser client) or Sec-Fetch-Site cross-site, and 415
// for a Content-Type other than application/json. nullopt: the request may be routed.
std::optional<Response> refuse_request(const Request& req, const RequestPolicy& policy);

// X-Content-Type-Options, Referrer-Policy, X-Frame-Options and the Content-Security-Policy. Never a CORS
// header.
void add_security_headers(Response& res);

// 503 with Retry-After: the server is at a limit for now.
Response busy_response(const Request& req, std::string_view message);

// The global budget for request bodies being read. Thread-safe; lock-free.
class BodyBudget {
public:
    explicit BodyBudget(std::size_t capacity) : capacity_(capacity) {}
    // Reserves `bytes` if they fit; false (nothing reserved) when the budget would be exceeded.
    bool try_reserve(std::size_t bytes);
    void release(std::size_t bytes);
    std::size_t in_use() const { return used_.load(std::memory_order_relaxed); }
    std::size_t capacity() const { return capacity_; }

private:
    const std::size_t capacity_;
    std::atomic<std::size_t> used_{0};
};

}  // namespace crm::server
