#pragma once
// ui::Platform for the browser: clock and time zone from JS Date, clipboard through navigator.clipboard and
// the page's `paste` event, settings in localStorage, links in a new tab, sync status from the SyncDriver, save status from the page store.
#include <string>

#include "ui/platform.hpp"
#include "wasm/page_persistence.hpp"
#include "wasm/sync_driver.hpp"

namespace crm::web {

class BrowserPlatform final : public ui::Platform {
public:
    BrowserPlatform(SyncDriver& sync, PagePersistence& pages);
    BrowserPlatform(const BrowserPlatform&) = delete;
    BrowserPlatform& operator=(const BrowserPlatform&) = delete;

    // Routes ImGui's clipboard (Ctrl+C/X/V in text fields) through this platform. Call after CreateContext.
    void install_imgui_clipboard();
    // Text of a `paste` event: what the next ImGui paste inserts.
    void on_paste(std::string text) { clipboard_ = std::move(text); }

    std::int64_t now_ms() override;
    double monotonic_ms() override;
    int utc_offset_minutes() override;
    void set_clipboard(std::string_view text) override;
    std::string clipboard() override { return clipboard_; }
    void open_url(std::string_view url) override;
    std::optional<std::string> load_setting(std::string_view key) override;
    void save_setting(std::string_view key, std::string_view value) override;
    ui::SyncStatus sync_status() override { return sync_.status(); }
    // Signed out: "sync now" asks for the password instead.
    void request_sync() override;
    // The signed-in user as the page last said (refresh_session, on every change of it): the UI asks every
    // frame, so it is kept here rather than read from JavaScript each time.
    ui::Session session() override { return session_; }
    // Reads the session again from the page (web/session.js): at start and when it tells of a change.
    const ui::Session& refresh_session();
    void show_sign_in() override;
    void sign_out() override;
    std::int64_t set_password(std::string_view user_id, std::string_view password) override;
    ui::ApiAnswer poll_api(std::int64_t request) override;
    ui::StorageStatus storage_status() override { return pages_.status(now_ms()); }
    void retry_storage() override { pages_.retry_now(); }
    std::int64_t request_position() override;
    ui::PositionAnswer poll_position(std::int64_t request) override;
    void forget_position(std::int64_t request) override;
    std::int64_t foreground_returns() override;
    // System notifications through the page's Notification API (the reminders).
    NotificationPermission notification_permission() override;
    void request_notification_permission() override;
    void show_notification(std::string_view title, std::string_view body, std::string_view tag) override;

private:
    ui::Session read_session();

    SyncDriver& sync_;
    PagePersistence& pages_;
    std::string clipboard_;
    ui::Session session_;
    int api_requests_ = 0;       // ids of account calls (set_password); 0 is never one
    int position_requests_ = 0;  // ids of geolocation requests; 0 is never one  // last paste, or our own last copy when the browser refused to tell
};

}  // namespace crm::web
