// The shell around the views: language and theme switches (remembered through the platform), the sync
// indicator in every phase, the "Sync now" button.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>

#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"

namespace crm::ui::test {
namespace {

class UiAppShell : public ::testing::Test {
protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        add_company(*store, "ООО Ромашка");
    }
    void TearDown() override { set_language(Language::Ru); }

    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiAppShell, StartsInRussianAndSwitchesToEnglishAndBack) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("lang"), "ru");
    EXPECT_EQ(ui.state("topbar.title"), "Полевая CRM");
    EXPECT_EQ(ui.state("list.total_text"), "Найдено: 1");
    const float ru_tab_w = ui.item("list.tab.company")->w;

    ASSERT_TRUE(ui.click("topbar.lang.en"));
    EXPECT_EQ(ui.state("lang"), "en");
    EXPECT_EQ(ui.state("topbar.title"), "Field CRM");
    EXPECT_EQ(ui.state("list.total_text"), "Found: 1");
    EXPECT_NE(ui.item("list.tab.company")->w, ru_tab_w);  // "Companies" is drawn, not "Компании"
    EXPECT_EQ(platform.settings.at("ui.language"), "en");

    ASSERT_TRUE(ui.click("topbar.lang.ru"));
    EXPECT_EQ(ui.state("topbar.title"), "Полевая CRM");
    EXPECT_EQ(platform.settings.at("ui.language"), "ru");
}

TEST_F(UiAppShell, LanguageAndThemeAreRememberedAcrossRestarts) {
    {
        UiHarness ui(*store, platform);
        ASSERT_TRUE(ui.click("topbar.lang.en"));
        ASSERT_TRUE(ui.click("topbar.theme"));
        EXPECT_EQ(ui.state("theme"), "dark");
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        EXPECT_LT(bg.x + bg.y + bg.z, 0.6f);
    }
    UiHarness restarted(*store, platform);
    EXPECT_EQ(restarted.state("lang"), "en");
    EXPECT_EQ(restarted.state("theme"), "dark");
    EXPECT_EQ(restarted.state("topbar.title"), "Field CRM");
    ASSERT_TRUE(restarted.click("topbar.theme"));
    EXPECT_EQ(restarted.state("theme"), "light");
    EXPECT_EQ(platform.settings.at("ui.theme"), "light");
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    EXPECT_GT(bg.x + bg.y + bg.z, 2.4f);
}

TEST_F(UiAppShell, SyncIndicatorTextPerPhase) {
    UiHarness ui(*store, platform);
    auto show = [&](SyncStatus status) {
        platform.status = std::move(status);
        ui.frame();
        return ui.state("status.sync").get<std::string>();
    };
    EXPECT_EQ(show({SyncPhase::Offline}), "Нет сети: изменения сохранены на устройстве");
    EXPECT_EQ(ui.state("status.phase"), "offline");
    EXPECT_EQ(show({SyncPhase::Pending, 1234}), "Ждут отправки: 1\u00A0234");
    EXPECT_EQ(show({SyncPhase::Syncing, 0, 0, -1.0f}), "Синхронизация…");
    EXPECT_FALSE(ui.item("status.progress").has_value());  // progress unknown: no bar
    EXPECT_EQ(show({SyncPhase::Syncing, 0, 0, 0.4f}), "Синхронизация…");
    EXPECT_TRUE(ui.item("status.progress").has_value());
    EXPECT_FLOAT_EQ(ui.state("status.progress").get<float>(), 0.4f);
    // 22:03 UTC = 01:03 in Moscow on the same local day as "now" (01:13).
    EXPECT_EQ(show({SyncPhase::Synced, 0, kNowMs - 10 * 60'000}), "Синхронизировано в 01:03");
    // Yesterday (local): the date is shown too.
    EXPECT_EQ(show({SyncPhase::Synced, 0, kNowMs - 2 * 3'600'000}), "Синхронизировано в 14.11.2023 23:13");
    EXPECT_EQ(show({SyncPhase::Synced, 0, 0}), "Ещё не синхронизировано");
    EXPECT_EQ(show({SyncPhase::Error, 0, 0, -1.0f, "HTTP 503"}), "Ошибка синхронизации: HTTP 503");

    ASSERT_TRUE(ui.click("topbar.lang.en"));
    EXPECT_EQ(show({SyncPhase::Pending, 3}), "Pending changes: 3");
    EXPECT_EQ(show({SyncPhase::Synced, 0, kNowMs - 10 * 60'000}), "Synced at 01:03");
    EXPECT_EQ(show({SyncPhase::Offline}), "Offline: changes are kept on this device");
}

TEST_F(UiAppShell, OfflineWithUnsentEditsSaysHowManyWait) {
    UiHarness ui(*store, platform);
    auto show = [&](std::int64_t pending) {
        platform.status = {SyncPhase::Offline, pending};
        ui.frame();
        return ui.state("status.sync").get<std::string>();
    };
    EXPECT_EQ(show(0), "Нет сети: изменения сохранены на устройстве");
    EXPECT_EQ(show(1), "Офлайн · 1 правка ждёт отправки");
    EXPECT_EQ(show(2), "Офлайн · 2 правки ждут отправки");
    EXPECT_EQ(show(5), "Офлайн · 5 правок ждут отправки");
    EXPECT_EQ(show(11), "Офлайн · 11 правок ждут отправки");
    EXPECT_EQ(show(21), "Офлайн · 21 правка ждёт отправки");
    EXPECT_EQ(show(1234), "Офлайн · 1\u00A0234 правки ждут отправки");
    EXPECT_EQ(ui.state("status.phase"), "offline");
    const auto text = ui.item("status.sync");
    ASSERT_TRUE(text.has_value());
    EXPECT_GT(text->w, 0.0f);

    ASSERT_TRUE(ui.click("topbar.lang.en"));
    EXPECT_EQ(show(1), "Offline · 1 edit waiting");
    EXPECT_EQ(show(3), "Offline · 3 edits waiting");
    EXPECT_EQ(show(0), "Offline: changes are kept on this device");
}

TEST_F(UiAppShell, SyncNowAsksThePlatformExceptWhileSyncing) {
    UiHarness ui(*store, platform);
    platform.status = {SyncPhase::Pending, 2};
    ui.frame();
    ASSERT_TRUE(ui.click("status.sync_now"));
    EXPECT_EQ(platform.sync_requests, 1);

    platform.status = {SyncPhase::Syncing, 0, 0, 0.5f};
    ui.frame();
    ASSERT_TRUE(ui.click("status.sync_now"));
    EXPECT_EQ(platform.sync_requests, 1);  // disabled: a second request would only queue behind the first

    platform.status = {SyncPhase::Error, 0, 0, -1.0f, "timeout"};
    ui.frame();
    ASSERT_TRUE(ui.click("status.sync_now"));
    EXPECT_EQ(platform.sync_requests, 2);
}

TEST_F(UiAppShell, StatusBarSitsAtTheBottomAndTheFrameCounterAdvances) {
    UiHarness ui(*store, platform, 1024.0f, 700.0f);
    const auto button = ui.item("status.sync_now");
    ASSERT_TRUE(button.has_value());
    EXPECT_GT(button->y, 700.0f - 60.0f);
    EXPECT_LE(button->y + button->h, 700.0f);
    EXPECT_LE(button->x + button->w, 1024.0f);
    const auto frame = ui.state("frame").get<int>();
    ui.frame(3);
    EXPECT_EQ(ui.state("frame").get<int>(), frame + 3);
}

}  // namespace
}  // namespace crm::ui::test
