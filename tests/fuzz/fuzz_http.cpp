// Fuzz target: an HTTP request (method, target, headers, body) through the router without sockets: path
// handling (target_path, sanitize_target, the static files' resolution under the web root) and the API
// routes. No response may hold a file from outside the web root.
//
// Input: "METHOD\nTARGET\nName: value\n...\n\nBODY" (a missing part is empty). Header names keep only
// token characters and values only visible ones, as Beast's parser would have delivered them.
#include <string>
#include <string_view>

#include "sync-server/paths.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

std::string_view next_line(std::string_view& rest) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    return line;
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string keep(std::string_view text, bool (*allowed)(char)) {
    std::string out;
    for (const char c : text)
        if (allowed(c)) out += c;
    return out;
}

bool is_value_char(char c) {
    return c == ' ' || c == '\t' || (static_cast<unsigned char>(c) > 0x20 && c != 0x7f);
}

// The pure path helpers on their own, with what they promise.
void check_paths(std::string_view target) {
    (void)crm::server::query_param(target, "cursor");
    (void)crm::server::percent_decode(target);
    const std::string_view path = crm::server::target_path(target);
    if (path.size() > target.size() || target.substr(0, path.size()) != path)
        crm::fuzz::fail("target_path is not a prefix of the target", target);
    const auto rel = crm::server::sanitize_target(path);
    if (!rel) return;
    const std::string& r = rel.value();
    if (r.empty() || r.front() == '/' || r.find('\0') != std::string::npos ||
        r.find('\\') != std::string::npos)
        crm::fuzz::fail("sanitize_target let through an unsafe path", r);
    std::string_view rest = r;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (segment.empty() || segment == "." || segment == "..")
            crm::fuzz::fail("sanitize_target let through an unsafe segment", r);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)crm::fuzz::Server::get();
    (void)crm::fuzz::store();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view rest = crm::fuzz::as_text(data, size);
    const std::string method = keep(next_line(rest), is_token_char);
    const std::string_view target = next_line(rest);
    check_paths(target);

    crm::server::Request req;
    req.version(11);
    req.method_string(method.empty() ? "GET" : method);
    req.target(target);
    while (!rest.empty()) {
        const std::string_view line = next_line(rest);
        if (line.empty()) break;
        const auto colon = line.find(':');
        const std::string name = keep(line.substr(0, colon), is_token_char);
        if (name.empty()) continue;
        const std::string value =
            colon == std::string_view::npos ? std::string() : keep(line.substr(colon + 1), is_value_char);
        req.insert(name, crm::server::trim_ows(value));
    }
    req.body() = std::string(rest);
    req.prepare_payload();
    (void)crm::fuzz::Server::get().handle(req);
    return 0;
}
