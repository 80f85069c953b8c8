#pragma once
// Shared by the fuzz targets: one server-profile store per process, reopened now and then, and a router
// over it with a small web root, as tests/server/router_test.cpp builds one (no sockets), with sign-in
// where the server has it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/store.hpp"
#include "sync-server/auth_api.hpp"
#include "sync-server/router.hpp"

namespace crm::fuzz {

// A fuzz input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Reports a broken invariant the way libFuzzer records a crash (the input is saved as a reproducer).
[[noreturn]] void fail(std::string_view what, std::string_view detail = {});

// The shared store, reopened empty every kRunsPerStore calls: a store that only grows would slow each
// run and make a crash depend on a long history no reproducer holds. The targets open it first in
// LLVMFuzzerInitialize, so the first input is not charged for it.
Store& store();
// How many times store() has opened a store: a holder of the old one rebuilds when it changes.
std::uint64_t store_generation();

// A router over store() with static files served from a temporary web root holding index.html and
// app/crm.js; files next to the root (outside it) hold kSecret, which no file the static route serves
// may contain.
class Server {
  public:
    static Server& get();
    server::Response handle(const server::Request& req);

    static constexpr std::string_view kSecret = "fuzz-secret-outside-the-web-root";

  private:
    Server();
    std::filesystem::path dir_;     // holds web/ and secret.txt
    std::uint64_t generation_ = 0;  // of the store api_ and router_ were made for
    std::unique_ptr<server::SyncApi> api_;
    std::unique_ptr<server::AuthApi>
        auth_;  // the server signs in: the router is given it, as server.cpp does
    std::unique_ptr<server::StaticFiles> files_;
    std::unique_ptr<server::Router> router_;
};

}  // namespace crm::fuzz
