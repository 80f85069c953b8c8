#pragma once
// Runs the real App headless: an ImGui context without a renderer, an in-memory Store, a fake Platform,
// and input injected through ImGui's event queue the way the browser backend does it.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <imgui.h>

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
};

// A fresh in-memory store with deterministic ids and a fixed clock.
std::unique_ptr<Store> make_store();

class UiHarness {
public:
    // `platform` may be shared between harnesses (settings survive an "app restart").
    UiHarness(Store& store, FakePlatform& platform, float width = 1280.0f, float height = 800.0f);
    ~UiHarness();
    UiHarness(const UiHarness&) = delete;
    UiHarness& operator=(const UiHarness&) = delete;

    void frame(int count = 1);
    // Moves the mouse to the centre of the tagged item, presses and releases over separate frames.
    // Fails the test (and returns false) when the item is not on screen.
    bool click(std::string_view tag);
    void click_at(float x, float y);
    void type(std::string_view utf8);  // one frame per call, like a paste or an IME commit
    void type_per_char(std::string_view utf8);  // one frame per code point, like someone typing
    void press(ImGuiKey key);
    void wheel(std::string_view over_tag, float steps);  // positive: scroll down

    nlohmann::json state(std::string_view key) const { return app_->automation().state(key); }
    std::optional<ItemRect> item(std::string_view tag) const { return app_->automation().item(tag); }
    std::vector<std::string> visible_names() const;
    App& app() { return *app_; }

private:
    ImGuiContext* context_ = nullptr;
    std::unique_ptr<App> app_;
};

}  // namespace crm::ui::test

namespace crm::ui::test {

// Seeding through the repositories, as a user's edits would: returns the new record's id.
std::string add_company(Store& store, std::string name, domain::JourneyStage stage = domain::JourneyStage::Awareness);
std::string add_contact(Store& store, std::string name, const std::string& company_id, std::string position = {});

}  // namespace crm::ui::test
