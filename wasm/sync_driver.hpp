#pragma once
// Drives core's transport-agnostic SyncClient over the browser's fetch: a request is started by a synchronous
// JS call (no ASYNCIFY) and its answer comes back through the exported crm_sync_response(). Runs at start,
// every limits::kSyncIntervalMs, when the browser comes back online, shortly after local edits, when the
// page's long poll (web/sync_transport.js) hears the server has newer changes, and on request; loops while
// the server says `more`. Keeps what the status bar shows.
#include <cstdint>
#include <functional>
#include <string>

#include "core/store.hpp"
#include "core/sync/client.hpp"
#include "ui/platform.hpp"

namespace crm::web {

class SyncDriver {
public:
    explicit SyncDriver(Store& store);
    SyncDriver(const SyncDriver&) = delete;
    SyncDriver& operator=(const SyncDriver&) = delete;

    // Called after a response changed local data (the views reload what they show).
    void set_on_data_changed(std::function<void()> callback) { on_data_changed_ = std::move(callback); }
    // Called with true before a pulled page is applied and with false after it (`last`: the pull ended):
    // the page store saves pulled data in bulk (PagePersistence::pulled).
    void set_on_pull(std::function<void(bool applying, bool last)> callback) { on_pull_ = std::move(callback); }

    // Called after the session changed (signed in, or ended by the server).
    void set_on_auth(std::function<void(bool signed_in)> callback) { on_auth_ = std::move(callback); }

    // Registers for the page's answers and online/offline events; the first exchange starts on the next tick.
    void start(std::int64_t now_ms);
    // Every frame: timers (periodic sync, push after local edits, pending count refresh).
    void tick(std::int64_t now_ms);
    void request_now() { due_ms_ = 0; }
    // The server's newest sequence is `cursor` (the long poll's answer): sync now if we are behind it. During
    // an exchange, once more after it only if that exchange did not get that far.
    void server_has(std::int64_t cursor, std::int64_t now_ms);
    std::int64_t cursor() const { return client_.cursor(); }

    // From the page (see the exported functions in sync_driver.cpp).
    void on_response(int request_id, int http_status, const char* body, std::int64_t now_ms);
    void on_online_changed(bool online, std::int64_t now_ms);
    // The session changed (web/session.js): signed in, sync resumes at once; signed out (the server answered
    // 401, or nobody signed in yet), no exchange starts and local edits wait.
    void on_auth_changed(bool signed_in, std::int64_t now_ms);
    bool signed_in() const { return signed_in_; }

    ui::SyncStatus status() const;
    bool busy() const { return in_flight_; }
    // The first sync cycle ended (data pulled, or it failed/was offline): the app shows what it has.
    bool first_cycle_done() const { return first_cycle_done_; }
    // Data from the server was applied (a first start can show its first page).
    bool data_received() const { return data_received_; }
    // Pages of a long pull asked for while the page before them was applied (tests check the overlap).
    int pages_ahead() const { return pages_ahead_; }

private:
    enum class Failure { None, Network, Server, Auth };

    void begin_exchange(std::int64_t now_ms);
    void end_cycle(std::int64_t now_ms, Failure failure, std::string message);
    void refresh_pending();
    void notify_data_changed(std::int64_t now_ms, bool force);

    Store& store_;
    sync::SyncClient client_;
    std::function<void()> on_data_changed_;
    std::function<void(bool, bool)> on_pull_;
    std::function<void(bool)> on_auth_;

    bool online_ = true;
    bool signed_in_ = false;
    bool in_flight_ = false;
    bool first_cycle_done_ = false;
    bool data_received_ = false;
    int request_id_ = 0;
    std::size_t request_changes_ = 0;  // local changes pushed by the request in flight
    int pages_ahead_ = 0;
    int pages_this_cycle_ = 0;
    std::int64_t pulled_this_cycle_ = 0;  // records received in this cycle
    std::int64_t remaining_ = -1;         // records the server still has for us (-1: it did not say)
    std::int64_t due_ms_ = 0;          // next exchange starts at or after this time
    std::int64_t last_synced_ms_ = 0;
    std::int64_t pending_records_ = 0;   // records with unsent writes (the status bar; > 0: push)
    std::int64_t seen_writes_ = 0;       // the database's total row changes when it was read
    std::int64_t wanted_cursor_ = 0;     // a newer server cursor heard during an exchange
    bool data_dirty_ = false;            // applied changes the views have not reloaded yet
    std::int64_t last_reload_ms_ = 0;
    Failure failure_ = Failure::None;
    std::string failure_message_;
};

}  // namespace crm::web
