#pragma once
// What the UI needs from the platform it runs on. wasm/ implements it for the browser; tests implement
// it in memory. Nothing in ui/ calls a browser or OS API directly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::ui {

// SignIn: the server refused the session (expired, revoked) or nobody signed in; nothing syncs until the rep
// signs in again, and local edits wait.
enum class SyncPhase { Offline, Pending, Syncing, Synced, Error, SignIn };

struct SyncStatus {
    SyncPhase phase = SyncPhase::Offline;
    std::int64_t pending = 0;         // local changes not yet on the server
    std::int64_t last_synced_ms = 0;  // Unix ms of the last successful exchange, 0 = never
    float progress = -1.0f;           // 0..1 while a multi-page pull runs, < 0 when unknown
    std::string message;              // error text for SyncPhase::Error
};

// Where the local database is kept durably (the browser: IndexedDB through the page store).
enum class StoragePhase {
    Saved,       // every change is durable on this device
    Saving,      // a save is under way
    Error,       // the last save failed; changes are kept in memory and retried
    MemoryOnly,  // no durable storage could be opened: the data lives in this tab only
};

// The phase's name in automation state and tests: "saved", "saving", "error", "memory".
inline const char* to_key(StoragePhase phase) {
    switch (phase) {
        case StoragePhase::Saved: return "saved";
        case StoragePhase::Saving: return "saving";
        case StoragePhase::Error: return "error";
        case StoragePhase::MemoryOnly: return "memory";
    }
    return "saved";
}

struct StorageStatus {
    StoragePhase phase = StoragePhase::Saved;
    std::uint64_t committed_seq = 0;  // commits made
    std::uint64_t saved_seq = 0;      // the newest commit known durable
    std::string error;                // Error / MemoryOnly: "<DOMException name>: <message>"
    std::int64_t retry_in_ms = -1;    // Error: the next attempt in this many ms (< 0: none planned)
};

// What a position request came to (Platform::request_position): still waiting, a fix, the user refused,
// or no fix (no device, no signal, the request's own timeout).
enum class PositionState { Pending, Ok, Denied, Unavailable };

struct PositionAnswer {
    PositionState state = PositionState::Pending;
    double lat = 0.0;
    double lon = 0.0;
    double accuracy = 0.0;  // metres
};

// The signed-in user as the server described them at sign-in (the session, web/session.js).
struct SignedInUser {
    std::string id;
    std::string login;
    std::string name;
    std::string role;  // "rep", "manager" or "admin"
    std::string team_id;
};

struct Session {
    bool active = false;               // a token is kept: sync runs
    std::optional<SignedInUser> user;  // who signed in last on this device (kept after the server ended it)
    bool admin() const { return user && user->role == "admin"; }
};

// An account call's answer (Platform::set_password).
enum class ApiState { Pending, Ok, Failed };
struct ApiAnswer {
    ApiState state = ApiState::Pending;
    int status = 0;       // HTTP status; 0: no network or no answer
    std::string message;  // the server's error text, or why it was not sent
};

class Platform {
public:
    virtual ~Platform() = default;
    virtual std::int64_t now_ms() = 0;
    // A steady clock with sub-millisecond resolution, only for measuring durations (perf.* timings).
    virtual double monotonic_ms() = 0;
    // Local wall-clock offset from UTC in minutes, for showing times (e.g. 180 for Moscow).
    virtual int utc_offset_minutes() = 0;
    virtual void set_clipboard(std::string_view text) = 0;
    // The last text the platform received for pasting (browsers only give clipboard text on a paste).
    virtual std::string clipboard() = 0;
    virtual void open_url(std::string_view url) = 0;
    // Small persistent UI settings (language, theme), kept outside the database.
    virtual std::optional<std::string> load_setting(std::string_view key) = 0;
    virtual void save_setting(std::string_view key, std::string_view value) = 0;
    virtual SyncStatus sync_status() = 0;
    virtual void request_sync() = 0;  // "sync now"
    virtual StorageStatus storage_status() = 0;
    virtual void retry_storage() = 0;  // "retry now" after a failed save

    // --- the account (ui/views/account_menu.cpp, ui/views/users_view.cpp) ---
    virtual Session session() { return {}; }
    // Shows the sign-in form (the session was ended: sync waits for it).
    virtual void show_sign_in() {}
    // Revokes the session, deletes this device's data and starts again at the sign-in form. The UI asks first
    // when edits are unsent.
    virtual void sign_out() {}
    // An admin sets a user's password on the server (online only): an id to poll with, never 0.
    virtual std::int64_t set_password(std::string_view user_id, std::string_view password) {
        (void)user_id, (void)password;
        return 0;
    }
    virtual ApiAnswer poll_api(std::int64_t request) {
        (void)request;
        return {ApiState::Failed, 0, "unsupported"};
    }

    // --- visits and calls (ui/views/visit_panel.cpp, ui/views/call_log_prompt.cpp) ---
    // Asks for the device's position once: an id to poll with (never 0). The browser asks
    // navigator.geolocation, with its permission prompt the first time.
    virtual std::int64_t request_position() = 0;
    // The answer to a request so far (Pending until it comes; the answer stays readable until forgotten).
    virtual PositionAnswer poll_position(std::int64_t request) = 0;
    virtual void forget_position(std::int64_t request) = 0;
    // How many times the app came back to the foreground (the page turned visible again after being hidden,
    // e.g. after the phone's dialer): the call prompt compares it with the count it saw at the tap.
    virtual std::int64_t foreground_returns() = 0;
    // --- system notifications (the reminders, ui/reminders.hpp) ---
    // The user's answer so far. A platform without notifications says Unsupported and shows nothing.
    enum class NotificationPermission { Unsupported, Default, Granted, Denied };
    virtual NotificationPermission notification_permission() { return NotificationPermission::Unsupported; }
    // Asks the user. Only ever called from a button the user pressed (browsers ignore or penalise a request
    // without a gesture, and a prompt on load is unwelcome); the answer arrives later through
    // notification_permission().
    virtual void request_notification_permission() {}
    // Shows one notification when permitted. `tag`: the same tag replaces an earlier one instead of stacking.
    virtual void show_notification(std::string_view title, std::string_view body, std::string_view tag) {
        (void)title, (void)body, (void)tag;
    }
};

}  // namespace crm::ui
