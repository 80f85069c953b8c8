#pragma once
// The native sync benchmark's view of the real server (bench/sync_bench.cpp): the release crm-sync-server
// started as a child process on a data folder, and a keep-alive HTTP/1.1 connection to it (Boost.Beast).
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "core/util/result.hpp"

namespace crm::bench {

// The admin account the benchmark makes on each server data folder and signs in with (a throwaway account
// of a loopback server that lives for one run).
inline constexpr const char* kBenchLogin = "bench";
inline constexpr const char* kBenchPassword = "bench-run-password";

class ServerProcess {
  public:
    // Makes the benchmark's admin account in `data_dir` (kept when an earlier run made it).
    static Status create_account(const std::string& binary, const std::string& data_dir);
    // Starts `binary` on 127.0.0.1, a free port, `data_dir` (its database is data_dir/server.db) and
    // `threads` I/O threads; returns once it logged "listening".
    static Result<std::unique_ptr<ServerProcess>> start(const std::string& binary,
                                                        const std::string& data_dir, int threads);
    ~ServerProcess();  // SIGTERM, then waits
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }

  private:
    ServerProcess(pid_t pid, int log_fd, std::uint16_t port);

    pid_t pid_ = -1;
    int log_fd_ = -1;
    std::uint16_t port_ = 0;
    std::thread drain_;  // reads the server's log so it never blocks on a full pipe
};

struct HttpAnswer {
    int status = 0;
    std::string body;            // inflated when the server sent gzip
    std::size_t wire_bytes = 0;  // the body as it travelled
};

// One connection, reused for every request (the app's fetch keeps its connection alive too).
class HttpConnection {
  public:
    // Connects and signs in as the benchmark's account: every later request carries its token.
    static Result<std::unique_ptr<HttpConnection>> open(std::uint16_t port);
    ~HttpConnection();
    // POST `target` with a JSON body; `gzip` asks for a compressed answer, as a browser does.
    Result<HttpAnswer> post(const std::string& target, const std::string& body, bool gzip);

  private:
    struct Impl;
    explicit HttpConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace crm::bench
