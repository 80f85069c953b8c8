#include "wasm/browser_platform.hpp"

#include <cassert>
#include <cstdlib>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

#include "core/util/json_text.hpp"

#include "wasm/wasm_limits.hpp"

// The page side lives in web/app.js (window.crmGlue); these only move strings across.
EM_JS(int, crm_js_utc_offset_minutes, (), { return -new Date().getTimezoneOffset(); });
EM_JS(void, crm_js_clipboard_write, (const char* text), { crmGlue.clipboardWrite(UTF8ToString(text)); });
EM_JS(void, crm_js_open_url, (const char* url), { crmGlue.openUrl(UTF8ToString(url)); });
EM_JS(void, crm_js_storage_set, (const char* key, const char* value),
      { crmGlue.storageSet(UTF8ToString(key), UTF8ToString(value)); });
// Returns a malloc'd UTF-8 copy (the caller frees it) or 0 when the key is absent or storage is blocked.
EM_JS(char*, crm_js_storage_get, (const char* key), {
    const value = crmGlue.storageGet(UTF8ToString(key));
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});

// The account (web/session.js, web/sign_in.js, web/account.js). Strings come back malloc'd (the caller frees).
EM_JS(char*, crm_js_session, (), {
    const value = crmGlue.sessionJson();
    const size = lengthBytesUTF8(value) + 1;
    const ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});
EM_JS(void, crm_js_show_sign_in, (), { crmGlue.showSignIn(); });
EM_JS(void, crm_js_sign_out, (), { crmGlue.signOut(); });
EM_JS(void, crm_js_api_post, (int id, const char* path, const char* body),
      { crmGlue.apiPost(id, UTF8ToString(path), UTF8ToString(body)); });
EM_JS(char*, crm_js_api_poll, (int id), {
    const value = crmGlue.apiPoll(id);
    if (value === null) return 0;
    const size = lengthBytesUTF8(value) + 1;
    const ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});

// Visits and calls: navigator.geolocation answers kept by request id until forgotten (0 pending, 1 a fix,
// 2 refused, 3 none), and a count of the page turning visible again (back from the phone's dialer).
EM_JS(void, crm_js_geo_request, (int id, double timeout_ms, double max_age_ms), {
    const answers = globalThis.crmGeoAnswers || (globalThis.crmGeoAnswers = new Map());
    answers.set(id, { state: 0 });
    const settle = (a) => { const now = answers.get(id); if (now && now.state === 0) answers.set(id, a); };
    if (!navigator.geolocation) { settle({ state: 3 }); return; }
    try {
        navigator.geolocation.getCurrentPosition(
            (p) => settle({ state: 1, lat: p.coords.latitude, lon: p.coords.longitude, acc: p.coords.accuracy }),
            (e) => settle({ state: e && e.code === 1 ? 2 : 3 }),
            { enableHighAccuracy: true, timeout: timeout_ms, maximumAge: max_age_ms });
    } catch (e) {
        settle({ state: 3 });
    }
});
EM_JS(int, crm_js_geo_poll, (int id, double* out), {
    const a = globalThis.crmGeoAnswers && globalThis.crmGeoAnswers.get(id);
    if (!a) return 3;
    if (a.state === 1) {
        HEAPF64[out >> 3] = a.lat;
        HEAPF64[(out >> 3) + 1] = a.lon;
        HEAPF64[(out >> 3) + 2] = a.acc;
    }
    return a.state;
});
EM_JS(void, crm_js_geo_forget, (int id), {
    if (globalThis.crmGeoAnswers) globalThis.crmGeoAnswers.delete(id);
});
EM_JS(int, crm_js_foreground_returns, (), {
    if (globalThis.crmForegroundReturns === undefined) {
        globalThis.crmForegroundReturns = 0;
        document.addEventListener('visibilitychange', () => {
            if (document.visibilityState === 'visible') globalThis.crmForegroundReturns += 1;
        });
    }
    return globalThis.crmForegroundReturns;
});
// --- notifications (the reminders): the Notification API, asked only from a button (a user gesture; Chrome
// keeps the click's activation across the frame that handles it). 0 unsupported, 1 not asked, 2 granted,
// 3 denied. Chrome on Android has no `new Notification`: the service worker's registration shows it there.
EM_JS(int, crm_js_notification_permission, (), {
    if (typeof Notification === 'undefined') return 0;
    return Notification.permission === 'granted' ? 2 : Notification.permission === 'denied' ? 3 : 1;
});
EM_JS(void, crm_js_notification_request, (), {
    if (typeof Notification === 'undefined') return;
    try {
        const asked = Notification.requestPermission();
        if (asked && asked.catch) asked.catch((e) => console.warn('[crm] notification permission:', e && e.message));
    } catch (e) { console.warn('[crm] notification permission:', e && e.message); }
});
EM_JS(void, crm_js_notification_show, (const char* title_ptr, const char* body_ptr, const char* tag_ptr), {
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const title = UTF8ToString(title_ptr);
    const options = { body: UTF8ToString(body_ptr), tag: UTF8ToString(tag_ptr) };
    try {
        new Notification(title, options);
    } catch (e) {
        if (navigator.serviceWorker) navigator.serviceWorker.ready.then((r) => r.showNotification(title, options)).catch(() => {});
    }
});

namespace crm::web {
namespace {

BrowserPlatform* g_platform = nullptr;  // the exported paste entry point needs it

}  // namespace

BrowserPlatform::BrowserPlatform(SyncDriver& sync, PagePersistence& pages) : sync_(sync), pages_(pages) {
    assert(g_platform == nullptr && "one browser platform per page");
    g_platform = this;
}

void BrowserPlatform::install_imgui_clipboard() {
    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = this;
    io.SetClipboardTextFn = [](void* user, const char* text) {
        static_cast<BrowserPlatform*>(user)->set_clipboard(text != nullptr ? text : "");
    };
    io.GetClipboardTextFn = [](void* user) -> const char* {
        return static_cast<BrowserPlatform*>(user)->clipboard_.c_str();
    };
}

std::int64_t BrowserPlatform::now_ms() { return static_cast<std::int64_t>(emscripten_date_now()); }
double BrowserPlatform::monotonic_ms() { return emscripten_get_now(); }

int BrowserPlatform::utc_offset_minutes() { return crm_js_utc_offset_minutes(); }

void BrowserPlatform::set_clipboard(std::string_view text) {
    clipboard_.assign(text);
    crm_js_clipboard_write(clipboard_.c_str());
}

void BrowserPlatform::open_url(std::string_view url) { crm_js_open_url(std::string(url).c_str()); }

std::optional<std::string> BrowserPlatform::load_setting(std::string_view key) {
    char* value = crm_js_storage_get(std::string(key).c_str());
    if (value == nullptr) return std::nullopt;
    std::string result(value);
    std::free(value);
    return result;
}

void BrowserPlatform::save_setting(std::string_view key, std::string_view value) {
    crm_js_storage_set(std::string(key).c_str(), std::string(value).c_str());
}

void BrowserPlatform::request_sync() {
    if (sync_.signed_in())
        sync_.request_now();
    else
        crm_js_show_sign_in();
}

const ui::Session& BrowserPlatform::refresh_session() {
    session_ = read_session();
    return session_;
}

ui::Session BrowserPlatform::read_session() {
    ui::Session out;
    char* text = crm_js_session();
    const auto j = parse_json_bounded(text != nullptr ? text : "");
    std::free(text);
    if (!j || !j->is_object()) return out;
    out.active = j->value("signed_in", false);
    const auto user = j->find("user");
    if (user == j->end() || !user->is_object()) return out;
    const auto text_of = [&](const char* key) {
        const auto it = user->find(key);
        return it != user->end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    out.user = ui::SignedInUser{text_of("id"), text_of("login"), text_of("name"), text_of("role"), text_of("team_id")};
    return out;
}

void BrowserPlatform::show_sign_in() { crm_js_show_sign_in(); }
void BrowserPlatform::sign_out() { crm_js_sign_out(); }

std::int64_t BrowserPlatform::set_password(std::string_view user_id, std::string_view password) {
    const int id = ++api_requests_;
    const nlohmann::json body = {{"user_id", std::string(user_id)}, {"password", std::string(password)}};
    crm_js_api_post(id, "api/v1/password", body.dump().c_str());
    return id;
}

ui::ApiAnswer BrowserPlatform::poll_api(std::int64_t request) {
    char* text = crm_js_api_poll(static_cast<int>(request));
    if (text == nullptr) return {ui::ApiState::Failed, 0, "unknown request"};
    const std::string answer(text);
    std::free(text);
    if (answer == "pending") return {};
    const auto j = parse_json_bounded(answer);
    if (!j || !j->is_object()) return {ui::ApiState::Failed, 0, "bad answer"};
    const int status = j->value("status", 0);
    return {status == 200 ? ui::ApiState::Ok : ui::ApiState::Failed, status, j->value("error", std::string())};
}

std::int64_t BrowserPlatform::request_position() {
    const int id = ++position_requests_;
    crm_js_geo_request(id, static_cast<double>(limits::kGeoTimeoutMs), static_cast<double>(limits::kGeoMaxAgeMs));
    return id;
}

ui::PositionAnswer BrowserPlatform::poll_position(std::int64_t request) {
    double fix[3] = {0.0, 0.0, 0.0};
    const int state = crm_js_geo_poll(static_cast<int>(request), fix);
    switch (state) {
        case 0: return {ui::PositionState::Pending};
        case 1: return {ui::PositionState::Ok, fix[0], fix[1], fix[2]};
        case 2: return {ui::PositionState::Denied};
        default: return {ui::PositionState::Unavailable};
    }
}

void BrowserPlatform::forget_position(std::int64_t request) { crm_js_geo_forget(static_cast<int>(request)); }

std::int64_t BrowserPlatform::foreground_returns() { return crm_js_foreground_returns(); }
ui::Platform::NotificationPermission BrowserPlatform::notification_permission() {
    switch (crm_js_notification_permission()) {
        case 1: return NotificationPermission::Default;
        case 2: return NotificationPermission::Granted;
        case 3: return NotificationPermission::Denied;
        default: return NotificationPermission::Unsupported;
    }
}

void BrowserPlatform::request_notification_permission() { crm_js_notification_request(); }

void BrowserPlatform::show_notification(std::string_view title, std::string_view body, std::string_view tag) {
    crm_js_notification_show(std::string(title).c_str(), std::string(body).c_str(), std::string(tag).c_str());
}

}  // namespace crm::web

// Text of the page's `paste` event (Ctrl+V, a phone's paste menu); ImGui reads it when it handles the paste.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_paste(const char* utf8) {
    if (crm::web::g_platform == nullptr || utf8 == nullptr) return;
    crm::web::g_platform->on_paste(utf8);
}
