#include "sync-server/server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "sync-server/auth_api.hpp"
#include "sync-server/auth_cli.hpp"
#include "sync-server/http_session.hpp"
#include "sync-server/log.hpp"
#include "sync-server/router.hpp"
#include "sync-server/server_limits.hpp"
#include "sync-server/static_files.hpp"
#include "sync-server/sync_api.hpp"

namespace crm::server {
namespace net = boost::asio;
namespace fs = std::filesystem;
using tcp = net::ip::tcp;

// Declaration order is destruction order reversed: the I/O objects (and any handler still holding a
// session) go first, then what sessions refer to (router, API, store), the registry last.
struct Server::Parts {
    SessionRegistry registry;
    std::unique_ptr<Store> store;
    std::unique_ptr<SyncApi> api;
    std::unique_ptr<AuthApi> auth;
    std::unique_ptr<ChangesApi> changes;
    std::unique_ptr<StaticFiles> files;
    std::unique_ptr<Router> router;
    std::unique_ptr<SessionGuards> guards;
    std::string host;
    int threads = 1;
    std::size_t fd_limit = 0;
    std::size_t max_connections = 0;
    bool stopping = false;  // touched on the control strand only

    struct Net {
        net::io_context ioc;
        // Acceptor, signals and the grace timer share one strand so shutdown never races the accept loop.
        net::strand<net::io_context::executor_type> control{net::make_strand(ioc)};
        tcp::acceptor acceptor{control};
        net::signal_set signals{control, SIGINT, SIGTERM};
        net::steady_timer grace{control};
        net::steady_timer accept_retry{control};
        explicit Net(int threads) : ioc(threads) {}
    };
    std::unique_ptr<Net> io;
    std::mutex io_mutex;  // stop() from another thread may race the end of run()

    void accept();
    void begin_shutdown();
};

namespace {

std::string url_for(const std::string& host, std::uint16_t port) {
    const bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/";
}

Status bind_listener(tcp::acceptor& acceptor, const std::string& host, std::uint16_t port) {
    boost::system::error_code ec;
    tcp::resolver resolver(acceptor.get_executor());
    const auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty()) return make_error(ErrorCode::Io, "cannot resolve --host " + host + ": " + ec.message());
    std::string last_error;
    for (const auto& entry : results) {
        const tcp::endpoint endpoint = entry.endpoint();
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
        if (!ec) acceptor.bind(endpoint, ec);
        if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (!ec) return {};
        last_error = endpoint.address().to_string() + ":" + std::to_string(port) + ": " + ec.message();
        boost::system::error_code ignored;
        acceptor.close(ignored);
    }
    return make_error(ErrorCode::Io, "cannot listen on " + last_error);
}

}  // namespace

std::size_t raise_fd_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
    if (lim.rlim_cur < lim.rlim_max) {
        rlimit raised = lim;
        // An unlimited hard limit cannot be the soft one: ask for a large number instead.
        raised.rlim_cur = lim.rlim_max == RLIM_INFINITY ? rlim_t{1} << 20 : lim.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
    }
    return lim.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(lim.rlim_cur);
}

std::size_t connection_cap(std::size_t fd_limit, std::size_t requested) {
    const std::size_t from_fds = fd_limit > server_limits::kFdHeadroom + server_limits::kMinConnections
                                     ? fd_limit - server_limits::kFdHeadroom
                                     : server_limits::kMinConnections;
    return requested > 0 ? std::min(requested, from_fds) : from_fds;
}

Result<bool> ensure_demo_data(Store& store) {
    // Empty: nothing was ever written through the change log. The rows every replica's migration makes
    // (the journey's default stages, sequence 0) do not count.
    if (store.changes().last_seq() > 0) return false;
    CRM_TRY(demo::generate(store, {limits::kDemoCompanies, limits::kDemoContacts, limits::kDemoDeals,
                                   limits::kDemoPastActivities, limits::kDemoPlannedActivities}));
    return true;
}

Result<std::unique_ptr<Server>> Server::create(const ServerOptions& options) {
    auto parts = std::make_unique<Parts>();
    parts->host = options.host;
    parts->threads = options.threads;
    parts->fd_limit = raise_fd_limit();
    parts->max_connections = connection_cap(parts->fd_limit, options.max_connections);
    parts->guards = std::make_unique<SessionGuards>(RequestPolicy{options.host, options.public_hosts},
                                                    server_limits::kMaxBodyBytesInFlight);

    std::error_code fec;
    if (!options.web_root.empty() && !fs::is_directory(options.web_root, fec)) {
        return make_error(ErrorCode::Invalid, "--web-root " + options.web_root + " is not a directory", "--web-root");
    }
    fs::create_directories(options.data_dir, fec);
    if (fec) return make_error(ErrorCode::Io, "cannot create --data-dir " + options.data_dir + ": " + fec.message());

    const std::string db_path = (fs::path(options.data_dir) / kDatabaseFileName).string();
    auto store = Store::open(db_path, StoreOptions{.server = true});
    if (!store) return store.error();
    parts->store = std::move(store.value());
    log_event(LogLevel::Info, "database open", {{"path", db_path}, {"device", parts->store->device_id()}});

    bool demo_made = false;
    if (options.demo_data) {
        const auto t0 = std::chrono::steady_clock::now();
        auto made = ensure_demo_data(*parts->store);
        if (!made) return made.error();
        demo_made = made.value();
        if (made.value()) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
            log_event(LogLevel::Info, "demo data generated",
                      {{"companies", limits::kDemoCompanies},
                       {"contacts", limits::kDemoContacts},
                       {"deals", limits::kDemoDeals},
                       {"activities", limits::kDemoPastActivities + limits::kDemoPlannedActivities},
                       {"ms", ms.count()}});
        }
    }

    parts->api = std::make_unique<SyncApi>(*parts->store);
    AuthConfig auth_config;
    if (options.session_ttl_seconds > 0)
        auth_config.session_ttl = std::chrono::seconds(options.session_ttl_seconds);
    parts->auth = std::make_unique<AuthApi>(*parts->store, parts->api->store_mutex(), auth_config);
    CRM_TRY(parts->auth->init());
    if (demo_made) {
        const std::string accounts = (fs::path(options.data_dir) / kDemoAccountsFileName).string();
        CRM_TRY(write_demo_accounts(*parts->store, parts->auth->hasher(), accounts));
        log_event(LogLevel::Info, "demo accounts written", {{"path", accounts}});
    }
    if (!options.web_root.empty()) parts->files = std::make_unique<StaticFiles>(options.web_root);
    parts->changes = std::make_unique<ChangesApi>(parts->api->notifier());
    parts->router =
        std::make_unique<Router>(*parts->api, parts->files.get(), parts->changes.get(), parts->auth.get());

    parts->io = std::make_unique<Parts::Net>(options.threads);
    CRM_TRY(bind_listener(parts->io->acceptor, options.host, options.port));
    return std::unique_ptr<Server>(new Server(std::move(parts)));
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Server::~Server() = default;

std::uint16_t Server::port() const {
    boost::system::error_code ec;
    const auto ep = parts_->io ? parts_->io->acceptor.local_endpoint(ec) : tcp::endpoint{};
    return ec ? 0 : ep.port();
}

std::string Server::url() const { return url_for(parts_->host, port()); }

void Server::Parts::accept() {
    // Each connection gets its own strand, so sessions run in parallel on the I/O threads.
    io->acceptor.async_accept(net::make_strand(io->ioc), [this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !io->acceptor.is_open()) return;
        if (ec) {
            // Usually out of file descriptors: retrying at once would spin, so wait a little.
            log_event(LogLevel::Warn, "accept failed", {{"error", ec.message()}});
            io->accept_retry.expires_after(limits::kAcceptRetryDelay);
            io->accept_retry.async_wait([this](boost::system::error_code wait_ec) {
                if (!wait_ec && !stopping) accept();
            });
            return;
        }
        if (registry.size() >= max_connections) {
            refuse_connection(std::move(socket));  // answered at once instead of waiting in the backlog
        } else {
            std::make_shared<HttpSession>(std::move(socket), *router, registry, *guards)->start();
        }
        accept();
    });
}

void Server::Parts::begin_shutdown() {
    if (stopping) return;
    stopping = true;
    boost::system::error_code ec;
    io->acceptor.close(ec);
    io->accept_retry.cancel();
    // Back to the default action, so a second Ctrl+C ends a shutdown that hangs.
    io->signals.clear(ec);
    io->signals.cancel(ec);
    // Long polls answer now (their sessions then close) and new ones are not held.
    api->notifier().shutdown();
    io->grace.expires_after(limits::kShutdownGrace);
    io->grace.async_wait([this](boost::system::error_code wait_ec) {
        if (wait_ec) return;  // cancelled: every session finished in time
        log_event(LogLevel::Warn, "shutdown grace expired", {{"open_connections", registry.size()}});
        io->ioc.stop();
    });
    registry.stop_all([this] {
        // After a forced stop the last sessions are destroyed with `io` itself (run() resets it, which empties
        // the pointer first): there is no grace timer left to cancel then.
        if (Net* n = io.get()) net::post(n->control, [this] { io->grace.cancel(); });
    });
}

void Server::stop() {
    std::lock_guard lock(parts_->io_mutex);
    if (!parts_->io) return;  // run() already finished
    net::post(parts_->io->control, [p = parts_.get()] { p->begin_shutdown(); });
}

void Server::run() {
    Parts& p = *parts_;
    const std::uint16_t bound = port();
    log_event(LogLevel::Info, "listening",
              {{"host", p.host},
               {"port", bound},
               {"url", url_for(p.host, bound)},
               {"threads", p.threads},
               {"web_root", p.files ? "yes" : "no"},
               {"fd_limit", p.fd_limit},
               {"max_connections", p.max_connections}});

    p.io->signals.async_wait([&p](boost::system::error_code ec, int signo) {
        if (ec) return;
        log_event(LogLevel::Info, "stopping", {{"signal", signo == SIGINT ? "SIGINT" : "SIGTERM"}});
        p.begin_shutdown();
    });
    net::post(p.io->control, [&p] { p.accept(); });

    std::vector<std::thread> workers;
    for (int i = 1; i < p.threads; ++i) workers.emplace_back([&p] { p.io->ioc.run(); });
    p.io->ioc.run();
    for (auto& t : workers) t.join();
    p.auth->shutdown();  // a sign-in still hashing posts its answer to a stopped, still existing, context

    // Handlers left behind by a forced stop still hold sessions: destroy them before what they refer to.
    {
        std::lock_guard lock(p.io_mutex);
        p.io.reset();
    }
    p.router.reset();
    p.changes.reset();
    p.files.reset();
    p.auth.reset();
    p.api.reset();
    p.store.reset();  // closes the database
    p.guards.reset();
    log_event(LogLevel::Info, "stopped");
}

}  // namespace crm::server
