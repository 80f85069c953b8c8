#include "tests/fuzz/fuzz_support.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

#include "sync-server/paths.hpp"

namespace crm::fuzz {
namespace {

// Opening one runs every migration (seconds under ASan), so a reset is rare.
constexpr int kRunsPerStore = 20000;
// A fixed clock: a reproducer behaves the same on every run. Pushed changes far from it are refused by
// the clock check, which is a path worth fuzzing too.
constexpr std::int64_t kFuzzNowMs = 1'750'000'000'000;

std::unique_ptr<Store> g_store;
std::uint64_t g_generation = 0;

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

}  // namespace

void fail(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "fuzz invariant broken: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(detail.size()), detail.data());
    std::abort();
}

Store& store() {
    static int runs = 0;
    if (!g_store || ++runs >= kRunsPerStore) {
        runs = 0;
        g_store.reset();
        StoreOptions options;
        options.device_id = "fuzz-server";
        options.now = [] { return kFuzzNowMs; };
        options.id_seed = 1;
        options.server = true;
        auto opened = Store::open(":memory:", options);
        if (!opened) fail("cannot open the in-memory store", opened.error().message);
        g_store = std::move(opened.value());
        ++g_generation;
    }
    return *g_store;
}

std::uint64_t store_generation() {
    return g_generation;
}

Server& Server::get() {
    static Server server;
    return server;
}

Server::Server() {
    dir_ = std::filesystem::temp_directory_path() / ("crm-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    write_file(dir_ / "secret.txt", kSecret);
    write_file(dir_ / "web-secret.txt", kSecret);  // a sibling whose name starts like the root's
    write_file(dir_ / "web" / "index.html", "<!doctype html><title>crm</title>");
    write_file(dir_ / "web" / "app" / "crm.js", std::string(2048, 'x'));  // large enough to be gzipped
    write_file(dir_ / "web" / "docs" / "index.html", "docs");
    std::error_code ec;
    std::filesystem::create_symlink(dir_ / "secret.txt", dir_ / "web" / "link.txt", ec);
    files_ = std::make_unique<server::StaticFiles>(dir_ / "web");
    // A normal end of a run (-runs, -max_total_time) goes through exit(); a crash leaves the few files.
    std::atexit([] {
        std::error_code ignored;
        std::filesystem::remove_all(get().dir_, ignored);
    });
}

server::Response Server::handle(const server::Request& req) {
    Store& s = store();
    if (!router_ || generation_ != store_generation()) {
        router_.reset();
        auth_.reset();
        api_ = std::make_unique<server::SyncApi>(s);
        auth_ = std::make_unique<server::AuthApi>(s, api_->store_mutex(),
                                                  server::AuthConfig{.now = [] { return kFuzzNowMs; }});
        if (auto ready = auth_->init(); !ready)
            fail("cannot create the sign-in tables", ready.error().message);
        router_ = std::make_unique<server::Router>(*api_, files_.get(), nullptr, auth_.get());
        generation_ = store_generation();
    }
    server::Response res = router_->handle(req);
    // Only a file the static route served counts: error messages quote the path, and the sync API rightly
    // answers with values pushed to it, either of which may hold the secret's text.
    const std::string_view path = server::target_path(req.target());
    const bool static_route = !path.starts_with("/api") && path != server::kHealthPath;
    if (static_route && res.result_int() < 300 && res.body().find(kSecret) != std::string::npos)
        fail("a response holds a file from outside the web root", std::string(req.target()));
    return res;
}

}  // namespace crm::fuzz
