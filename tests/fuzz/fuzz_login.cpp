// Fuzz target: the body of POST /api/v1/login, through the router as a browser sends it (JSON content
// type, same-origin host), so it covers whatever login route the router has; and, where the server has
// its login body parser (sync-server/auth_api.hpp), that parser directly.
#include <string>

#include "tests/fuzz/fuzz_support.hpp"

namespace {
constexpr std::string_view kLoginPath = "/api/v1/login";
constexpr std::string_view kHost = "127.0.0.1:8080";
}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)crm::fuzz::Server::get();
    (void)crm::fuzz::store();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace http = crm::server::http;
    const auto parsed = crm::server::parse_login_request(crm::fuzz::as_text(data, size));
    if (parsed && (parsed->login.empty() || parsed->password.empty()))
        crm::fuzz::fail("parse_login_request accepted an empty login or password");
    crm::server::Request req{http::verb::post, kLoginPath, 11};
    req.set(http::field::host, kHost);
    req.set(http::field::origin, "http://" + std::string(kHost));
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(crm::fuzz::as_text(data, size));
    req.prepare_payload();
    const auto res = crm::fuzz::Server::get().handle(req);
    if (res.result() == http::status::ok && res.body().find("\"token\"") == std::string::npos)
        crm::fuzz::fail("a login answered 200 without a token", res.body());
    return 0;
}
