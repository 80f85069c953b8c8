#include "sync-server/options.hpp"

#include <charconv>
#include <optional>

#include "core/limits.hpp"
#include "sync-server/server_limits.hpp"

namespace crm::server {
namespace {

Error bad_option(std::string_view option, std::string message) {
    return make_error(ErrorCode::Invalid, std::string(option) + ": " + std::move(message), std::string(option),
                      "invalid");
}

std::optional<long long> parse_integer(std::string_view text) {
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

Result<ServerOptions> parse_args(std::span<const std::string_view> args) {
    ServerOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view name = args[i];
        std::optional<std::string_view> inline_value;
        if (const auto eq = name.find('='); name.starts_with("--") && eq != std::string_view::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const auto flag = [&](bool& target) -> Status {
            if (inline_value) return bad_option(name, "takes no value");
            target = true;
            return {};
        };
        const auto value = [&]() -> Result<std::string_view> {
            if (inline_value) return *inline_value;
            if (i + 1 >= args.size()) return bad_option(name, "missing value");
            return args[++i];
        };

        if (name == "--help" || name == "-h") {
            CRM_TRY(flag(options.help));
        } else if (name == "--demo-data") {
            CRM_TRY(flag(options.demo_data));
        } else if (name == "--host") {
            auto v = value();
            if (!v) return v.error();
            if (v->empty()) return bad_option(name, "must not be empty");
            options.host = std::string(*v);
        } else if (name == "--port") {
            auto v = value();
            if (!v) return v.error();
            const auto port = parse_integer(*v);
            if (!port || *port < 0 || *port > 65535) {
                return bad_option(name, "expected a number from 0 to 65535, got '" + std::string(*v) + "'");
            }
            options.port = static_cast<std::uint16_t>(*port);
        } else if (name == "--threads") {
            auto v = value();
            if (!v) return v.error();
            const auto threads = parse_integer(*v);
            if (!threads || *threads < 1 || *threads > limits::kMaxServerThreads) {
                return bad_option(name, "expected a number from 1 to " + std::to_string(limits::kMaxServerThreads) +
                                            ", got '" + std::string(*v) + "'");
            }
            options.threads = static_cast<int>(*threads);
        } else if (name == "--data-dir") {
            auto v = value();
            if (!v) return v.error();
            if (v->empty()) return bad_option(name, "must not be empty");
            options.data_dir = std::string(*v);
        } else if (name == "--web-root") {
            auto v = value();
            if (!v) return v.error();
            if (v->empty()) return bad_option(name, "must not be empty");
            options.web_root = std::string(*v);
        } else if (name == "--check") {
            CRM_TRY(flag(options.check));
        } else if (name == "--backup" || name == "--public-host") {
            auto v = value();
            if (!v) return v.error();
            if (v->empty()) return bad_option(name, "must not be empty");
            if (name == "--backup")
                options.backup_file = std::string(*v);
            else
                options.public_hosts.emplace_back(*v);
        } else if (name == "--max-connections") {
            auto v = value();
            if (!v) return v.error();
            const auto n = parse_integer(*v);
            if (!n || *n < 1)
                return bad_option(name, "expected a positive number, got '" + std::string(*v) + "'");
            options.max_connections = static_cast<std::size_t>(*n);
        } else if (name == "--create-admin" || name == "--set-password") {
            auto v = value();
            if (!v) return v.error();
            if (v->empty()) return bad_option(name, "must not be empty");
            (name == "--create-admin" ? options.create_admin : options.set_password) = std::string(*v);
        } else if (name == "--session-ttl-seconds") {
            auto v = value();
            if (!v) return v.error();
            const auto ttl = parse_integer(*v);
            if (!ttl || *ttl < 1 || *ttl > server_limits::kMaxSessionTtlSeconds) {
                return bad_option(name, "expected a number from 1 to " +
                                            std::to_string(server_limits::kMaxSessionTtlSeconds) + ", got '" +
                                            std::string(*v) + "'");
            }
            options.session_ttl_seconds = *ttl;
        } else {
            return make_error(ErrorCode::Invalid, "unknown option '" + std::string(name) + "' (see --help)",
                              std::string(name), "unknown");
        }
    }
    if (!options.create_admin.empty() && !options.set_password.empty())
        return bad_option("--create-admin", "not together with --set-password");
    return options;
}

std::string usage_text() {
    return "Usage: crm-sync-server [options]\n"
           "Serves the Field CRM web app and its sync API (POST /api/v1/sync, GET /healthz).\n"
           "\n"
           "  --host ADDRESS     address to listen on (default 127.0.0.1)\n"
           "  --port N           TCP port, 0 picks a free one (default 8080)\n"
           "  --data-dir DIR     database folder, created if missing; the database is DIR/server.db\n"
           "                     (default ./data)\n"
           "  --web-root DIR     folder of the built web app to serve (default: none, API only)\n"
           "  --demo-data        fill an empty database with demo customers\n"
           "  --threads N        I/O threads (default 2)\n"
           "  --public-host NAME the host name a reverse proxy serves it under (repeatable); the API\n"
           "                     answers only loopback names, IP addresses, --host and these\n"
           "  --max-connections N  connections served at once (default: the open-file limit less a\n"
           "                     reserve); more are answered 503 with Retry-After\n"
           "  --check            check the database's integrity (of --data-dir), print the result, exit\n"
           "                     0 when it is intact, 1 when not\n"
           "  --backup FILE      copy the database to FILE with SQLite's online backup (the server may\n"
           "                     be running), then exit\n"
           "  --create-admin LOGIN   create an admin account, password read from stdin, then exit\n"
           "  --set-password LOGIN   set an account's password from stdin, then exit\n"
           "  --session-ttl-seconds N  how long a sign-in lasts (default 30 days)\n"
           "  --help             this text\n"
           "\n"
           "Logs one JSON line per event on stderr; the \"listening\" line carries the bound port and URL.\n"
           "SIGINT/SIGTERM stop it gracefully (exit code 0). Bad arguments exit with code 2.\n";
}

}  // namespace crm::server
