#pragma once
// Runs the real App headless: an ImGui context without a renderer, an in-memory Store, a fake Platform,
// and input injected through ImGui's event queue the way the browser backend does it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>

#include "core/domain/entity.hpp"
#include "core/domain/record.hpp"
#include "core/domain/repository.hpp"
#include "core/store.hpp"
#include "ui/app.hpp"
#include "ui/platform.hpp"

namespace crm::ui::test {

// 2023-11-14 22:13:20 UTC, i.e. 15.11.2023 01:13 in Moscow (UTC+3).
inline constexpr std::int64_t kNowMs = 1'700'000'000'000;
inline constexpr int kMoscowOffset = 180;

class FakePlatform : public Platform {
public:
    std::int64_t now_ms() override { return now; }
    // Every reading is monotonic_step later than the one before, so a measured span is a count of readings.
    double monotonic_ms() override { return monotonic += monotonic_step; }
    int utc_offset_minutes() override { return utc_offset; }
    void set_clipboard(std::string_view text) override { clipboard_text = text; }
    std::string clipboard() override { return clipboard_text; }
    void open_url(std::string_view url) override { opened_url = url; }
    std::optional<std::string> load_setting(std::string_view key) override {
        const auto it = settings.find(std::string(key));
        if (it == settings.end() && key == "ui.section" && !start_section.empty()) return start_section;
        if (it == settings.end()) return std::nullopt;
        return it->second;
    }
    void save_setting(std::string_view key, std::string_view value) override {
        settings[std::string(key)] = value;
        ++saves;
    }
    SyncStatus sync_status() override { return status; }
    void request_sync() override { ++sync_requests; }
    StorageStatus storage_status() override { return storage; }
    void retry_storage() override { ++storage_retries; }
    // Geolocation and the foreground: a test answers a request (positions[id]) and counts returns itself.
    std::int64_t request_position() override {
        positions[++position_requests] = PositionAnswer{};
        return position_requests;
    }
    PositionAnswer poll_position(std::int64_t request) override {
        const auto it = positions.find(request);
        return it == positions.end() ? PositionAnswer{PositionState::Unavailable} : it->second;
    }
    void forget_position(std::int64_t request) override { positions.erase(request); }
    std::int64_t foreground_returns() override { return returns_to_foreground; }
    // --- notifications (the reminders): the permission as a test sets it, requests and shown ones counted
    NotificationPermission notification_permission() override { return permission; }
    void request_notification_permission() override {
        ++permission_requests;
        if (permission == NotificationPermission::Default) permission = answer;
    }
    void show_notification(std::string_view title, std::string_view body, std::string_view tag) override {
        notifications.push_back({std::string(title), std::string(body), std::string(tag)});
    }
    struct Notification {
        std::string title, body, tag;
    };
    // --- the account: the session a test sets; sign-outs, sign-in forms and password calls counted
    Session session() override { return account; }
    void show_sign_in() override { ++sign_in_shows; }
    void sign_out() override { ++sign_outs; }
    std::int64_t set_password(std::string_view user_id, std::string_view password) override {
        password_calls.push_back({std::string(user_id), std::string(password)});
        return static_cast<std::int64_t>(password_calls.size());
    }
    ApiAnswer poll_api(std::int64_t) override { return api_answer; }
    Session account;
    int sign_in_shows = 0;
    int sign_outs = 0;
    std::vector<std::pair<std::string, std::string>> password_calls;
    ApiAnswer api_answer{ApiState::Ok, 200, {}};
    NotificationPermission permission = NotificationPermission::Default;
    NotificationPermission answer = NotificationPermission::Granted;  // what the user answers when asked
    int permission_requests = 0;
    std::vector<Notification> notifications;
    // The section the app opens on when none was saved: the screens' tests written before Today start on
    // the customers' list as they did; Today's tests clear it to get the real home section.
    std::string start_section = "customers";

    std::int64_t now = kNowMs;
    double monotonic = 0.0;
    double monotonic_step = 1.0;
    int utc_offset = kMoscowOffset;
    std::string clipboard_text;
    std::string opened_url;
    std::map<std::string, std::string> settings;
    int saves = 0;
    SyncStatus status{SyncPhase::Synced, 0, kNowMs - 60'000, -1.0f, {}};
    int sync_requests = 0;
    StorageStatus storage{};
    int storage_retries = 0;
    std::int64_t position_requests = 0;  // the last request's id
    std::map<std::int64_t, PositionAnswer> positions;
    std::int64_t returns_to_foreground = 0;
};

// A fresh in-memory store with deterministic ids and a fixed clock. With a registry other than the app's, the
// tables of its entities that the app does not have are created from their descriptors.
std::unique_ptr<Store> make_store(const domain::Registry& registry = domain::Registry::app());

class UiHarness {
public:
    // `platform` may be shared between harnesses (settings survive an "app restart").
  UiHarness(Store& store, FakePlatform& platform, float width = 1280.0f, float height = 800.0f,
            const domain::Registry& registry = domain::Registry::app());
  ~UiHarness();
  UiHarness(const UiHarness&) = delete;
  UiHarness& operator=(const UiHarness&) = delete;

  void frame(int count = 1);
  // Moves the mouse to the centre of the tagged item, presses and releases over separate frames.
  // Fails the test (and returns false) when the item is not on screen.
  bool click(std::string_view tag);
  void click_at(float x, float y);
  void type(std::string_view utf8);           // one frame per call, like a paste or an IME commit
  void type_per_char(std::string_view utf8);  // one frame per code point, like someone typing
  void press(ImGuiKey key);
  void wheel(std::string_view over_tag, float steps);  // positive: scroll down
  // Presses over the tagged item's centre, moves to (x, y) in `steps` frames and, unless `release` is false,
  // releases there: a mouse drag (or, with `source` TouchScreen, what the browser backend makes of a finger
  // held still and then moved).
  bool drag(std::string_view from_tag, float x, float y, int steps = 8, bool release = true,
            ImGuiMouseSource source = ImGuiMouseSource_Mouse);
  void release_mouse();

  nlohmann::json state(std::string_view key) const { return app_->automation().state(key); }
  std::optional<ItemRect> item(std::string_view tag) const { return app_->automation().item(tag); }
  // The titles of the list's rows on screen, top to bottom.
  std::vector<std::string> visible_titles() const;
  App& app() { return *app_; }

private:
    ImGuiContext* context_ = nullptr;
    std::unique_ptr<App> app_;
};

}  // namespace crm::ui::test

namespace crm::ui::test {

// The repository of `entity` of `registry` in `store`, as the views build it.
domain::Repository records(Store& store, const domain::EntityDesc& entity,
                           const domain::Registry& registry = domain::Registry::app());
// Seeding through the repositories, as a user's edits would: the new record's id. `values`: field -> value;
// the other fields keep the descriptor's defaults.
std::string add_record(Store& store, const domain::EntityDesc& entity, const nlohmann::json& values,
                       const domain::Registry& registry = domain::Registry::app());
// `stage`: a journey option id, or a key of the old funnel (awareness, decision, ...) mapped as the v6
// migration maps it; empty: the descriptor's default (the first stage).
std::string add_company(Store& store, std::string name, std::string stage = {});
// The id of the journey's default stage at `position` (0: attraction ... 5: repeat sales and retention).
std::string journey_stage(std::size_t position);
std::string add_contact(Store& store, std::string name, const std::string& company_id, std::string position = {});
// The id of the user account whose login is `login` (its name is the login too), created when missing: owners
// are user accounts (schema 8), and tests name them by login.
std::string user_id(Store& store, const std::string& login, std::string_view role = domain::role::kRep);
// A stored record (the test fails when it cannot be read).
domain::Record read_record(Store& store, const domain::EntityDesc& entity, const std::string& id,
                           const domain::Registry& registry = domain::Registry::app());
// The list shows its columns by priority (every shown column more useful than every dropped one), and none
// of the shown headers is narrower than its label.
void expect_columns_fit(const UiHarness& ui, const domain::EntityDesc& entity);
const domain::EntityDesc& company_entity();
const domain::EntityDesc& contact_entity();

}  // namespace crm::ui::test
