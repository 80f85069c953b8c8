#pragma once
// HTTP types and response helpers shared by the API, the static files and the session. Everything here
// works on in-memory messages, so it is testable without sockets.
#include <string>
#include <string_view>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

namespace crm::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

inline constexpr std::string_view kServerName = "fieldcrm-sync";
inline constexpr std::string_view kJsonType = "application/json";

// A response with the request's HTTP version and keep-alive, the Server header and an empty body.
Response make_response(const Request& req, http::status status);
Response json_response(const Request& req, http::status status, const nlohmann::json& body);
// {"error": message}
Response error_response(const Request& req, http::status status, std::string_view message);
Response method_not_allowed(const Request& req, std::string_view allow);

// True when Accept-Encoding lists gzip (or *) without q=0.
bool accepts_gzip(const Request& req);
// Compresses a JSON API body in place when the client accepts gzip and the body is large enough.
void compress_if_accepted(const Request& req, Response& res);

// Lower-cased copy (header values compare case-insensitively).
std::string ascii_lower(std::string_view text);
// Without leading/trailing spaces and tabs (HTTP's optional whitespace around list items).
std::string_view trim_ows(std::string_view text);

}  // namespace crm::server
