#pragma once
// The process: opens the database (demo data if asked), binds the listening socket, runs the I/O threads
// and shuts down gracefully on SIGINT/SIGTERM.
#include <cstdint>
#include <memory>
#include <string>

#include "core/store.hpp"
#include "core/util/result.hpp"
#include "sync-server/options.hpp"

namespace crm::server {

inline constexpr std::string_view kDatabaseFileName = "server.db";

class Server {
public:
    // Invalid options (missing --web-root folder) are ErrorCode::Invalid; database or socket failures are
    // ErrorCode::Storage / ErrorCode::Io.
    static Result<std::unique_ptr<Server>> create(const ServerOptions& options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Logs the "listening" line, serves until SIGINT/SIGTERM or stop(), then closes the database and logs
    // "stopped". Blocks the calling thread, which is one of the I/O threads.
    void run();
    // Thread-safe; what a signal does.
    void stop();

    std::uint16_t port() const;
    std::string url() const;

private:
    struct Parts;
    explicit Server(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> parts_;
};

// Raises the soft open-file limit to the hard one where allowed; returns the limit now in force (0: unknown).
std::size_t raise_fd_limit();
// Connections served at once: the descriptor limit less kFdHeadroom (never under kMinConnections), or
// `requested` (--max-connections) when that is lower; 0 requests nothing.
std::size_t connection_cap(std::size_t fd_limit, std::size_t requested);

// Fills an empty database with the demo customers (limits::kDemoCompanies / kDemoContacts). Returns
// whether it generated anything; a database that already has customers is left alone.
Result<bool> ensure_demo_data(Store& store);

}  // namespace crm::server
