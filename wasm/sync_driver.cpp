#include "wasm/sync_driver.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <utility>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <nlohmann/json.hpp>

#include "core/sync/protocol.hpp"
#include "core/util/json_text.hpp"
#include "wasm/wasm_limits.hpp"

// web/app.js (window.crmGlue) owns fetch, AbortController and the online/offline listeners.
EM_JS(void, crm_js_sync_fetch, (int request_id, const char* body, int timeout_ms),
      { crmGlue.syncFetch(request_id, UTF8ToString(body), timeout_ms); });
EM_JS(int, crm_js_is_online, (), { return navigator.onLine ? 1 : 0; });
EM_JS(int, crm_js_signed_in, (), { return crmGlue.signedIn() ? 1 : 0; });
// Starts the page's long poll (web/sync_transport.js) with the timings of wasm/wasm_limits.hpp.
EM_JS(void, crm_js_watch_changes, (double timeout_ms, double retry_min_ms, double retry_max_ms, int jitter_pct,
                                    double min_interval_ms), {
    crmGlue.watchChanges({timeoutMs: timeout_ms, retryMinMs: retry_min_ms, retryMaxMs: retry_max_ms,
                          jitter: jitter_pct / 100, minIntervalMs: min_interval_ms});
});

namespace crm::web {
namespace {

SyncDriver* g_driver = nullptr;  // answers from the page are routed here

// The server answers errors as JSON {"error": "..."}; anything else is reported by status alone.
std::string http_error_message(int status, const char* body) {
    std::string message = "HTTP " + std::to_string(status);
    if (body == nullptr) return message;
    const auto j = parse_json_bounded(body);
    if (j && j->is_object()) {
        for (const char* key : {"error", "message"}) {
            auto it = j->find(key);
            if (it != j->end() && it->is_string()) return message + ": " + it->get<std::string>();
        }
    }
    return message;
}


}  // namespace

SyncDriver::SyncDriver(Store& store) : store_(store), client_(store) {}

void SyncDriver::start(std::int64_t now_ms) {
    assert(g_driver == nullptr && "one sync driver per page");
    g_driver = this;
    online_ = crm_js_is_online() != 0;
    signed_in_ = crm_js_signed_in() != 0;
    due_ms_ = now_ms;
    refresh_pending();
    crm_js_watch_changes(static_cast<double>(limits::kChangeWatchTimeoutMs),
                         static_cast<double>(limits::kChangeWatchRetryMinMs),
                         static_cast<double>(limits::kChangeWatchRetryMaxMs), limits::kChangeWatchRetryJitterPct,
                         static_cast<double>(limits::kChangeWatchMinIntervalMs));
}

void SyncDriver::server_has(std::int64_t cursor, std::int64_t now_ms) {
    if (cursor <= client_.cursor()) return;  // our own push's answer got here first
    if (in_flight_) {
        wanted_cursor_ = std::max(wanted_cursor_, cursor);
        return;
    }
    // At once, from the poll's answer: waiting for the next animation frame could cost a slow phone 100s of ms.
    pages_this_cycle_ = 0;
    begin_exchange(now_ms);
}

void SyncDriver::refresh_pending() {
    seen_writes_ = store_.db().total_changes();
    auto records = client_.pending_records();
    if (records.ok()) pending_records_ = *records;
}

void SyncDriver::tick(std::int64_t now_ms) {
    // Sync's own writes happen while in flight and are counted in refresh_pending: this is a local edit.
    const bool wrote = !in_flight_ && store_.db().total_changes() != seen_writes_;
    // Counting walks the outbox (a seeded or imported database may hold a million entries): only after a
    // local write; sync's own writes are counted when each exchange ends.
    if (wrote) {
        refresh_pending();
        // New local edits: push them soon instead of waiting for the timer (a field written again does not
        // grow the outbox, hence the write counter too).
        if (pending_records_ > 0)
            due_ms_ = std::min(due_ms_, now_ms + limits::kSyncPushDebounceMs);
    }
    if (!in_flight_ && now_ms >= due_ms_) {
        pages_this_cycle_ = 0;
        pulled_this_cycle_ = 0;
        remaining_ = -1;
        begin_exchange(now_ms);
    }
}

void SyncDriver::begin_exchange(std::int64_t now_ms) {
    if (!signed_in_) {
        // No session: nothing is sent (the server would refuse it). The first cycle still ends, so a device
        // without data shows the sign-in form over an empty app instead of waiting.
        end_cycle(now_ms, Failure::Auth, "sign in");
        return;
    }
    if (!online_) {
        end_cycle(now_ms, Failure::Network, "offline");
        return;
    }
    auto request = client_.next_request();
    if (!request.ok()) {
        end_cycle(now_ms, Failure::Server, request.error().message);
        return;
    }
    request_changes_ = request->changes.size();
    const std::string body = sync::to_json(*request).dump();
    in_flight_ = true;
    ++request_id_;
    crm_js_sync_fetch(request_id_, body.c_str(), static_cast<int>(limits::kSyncFetchTimeoutMs));
}

void SyncDriver::notify_data_changed(std::int64_t now_ms, bool force) {
    // A first sync pulls many pages: the first one shows at once, then the views reload at most every
    // kSyncViewReloadMs instead of after every page, and once more when the cycle ends.
    if (!data_dirty_ || !on_data_changed_) return;
    if (!force && last_reload_ms_ != 0 && now_ms - last_reload_ms_ < limits::kSyncViewReloadMs) return;
    data_dirty_ = false;
    last_reload_ms_ = now_ms;
    on_data_changed_();
}

void SyncDriver::end_cycle(std::int64_t now_ms, Failure failure, std::string message) {
    notify_data_changed(now_ms, /*force=*/true);
    in_flight_ = false;
    failure_ = failure;
    failure_message_ = std::move(message);
    if (failure == Failure::None) last_synced_ms_ = now_ms;
    if (failure != Failure::None) client_.handle_failure(failure_message_);
    refresh_pending();
    due_ms_ = now_ms + limits::kSyncIntervalMs;
    // The long poll heard of changes this cycle may not have reached (it began before they were committed).
    // Once: a cursor the pull never reaches (a sequence number a rolled-back commit used) cannot loop.
    if (failure == Failure::None && wanted_cursor_ > client_.cursor()) due_ms_ = now_ms;
    wanted_cursor_ = 0;
    first_cycle_done_ = true;
}

void SyncDriver::on_response(int request_id, int http_status, const char* body, std::int64_t now_ms) {
    if (!in_flight_ || request_id != request_id_) return;  // an answer to a request we gave up on
    if (http_status == 0) {
        // fetch rejected: no network, DNS, CORS, aborted by the timeout. Nothing was lost.
        end_cycle(now_ms, Failure::Network, body != nullptr ? body : "network error");
        return;
    }
    if (http_status == 401) {
        // The session is over (expired, revoked, disabled): the page shows the sign-in form. Edits stay in the
        // outbox; an unacknowledged push is sent again after the sign-in.
        signed_in_ = false;
        end_cycle(now_ms, Failure::Auth, http_error_message(http_status, body));
        return;
    }
    if (http_status != 200) {
        end_cycle(now_ms, Failure::Server, http_error_message(http_status, body));
        return;
    }
    const auto j = parse_json_bounded(body != nullptr ? body : "");
    if (!j) {
        end_cycle(now_ms, Failure::Server, "the server's answer: " + j.error().message);
        return;
    }
    auto response = sync::parse_sync_response(*j);
    if (!response.ok()) {
        end_cycle(now_ms, Failure::Server, response.error().message);
        return;
    }
    // A long pull (a new device's first sync): ask for the next page now, so the server prepares it and the
    // network carries it while this page is applied. Only for a pure pull with nothing of ours to push.
    int ahead_id = 0;
    if (request_changes_ == 0 && pending_records_ == 0 && response->more && !response->retime &&
        !response->records.empty() && response->cursor > client_.cursor()) {
        ahead_id = ++request_id_;
        const std::string ahead = sync::to_json(client_.pull_request(response->cursor)).dump();
        crm_js_sync_fetch(ahead_id, ahead.c_str(), static_cast<int>(limits::kSyncFetchTimeoutMs));
    }
    data_dirty_ |= !response->changes.empty() || !response->records.empty();
    // Only a pure pull is deferred: a push's acknowledgement commits with it.
    const bool pulled = request_changes_ == 0 && on_pull_;
    if (pulled) on_pull_(true, false);
    auto more = client_.handle_response(*response);
    if (pulled) on_pull_(false, !more.ok() || !*more);
    if (more.ok() && (!response->changes.empty() || !response->records.empty())) data_received_ = true;
    if (more.ok()) {
        pulled_this_cycle_ += static_cast<std::int64_t>(response->records.size());
        remaining_ = response->remaining;
    }
    notify_data_changed(now_ms, /*force=*/false);
    if (!more.ok()) {
        end_cycle(now_ms, Failure::Server, more.error().message);
        return;
    }
    in_flight_ = false;
    ++pages_this_cycle_;
    refresh_pending();
    // Keep going while the server has more to pull, or a full push batch went and more local changes wait.
    if (*more || (request_changes_ > 0 && pending_records_ > 0)) {
        if (ahead_id != 0 && *more && pending_records_ == 0 && client_.cursor() == response->cursor) {
            client_.expect_pull();  // the page asked for ahead is the request now
            in_flight_ = true;
            request_id_ = ahead_id;
            request_changes_ = 0;
            ++pages_ahead_;
            return;
        }
        begin_exchange(now_ms);
        return;
    }
    end_cycle(now_ms, Failure::None, {});
}

void SyncDriver::on_online_changed(bool online, std::int64_t now_ms) {
    online_ = online;
    if (online) {
        due_ms_ = now_ms;  // back online: push what piled up
    } else if (!in_flight_) {
        failure_ = Failure::Network;
        failure_message_ = "offline";
    }
}

void SyncDriver::on_auth_changed(bool signed_in, std::int64_t now_ms) {
    const bool resumed = signed_in && !signed_in_;
    signed_in_ = signed_in;
    if (resumed) {
        due_ms_ = now_ms;  // signed in again: push what piled up
        if (failure_ == Failure::Auth) failure_ = Failure::None;
    } else if (!signed_in && !in_flight_) {
        failure_ = Failure::Auth;
    }
    if (on_auth_) on_auth_(signed_in);
}

ui::SyncStatus SyncDriver::status() const {
    ui::SyncStatus s;
    s.pending = pending_records_;
    s.last_synced_ms = last_synced_ms_;
    if (in_flight_) {
        s.phase = ui::SyncPhase::Syncing;
        // A long pull (a first sync): the server says how many records remain after each page.
        if (remaining_ > 0 && pulled_this_cycle_ > 0)
            s.progress = static_cast<float>(static_cast<double>(pulled_this_cycle_) /
                                            static_cast<double>(pulled_this_cycle_ + remaining_));
    } else if (!signed_in_ || failure_ == Failure::Auth) {
        s.phase = ui::SyncPhase::SignIn;
        s.message = failure_message_;
    } else if (!online_ || failure_ == Failure::Network) {
        s.phase = ui::SyncPhase::Offline;
        s.message = failure_message_;
    } else if (failure_ == Failure::Server) {
        s.phase = ui::SyncPhase::Error;
        s.message = failure_message_;
    } else if (pending_records_ > 0 || last_synced_ms_ == 0) {
        s.phase = ui::SyncPhase::Pending;
    } else {
        s.phase = ui::SyncPhase::Synced;
    }
    return s;
}

}  // namespace crm::web

// The page's answer to crm_js_sync_fetch: HTTP status (0 when fetch itself failed) and the body text (or
// the error text).
extern "C" EMSCRIPTEN_KEEPALIVE void crm_sync_response(int request_id, int http_status, const char* body) {
    if (crm::web::g_driver == nullptr) return;
    crm::web::g_driver->on_response(request_id, http_status, body,
                                    static_cast<std::int64_t>(emscripten_date_now()));
}

// For the page's long poll: the pull cursor (a double: exact up to 2^53, which no sequence reaches).
extern "C" EMSCRIPTEN_KEEPALIVE double crm_sync_cursor() {
    if (crm::web::g_driver == nullptr) return 0;
    return static_cast<double>(crm::web::g_driver->cursor());
}

// The long poll's answer was newer than our cursor: the server has changes for us.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_sync_now(double server_cursor) {
    if (crm::web::g_driver == nullptr) return;
    crm::web::g_driver->server_has(static_cast<std::int64_t>(server_cursor),
                                   static_cast<std::int64_t>(emscripten_date_now()));
}

extern "C" EMSCRIPTEN_KEEPALIVE void crm_auth_changed(int signed_in) {
    if (crm::web::g_driver == nullptr) return;
    crm::web::g_driver->on_auth_changed(signed_in != 0, static_cast<std::int64_t>(emscripten_date_now()));
}

extern "C" EMSCRIPTEN_KEEPALIVE void crm_online_changed(int online) {
    if (crm::web::g_driver == nullptr) return;
    crm::web::g_driver->on_online_changed(online != 0, static_cast<std::int64_t>(emscripten_date_now()));
}
