// Native sync benchmark (scripts/bench.sh, section "sync"): the project's own SyncClient and the release
// crm-sync-server over HTTP on this machine, beside the same exchanges in one process (serve_sync called
// directly) so the HTTP and JSON cost is visible. Prints tables (measured, goal, verdict); asserts nothing.
//   crm-sync-bench --server PATH [--contacts N] [--work DIR]
//   crm-sync-bench --make-server-db DIR [--contacts N]   (a server data folder holding N demo contacts, for
//                                                          the browser's initial-sync benchmark)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench/sync_http.hpp"
#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "core/storage/migrations.hpp"
#include "core/store.hpp"
#include "core/sync/client.hpp"
#include "core/sync/protocol.hpp"
#include "core/sync/scope.hpp"
#include "core/util/json_text.hpp"

namespace fs = std::filesystem;
using namespace crm;
using namespace crm::bench;

namespace {

constexpr int kDefaultContacts = 100'000;
constexpr std::uint64_t kSeed = 42;
constexpr int kServerThreads = 2;                // the server's default
constexpr int kPushThreads = 4;                  // pushes in flight against the HTTP server
constexpr int kIngestBatchesPerThread = 25;      // x kSyncPushBatch changes each
constexpr std::int64_t kPendingTarget = 10'000;  // "10,000 pending field changes"
constexpr const char* kSyncTarget = "/api/v1/sync";
constexpr const char* kServerDbName = "server.db";  // sync-server's file in its data folder

constexpr double kGoalInitialSyncS = 10.0;
constexpr double kGoalIngestPerS = 50'000.0;
constexpr double kGoalPushAckS = 1.0;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "sync bench: %s\n", what.c_str());
    std::exit(1);
}

template <typename T>
T need(Result<T> r, const char* what) {
    if (!r) fail(std::string(what) + ": " + r.error().message);
    return std::move(r).value();
}
void need(const Status& s, const char* what) {
    if (!s) fail(std::string(what) + ": " + s.error().message);
}

std::unique_ptr<Store> open_store(const fs::path& file, bool server = false) {
    return need(Store::open(file.string(), StoreOptions{.server = server}),
                ("open " + file.string()).c_str());
}

std::int64_t count_rows(Store& store, const char* table) {
    auto stmt = need(store.db().prepare(std::string("SELECT count(*) FROM ") + table + " WHERE deleted = 0"),
                     "count");
    need(stmt.step(), "count");
    return stmt.column_int(0);
}

// A server data folder holding `contacts` demo contacts as the server's own data (nothing queued to push).
double make_server_db(const fs::path& dir, int contacts) {
    fs::create_directories(dir);
    fs::remove(dir / kServerDbName);
    const auto t0 = Clock::now();
    auto store = open_store(dir / kServerDbName, true);
    need(demo::generate_contacts(*store, contacts, kSeed), "generate");
    need(store->db().exec("DELETE FROM sync_outbox"), "outbox");
    return seconds_since(t0);
}

// CPU time of the calling thread, seconds (the pull's two threads are accounted apart).
double thread_cpu_s() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// One exchange's transport: the request in, the answer out.
using Exchange = std::function<sync::SyncResponse(const sync::SyncRequest&)>;

struct PullStats {
    double first_page_s = 0;  // first answer applied: a first screen of data could show
    double total_s = 0;
    int pages = 0;
    double transport_s = 0;      // waiting for the answer (server work + HTTP), or serve_sync in process
    double transport_cpu_s = 0;  // ...this process's CPU time meanwhile (in process: serve_sync's)
    double apply_s = 0;          // SyncClient::handle_response
    double apply_cpu_s = 0;      // ...its CPU time (the machine is shared: wall time varies with the load)
    std::int64_t pending_after = 0;
};

// The SyncClient loop the app runs (wasm/sync_driver.cpp): requests until the server has no more and nothing
// waits to be sent; during a long pull with nothing to push, the next page is asked for (on another thread
// here, by fetch in the page) while the current one is applied.
PullStats run_client(Store& client, const Exchange& exchange) {
    sync::SyncClient sc(client);
    PullStats st;
    const auto t0 = Clock::now();
    std::optional<sync::SyncRequest> next;  // a page asked for ahead: its answer is the next one
    std::future<sync::SyncResponse> ahead;
    // CPU time of the thread running each exchange (read after the future's get(), which orders it).
    auto timed = [&exchange, &st](const sync::SyncRequest& r) {
        const double c0 = thread_cpu_s();
        sync::SyncResponse answer = exchange(r);
        st.transport_cpu_s += thread_cpu_s() - c0;
        return answer;
    };
    while (true) {
        sync::SyncRequest request = next ? *next : need(sc.next_request(), "next_request");
        const auto t1 = Clock::now();
        sync::SyncResponse response = next ? ahead.get() : timed(request);
        st.transport_s += seconds_since(t1);
        next.reset();
        if (request.changes.empty() && response.more && !response.retime && !response.records.empty()) {
            next = sc.pull_request(response.cursor);
            ahead = std::async(std::launch::async, [&timed, r = *next] { return timed(r); });
        }
        const auto t2 = Clock::now();
        const double c2 = thread_cpu_s();
        const bool more = need(sc.handle_response(response), "handle_response");
        st.apply_s += seconds_since(t2);
        st.apply_cpu_s += thread_cpu_s() - c2;
        if (++st.pages == 1) st.first_page_s = seconds_since(t0);
        if (next && (!more || sc.cursor() != response.cursor ||
                     need(sc.pending_count(), "pending") > 0)) {
            (void)ahead.get();  // not the next answer after all: dropped, as the page drops it
            next.reset();
        }
        if (next) sc.expect_pull();
        if (!more) break;
    }
    st.total_s = seconds_since(t0);
    st.pending_after = need(sc.pending_count(), "pending");
    return st;
}

struct WireStats {
    std::size_t wire_bytes = 0;
    std::size_t json_bytes = 0;
    double parse_s = 0;  // JSON text -> SyncResponse on the client
};

Exchange over_http(HttpConnection& conn, WireStats& wire) {
    return [&conn, &wire](const sync::SyncRequest& request) {
        auto answer = need(conn.post(kSyncTarget, sync::to_json(request).dump(), true), "POST");
        if (answer.status != 200) fail("HTTP " + std::to_string(answer.status) + ": " + answer.body);
        wire.wire_bytes += answer.wire_bytes;
        wire.json_bytes += answer.body.size();
        const auto t0 = Clock::now();
        auto j = need(parse_json_bounded(answer.body), "answer JSON");
        auto response = need(sync::parse_sync_response(j), "answer");
        wire.parse_s += seconds_since(t0);
        return response;
    };
}

Exchange in_process(Store& server) {
    return [&server](const sync::SyncRequest& request) {
        return need(sync::serve_sync(server, request, limits::kSyncPullBatch), "serve_sync");
    };
}

// Local edits that make `kPendingTarget` pending field changes: new contacts, the way a rep's device has
// them.
std::int64_t make_pending(Store& client) {
    std::int64_t pending = 0;
    int made = 0;
    auto repo = client.records("contact");
    while (pending < kPendingTarget) {
        domain::Record draft(client.registry().get("contact"));
        draft.set("name", "Бенчмарк Контакт " + std::to_string(made));
        draft.set("position", "Инженер");
        draft.set("phones", nlohmann::json::array({"+7 921 555 " + std::to_string(1000 + made % 9000)}));
        draft.set("emails", nlohmann::json::array({"bench" + std::to_string(made) + "@example.ru"}));
        draft.set("address", "Санкт-Петербург, Невский пр., " + std::to_string(1 + made % 200));
        draft.set("notes", "Создан бенчмарком");
        need(repo.create(std::move(draft)), "create");
        ++made;
        pending = need(client.changes().pending_count(), "pending");
    }
    return pending;
}

}  // namespace

namespace {

// --- tables -----------------------------------------------------------------------------------------
struct Row {
    std::string metric, measured, goal;
};

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}
std::string secs(double s) {
    return fixed(s, s < 10 ? 2 : 1) + " s";
}
std::string mib(double bytes) {
    return fixed(bytes / (1024.0 * 1024.0), 1) + " MiB";
}
std::string thousands(double v) {
    const std::string digits = std::to_string(static_cast<long long>(v + 0.5));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}
std::string at_most(double v, double goal, const std::string& goal_text) {
    return "≤ " + goal_text + (v <= goal ? " met" : " MISSED");
}
std::string at_least(double v, double goal, const std::string& goal_text) {
    return "≥ " + goal_text + (v >= goal ? " met" : " MISSED");
}

// Display width of UTF-8 text: its code points (the tables hold Cyrillic and "≤").
std::size_t width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

void print_table(const std::string& title, const std::vector<Row>& rows) {
    std::size_t w[3] = {6, 8, 4};
    for (const Row& r : rows) {
        w[0] = std::max(w[0], width(r.metric));
        w[1] = std::max(w[1], width(r.measured));
        w[2] = std::max(w[2], width(r.goal));
    }
    auto cell = [](const std::string& s, std::size_t n) { return s + std::string(n - width(s), ' '); };
    std::printf("\n%s\n| %s | %s | %s |\n|%s|%s|%s|\n", title.c_str(), cell("metric", w[0]).c_str(),
                cell("measured", w[1]).c_str(), cell("goal", w[2]).c_str(),
                std::string(w[0] + 2, '-').c_str(), std::string(w[1] + 2, '-').c_str(),
                std::string(w[2] + 2, '-').c_str());
    for (const Row& r : rows)
        std::printf("| %s | %s | %s |\n", cell(r.metric, w[0]).c_str(), cell(r.measured, w[1]).c_str(),
                    cell(r.goal, w[2]).c_str());
    std::fflush(stdout);
}

// --- the work folder ------------------------------------------------------------------------------
struct Work {
    fs::path root;
    std::string server_bin;
    int contacts = kDefaultContacts;
    fs::path pristine() const { return root / "loaded" / kServerDbName; }
    // A server data folder holding a copy of the loaded store (or nothing: an empty server).
    fs::path server_dir(const std::string& name, bool loaded) const {
        const fs::path dir = root / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        if (loaded) fs::copy_file(pristine(), dir / kServerDbName);
        return dir;
    }
};

std::unique_ptr<ServerProcess> start_server(const Work& work, const fs::path& dir) {
    return need(ServerProcess::start(work.server_bin, dir.string(), kServerThreads), "start the server");
}

// --- 3: initial sync into the native client -------------------------------------------------------
void bench_initial_sync(const Work& work) {
    std::vector<Row> rows;
    const std::string n = thousands(work.contacts);
    {
        auto server = start_server(work, work.server_dir("pull-http", true));
        auto conn = need(HttpConnection::open(server->port()), "connect");
        fs::remove(work.root / "client-synced.db");
        auto client = open_store(work.root / "client-synced.db");
        WireStats wire;
        const PullStats st = run_client(*client, over_http(*conn, wire));
        const std::int64_t got = count_rows(*client, "contacts");
        rows.push_back({"HTTP (release server, gzip): first page applied", secs(st.first_page_s), ""});
        rows.push_back({"HTTP: all synced (" + thousands(static_cast<double>(got)) + " contacts, " +
                            std::to_string(st.pages) + " pages)",
                        secs(st.total_s), at_most(st.total_s, kGoalInitialSyncS, "10 s")});
        // Pages after the first are fetched and parsed beside the apply: the wait is what was left of them.
        rows.push_back({"HTTP: waiting for answers / client JSON parse (mostly beside the apply) / client apply "
                        "(its CPU time)",
                        secs(st.transport_s) + " / " + secs(wire.parse_s) + " / " + secs(st.apply_s) + " (" +
                            secs(st.apply_cpu_s) + ")",
                        ""});
        rows.push_back(
            {"HTTP: answers on the wire (gzip) / as JSON",
             mib(static_cast<double>(wire.wire_bytes)) + " / " + mib(static_cast<double>(wire.json_bytes)),
             ""});
        rows.push_back({"client database file",
                        mib(static_cast<double>(fs::file_size(work.root / "client-synced.db"))), ""});
    }
    {
        auto server = open_store(work.server_dir("pull-inproc", true) / kServerDbName, true);
        fs::remove(work.root / "client-inproc.db");
        auto client = open_store(work.root / "client-inproc.db");
        const PullStats st = run_client(*client, in_process(*server));
        rows.push_back(
            {"in process (serve_sync called directly): first page applied", secs(st.first_page_s), ""});
        rows.push_back(
            {"in process: all synced", secs(st.total_s), at_most(st.total_s, kGoalInitialSyncS, "10 s")});
        rows.push_back({"in process: waiting for serve_sync / client apply (CPU time: serve_sync / apply)",
                        secs(st.transport_s) + " / " + secs(st.apply_s) + " (" + secs(st.transport_cpu_s) +
                            " / " + secs(st.apply_cpu_s) + ")",
                        ""});
    }
    print_table("Initial sync of " + n + " contacts into a new native client (core SyncClient)", rows);
}

// --- 5: 10,000 pending field changes pushed and acknowledged ---------------------------------------
void bench_push_ack(const Work& work) {
    std::vector<Row> rows;
    for (const bool loaded : {false, true}) {
        const std::string server_name =
            loaded ? "loaded (" + thousands(work.contacts) + " contacts)" : "empty";
        for (const bool http : {true, false}) {
            const std::string tag = std::string(loaded ? "loaded" : "empty") + (http ? "-http" : "-inproc");
            const fs::path client_file = work.root / ("client-push-" + tag + ".db");
            fs::remove(client_file);
            // On a loaded server the device is up to date (it synced everything before); else it is new.
            if (loaded) fs::copy_file(work.root / "client-synced.db", client_file);
            auto client = open_store(client_file);
            const std::int64_t pending = make_pending(*client);
            const fs::path dir = work.server_dir("push-" + tag, loaded);
            PullStats st;
            if (http) {
                auto server = start_server(work, dir);
                auto conn = need(HttpConnection::open(server->port()), "connect");
                WireStats wire;
                st = run_client(*client, over_http(*conn, wire));
            } else {
                auto server = open_store(dir / kServerDbName, true);
                st = run_client(*client, in_process(*server));
            }
            const std::string how = http ? "HTTP" : "in process";
            rows.push_back({thousands(static_cast<double>(pending)) + " pending, " + server_name +
                                " server, " + how + " (" + std::to_string(st.pages) + " exchanges, " +
                                std::to_string(st.pending_after) + " left)",
                            secs(st.total_s), at_most(st.total_s, kGoalPushAckS, "1 s")});
            rows.push_back(
                {http ? "  of which waiting for the server / client apply"
                      : "  of which serve_sync / client apply (CPU time: serve_sync / apply)",
                 secs(st.transport_s) + " / " + secs(st.apply_s) +
                     (http ? "" : " (" + secs(st.transport_cpu_s) + " / " + secs(st.apply_cpu_s) + ")"),
                 ""});
        }
    }
    print_table("10,000 pending field changes pushed and acknowledged (SyncClient → server → ack)", rows);
}

// --- 4: server ingest ------------------------------------------------------------------------------
// Field edits of existing contacts from kPushThreads devices, kSyncPushBatch per request; each body is
// made with the device's cursor as the app sends it, so every answer also pulls the pushed records back.
struct IngestPlan {
    std::vector<std::vector<std::string>> prefix;  // [device][batch]: the body up to the cursor's value
    std::vector<std::string> suffix;               // [device * batches + batch]: the body after it
    std::int64_t start_cursor = 0;
    std::int64_t changes = 0;
};

IngestPlan plan_ingest(const Work& work) {
    auto store = open_store(work.server_dir("ingest-plan", true) / kServerDbName, true);
    IngestPlan plan;
    plan.start_cursor = store->changes().last_seq();
    const int per_device = kIngestBatchesPerThread * limits::kSyncPushBatch;
    auto ids = need(store->db().prepare("SELECT id FROM contacts ORDER BY rid LIMIT ?1"), "ids");
    ids.bind(1, static_cast<std::int64_t>(kPushThreads) * per_device);
    std::vector<std::string> contact_ids;
    while (need(ids.step(), "ids")) contact_ids.push_back(ids.column_text(0));
    if (contact_ids.empty()) fail("the loaded store has no contacts");
    const char* fields[] = {"name", "position", "address", "notes"};
    const std::int64_t now = sync::system_now_ms();
    plan.prefix.resize(kPushThreads);
    plan.suffix.resize(static_cast<std::size_t>(kPushThreads) * kIngestBatchesPerThread);
    for (int d = 0; d < kPushThreads; ++d) {
        char device[40];
        std::snprintf(device, sizeof device, "01930000-0000-7000-8000-%012d", d + 1);
        for (int b = 0; b < kIngestBatchesPerThread; ++b) {
            nlohmann::json changes = nlohmann::json::array();
            for (int i = 0; i < limits::kSyncPushBatch; ++i) {
                const std::size_t k =
                    static_cast<std::size_t>((d * kIngestBatchesPerThread + b) * limits::kSyncPushBatch + i) %
                    contact_ids.size();
                sync::Change c;
                c.table = "contacts";
                c.row_id = contact_ids[k];
                c.field = fields[(b + i) % 4];
                c.value = "Правка " + std::to_string(d) + "-" + std::to_string(b) + "-" + std::to_string(i);
                c.hlc = sync::Hlc{now, static_cast<std::uint32_t>(b * limits::kSyncPushBatch + i) % 0xFFFF};
                c.device = device;
                changes.push_back(sync::to_json(c));
                ++plan.changes;
            }
            plan.prefix[d].push_back(std::string("{\"protocol\":") + std::to_string(sync::kProtocolVersion) +
                                     ",\"schema\":" + std::to_string(storage::kSchemaVersion) +
                                     ",\"device\":\"" + device + "\",\"time\":" + std::to_string(now) +
                                     ",\"cursor\":");
            plan.suffix[static_cast<std::size_t>(d * kIngestBatchesPerThread + b)] =
                ",\"changes\":" + changes.dump() + "}";
        }
    }
    return plan;
}

std::string body_of(const IngestPlan& plan, int device, int batch, std::int64_t cursor) {
    return plan.prefix[static_cast<std::size_t>(device)][static_cast<std::size_t>(batch)] +
           std::to_string(cursor) +
           plan.suffix[static_cast<std::size_t>(device * kIngestBatchesPerThread + batch)];
}

// The cursor of an answer, without parsing the rest of it (the benchmark's client must stay cheap: it
// shares the machine with the server).
std::int64_t answer_cursor(const std::string& body) {
    const auto at = body.find("\"cursor\":");
    if (at == std::string::npos) fail("an answer without a cursor");
    return std::strtoll(body.c_str() + at + 9, nullptr, 10);
}

void bench_ingest(const Work& work) {
    const IngestPlan plan = plan_ingest(work);
    std::vector<Row> rows;
    const std::string count = thousands(static_cast<double>(plan.changes));
    {
        auto server = start_server(work, work.server_dir("ingest-http", true));
        std::vector<std::unique_ptr<HttpConnection>> conns;
        for (int d = 0; d < kPushThreads; ++d)
            conns.push_back(need(HttpConnection::open(server->port()), "connect"));
        std::vector<std::size_t> rejected(kPushThreads, 0);
        const auto t0 = Clock::now();
        std::vector<std::thread> threads;
        for (int d = 0; d < kPushThreads; ++d) {
            threads.emplace_back([&, d] {
                std::int64_t cursor = plan.start_cursor;
                for (int b = 0; b < kIngestBatchesPerThread; ++b) {
                    auto answer = need(conns[static_cast<std::size_t>(d)]->post(
                                           kSyncTarget, body_of(plan, d, b, cursor), true),
                                       "POST");
                    if (answer.status != 200)
                        fail("HTTP " + std::to_string(answer.status) + ": " + answer.body);
                    if (answer.body.find("\"rejected\":[]") == std::string::npos)
                        ++rejected[static_cast<std::size_t>(d)];
                    cursor = answer_cursor(answer.body);
                }
            });
        }
        for (auto& t : threads) t.join();
        const double s = seconds_since(t0);
        std::size_t bad = 0;
        for (auto r : rejected) bad += r;
        const double rate = static_cast<double>(plan.changes) / s;
        rows.push_back({"HTTP, release server, " + std::to_string(kPushThreads) +
                            " devices pushing at once (" + count + " changes in " + secs(s) +
                            (bad ? ", " + std::to_string(bad) + " answers with rejections" : "") + ")",
                        thousands(rate) + " /s", at_least(rate, kGoalIngestPerS, "50,000 /s")});
    }
    for (const bool pull_back : {true, false}) {
        auto server = open_store(
            work.server_dir(pull_back ? "ingest-inproc" : "ingest-push-only", true) / kServerDbName, true);
        std::vector<sync::SyncRequest> requests;
        for (int d = 0; d < kPushThreads; ++d)
            for (int b = 0; b < kIngestBatchesPerThread; ++b)
                requests.push_back(
                    need(sync::parse_sync_request(nlohmann::json::parse(body_of(plan, d, b, 0))), "request"));
        std::vector<std::int64_t> cursors(kPushThreads, pull_back ? plan.start_cursor : INT64_MAX / 2);
        double serve_s = 0;
        double serve_cpu_s = 0;
        for (int b = 0; b < kIngestBatchesPerThread; ++b) {
            for (int d = 0; d < kPushThreads; ++d) {  // the devices take turns, as on the server
                sync::SyncRequest& r = requests[static_cast<std::size_t>(d * kIngestBatchesPerThread + b)];
                r.cursor = cursors[static_cast<std::size_t>(d)];
                const auto t0 = Clock::now();
                const std::clock_t c0 = std::clock();
                auto served = need(sync::serve_sync(*server, r, limits::kSyncPullBatch), "serve_sync");
                serve_s += seconds_since(t0);
                serve_cpu_s += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
                if (!served.rejected.empty()) fail("in-process ingest: " + served.rejected.front().reason);
                if (pull_back) cursors[static_cast<std::size_t>(d)] = served.cursor;
            }
        }
        const double rate = static_cast<double>(plan.changes) / serve_s;
        rows.push_back(
            {std::string(pull_back ? "in process: serve_sync, the answer pulls the pushed records back"
                                   : "in process: serve_sync, push only (cursor past the end)") +
                 " (by its CPU time: " + thousands(static_cast<double>(plan.changes) / serve_cpu_s) + " /s)",
             thousands(rate) + " /s", at_least(rate, kGoalIngestPerS, "50,000 /s")});
    }
    print_table("Server ingest: field edits pushed into a store of " + thousands(work.contacts) +
                    " contacts (release build, " + std::to_string(limits::kSyncPushBatch) + " per request)",
                rows);
}

}  // namespace

// --- scope: the cost of a user's pull filter, same data ---------------------------------------------
// A whole initial pull through serve_sync in process (the server's side only: no client applies it), once
// unrestricted and once per demo role, on the same store: what the scope filter costs per page and what
// each user receives.
void bench_scope(const Work& work) {
    auto server = open_store(work.server_dir("scope", true) / kServerDbName, true);
    struct Case {
        std::string label;
        std::optional<sync::Principal> who;
    };
    std::vector<Case> cases{{"no user (unrestricted, as before accounts)", std::nullopt}};
    for (const char* login : {"admin", "olga.nikitina", "anna.smirnova", "elena.volkova"}) {
        auto found = need(sync::find_user_by_login(*server, login), "find user");
        if (!found) fail(std::string("demo user missing: ") + login);
        found->device = "bench-scope-" + std::string(login);
        cases.push_back({std::string(login) + " (" + std::string(sync::to_key(found->role)) + ")", *found});
    }
    std::vector<Row> rows;
    for (const Case& c : cases) {
        sync::SyncRequest req;
        req.schema = storage::kSchemaVersion;
        req.device = c.who ? c.who->device : "bench-scope";
        req.client_time = 0;
        std::int64_t records = 0;
        int pages = 0;
        const auto t0 = Clock::now();
        const double c0 = thread_cpu_s();
        for (bool more = true; more; ++pages) {
            req.client_time = sync::system_now_ms();
            auto answer =
                need(sync::serve_sync(*server, req, limits::kSyncPullBatch, c.who ? &*c.who : nullptr),
                     "serve_sync");
            records += static_cast<std::int64_t>(answer.records.size());
            req.cursor = answer.cursor;
            more = answer.more;
        }
        const double wall = seconds_since(t0);
        const double cpu = thread_cpu_s() - c0;
        rows.push_back({c.label + ": records / pages",
                        thousands(static_cast<double>(records)) + " / " + std::to_string(pages), ""});
        rows.push_back(
            {c.label + ": pull time (CPU), per 1,000 records",
             secs(wall) + " (" + secs(cpu) + "), " +
                 fixed(records > 0 ? wall * 1000.0 * 1000.0 / static_cast<double>(records) : 0.0, 1) + " ms",
             ""});
    }
    print_table("Scope filtering: a whole initial pull of " + thousands(work.contacts) +
                    " contacts through serve_sync, per user (same store)",
                rows);
}

int main(int argc, char** argv) {
    Work work;
    std::string make_db;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) fail(std::string(a) + ": missing value");
            return argv[++i];
        };
        if (a == "--server")
            work.server_bin = value();
        else if (a == "--contacts")
            work.contacts = std::stoi(value());
        else if (a == "--work")
            work.root = value();
        else if (a == "--make-server-db")
            make_db = value();
        else if (a == "--only")
            only = value();
        else
            fail("unknown argument " + std::string(a));
    }
    if (!make_db.empty()) {
        const double s = make_server_db(make_db, work.contacts);
        std::printf("server data folder %s: %s contacts generated in %.1f s\n", make_db.c_str(),
                    thousands(work.contacts).c_str(), s);
        return 0;
    }
    if (work.server_bin.empty()) fail("--server PATH (the release crm-sync-server) is required");
    const bool own_root = work.root.empty();
    if (own_root) {
        std::string tmpl = (fs::temp_directory_path() / "crm-sync-bench-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) fail("mkdtemp");
        work.root = tmpl;
    }
    fs::create_directories(work.root / "loaded");
    // A given work folder keeps its loaded store between runs (profiling one section).
    const double gen_s =
        own_root || !fs::exists(work.pristine()) ? make_server_db(work.root / "loaded", work.contacts) : 0.0;
    std::printf("sync bench: a server store of %s contacts generated in %.1f s (%s)\n",
                thousands(work.contacts).c_str(), gen_s,
                mib(static_cast<double>(fs::file_size(work.pristine()))).c_str());
    auto runs = [&](const char* section) { return only.empty() || only == section; };
    if (runs("pull") || runs("push")) bench_initial_sync(work);  // push on a loaded server needs its client
    if (runs("push")) bench_push_ack(work);
    if (runs("ingest")) bench_ingest(work);
    if (runs("scope")) bench_scope(work);
    if (own_root) fs::remove_all(work.root);
    return 0;
}
