// crm-sync-server: serves the web app and the sync API. See --help.
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <vector>

#include "sync-server/admin_tools.hpp"
#include "sync-server/auth_cli.hpp"
#include "sync-server/log.hpp"
#include "sync-server/options.hpp"
#include "sync-server/server.hpp"
#include "sync-server/server_limits.hpp"

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
    if (options->check || !options->backup_file.empty()) {
        // Operator tools: no server is started; they work beside a running one.
        const std::string db = (std::filesystem::path(options->data_dir) / kDatabaseFileName).string();
        if (options->check) {
            auto report = check_database(db);
            if (!report) {
                std::fprintf(stderr, "crm-sync-server --check: %s\n", report.error().message.c_str());
                return kExitFailure;
            }
            std::printf("%s\n", report->text.c_str());
            if (!report->ok) return kExitFailure;
        }
        if (!options->backup_file.empty()) {
            if (auto done = backup_database(db, options->backup_file); !done) {
                std::fprintf(stderr, "crm-sync-server --backup: %s\n", done.error().message.c_str());
                return kExitFailure;
            }
            std::printf("backup written to %s\n", options->backup_file.c_str());
        }
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
        log_flush(server_limits::kLogFlushAtExit);
        return e.code == crm::ErrorCode::Invalid ? kExitUsage : kExitFailure;
    }
    server.value()->run();
    // The queued lines get a moment to reach stderr; a reader that stopped reading cannot hold the exit.
    log_flush(server_limits::kLogFlushAtExit);
    return 0;
}
