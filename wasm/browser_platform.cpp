#include "wasm/browser_platform.hpp"

#include <cassert>
#include <cstdlib>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

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

}  // namespace crm::web

// Text of the page's `paste` event (Ctrl+V, a phone's paste menu); ImGui reads it when it handles the paste.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_paste(const char* utf8) {
    if (crm::web::g_platform == nullptr || utf8 == nullptr) return;
    crm::web::g_platform->on_paste(utf8);
}
