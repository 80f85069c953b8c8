#pragma once
// Command-line options of crm-sync-server.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace crm::server {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;  // 0: the system picks a free port (logged in the "listening" line)
    std::string data_dir = "./data";
    std::string web_root;       // empty: no static files, API only
    bool demo_data = false;
    int threads = 2;
    bool help = false;
    // Hardening and operator tools.
    std::vector<std::string>
        public_hosts;                 // --public-host (repeatable): names the API answers to besides loopback
    std::size_t max_connections = 0;  // --max-connections: 0 derives it from the descriptor limit
    bool check = false;               // --check: integrity check of the database, then exit
    std::string backup_file;          // --backup FILE: online copy of the database, then exit
    // Account commands: read a password from stdin, write it, exit (never serve).
    std::string create_admin;              // LOGIN of a new admin
    std::string set_password;              // LOGIN whose password changes
    std::int64_t session_ttl_seconds = 0;  // 0: server_limits::kDefaultSessionTtl
};

// `args` excludes argv[0]. Accepts "--name value" and "--name=value". Errors (ErrorCode::Invalid) name
// the option and what was wrong with it.
Result<ServerOptions> parse_args(std::span<const std::string_view> args);

std::string usage_text();

}  // namespace crm::server
