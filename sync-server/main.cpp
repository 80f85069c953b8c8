// crm-sync-server: serves the web app and the sync API. See --help.
#include <cstdio>
#include <string_view>
#include <vector>

#include "sync-server/auth_cli.hpp"
#include "sync-server/log.hpp"
#include "sync-server/options.hpp"
#include "sync-server/server.hpp"

namespace {
constexpr int kExitUsage = 2;  // bad arguments, like most command-line tools
constexpr int kExitFailure = 1;
}  // namespace

int main(int argc, char** argv) {
    using namespace crm::server;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    auto options = parse_args(args);
    if (!options) {
        std::fprintf(stderr, "crm-sync-server: %s\nTry 'crm-sync-server --help'.\n", options.error().message.c_str());
        return kExitUsage;
    }
    if (options->help) {
        std::fputs(usage_text().c_str(), stdout);
        return 0;
    }
    if (!options->create_admin.empty() || !options->set_password.empty()) {
        const auto done = run_account_command(options.value(), stdin);
        if (done) return 0;
        std::fprintf(stderr, "crm-sync-server: %s\n", done.error().message.c_str());
        return done.error().code == crm::ErrorCode::Invalid ? kExitUsage : kExitFailure;
    }
    auto server = Server::create(options.value());
    if (!server) {
        const auto& e = server.error();
        log_event(LogLevel::Error, "start failed", {{"code", crm::to_string(e.code)}, {"error", e.message}});
        return e.code == crm::ErrorCode::Invalid ? kExitUsage : kExitFailure;
    }
    server.value()->run();
    return 0;
}
