// The save indicator and the storage banner: what a rep sees while the page store saves, fails, or is
// missing.
#include <gtest/gtest.h>

#include <string>

#include "tests/ui/ui_harness.hpp"
#include "ui/i18n.hpp"

namespace crm::ui::test {
namespace {

class UiStorageStatus : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        add_company(*store, "ООО Ромашка");
    }
    void TearDown() override { set_language(Language::Ru); }

    std::string text(UiHarness& ui, const char* key) {
        const auto v = ui.state(key);
        return v.is_string() ? v.get<std::string>() : std::string();
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiStorageStatus, ShowsSavedAndSavingWithoutABanner) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(text(ui, "status.storage"), "Сохранено");
    EXPECT_EQ(text(ui, "storage.phase"), "saved");
    EXPECT_FALSE(ui.item("storage.banner").has_value());

    platform.storage = {StoragePhase::Saving, 5, 4, {}, -1};
    ui.frame();
    EXPECT_EQ(text(ui, "status.storage"), "Сохранение…");
    EXPECT_EQ(ui.state("storage.committed_seq"), 5);
    EXPECT_EQ(ui.state("storage.saved_seq"), 4);
    EXPECT_FALSE(ui.item("storage.banner").has_value());
    EXPECT_TRUE(ui.item("status.storage").has_value());
    EXPECT_TRUE(ui.item("status.sync_now").has_value()) << "the indicator leaves room for the sync button";
}

TEST_F(UiStorageStatus, AFullQuotaShowsABannerWithRetry) {
    platform.storage = {StoragePhase::Error, 7, 5, "QuotaExceededError: The quota has been exceeded.", 4'200};
    UiHarness ui(*store, platform);
    EXPECT_EQ(text(ui, "status.storage"), "Не сохранено");
    const std::string banner = text(ui, "storage.banner");
    EXPECT_NE(banner.find("закончилось место"), std::string::npos) << banner;
    EXPECT_NE(banner.find("не закрывайте"), std::string::npos) << banner;
    EXPECT_NE(banner.find("через 5 с"), std::string::npos) << banner;
    ASSERT_TRUE(ui.click("storage.retry"));
    EXPECT_EQ(platform.storage_retries, 1);

    ASSERT_TRUE(ui.click("topbar.lang.en"));
    EXPECT_NE(text(ui, "storage.banner").find("no space is left"), std::string::npos);
    EXPECT_EQ(text(ui, "status.storage"), "Not saved");
}

TEST_F(UiStorageStatus, OtherFailuresShowTheBrowsersWordsAndTheListStaysUsable) {
    platform.storage = {StoragePhase::Error, 2, 1, "UnknownError: Internal error.", 1'000};
    UiHarness ui(*store, platform);
    EXPECT_NE(text(ui, "storage.banner").find("UnknownError: Internal error."), std::string::npos);
    EXPECT_EQ(ui.state("list.total_text"), "Найдено: 1");
    platform.storage = {StoragePhase::Saved, 2, 2, {}, -1};
    ui.frame();
    EXPECT_FALSE(ui.item("storage.banner").has_value()) << "the banner goes once a save succeeds";
    EXPECT_EQ(text(ui, "status.storage"), "Сохранено");
}

TEST_F(UiStorageStatus, MemoryOnlySaysTheDataIsInThisTabAndOffersNoRetry) {
    platform.storage = {StoragePhase::MemoryOnly, 0, 0, "InvalidStateError: IndexedDB is not available", -1};
    UiHarness ui(*store, platform);
    EXPECT_EQ(text(ui, "status.storage"), "Только в памяти");
    const std::string banner = text(ui, "storage.banner");
    EXPECT_NE(banner.find("только в этой вкладке"), std::string::npos) << banner;
    EXPECT_NE(banner.find("IndexedDB is not available"), std::string::npos) << banner;
    EXPECT_FALSE(ui.item("storage.retry").has_value());
}

TEST_F(UiStorageStatus, OnAPhoneTheSyncTextGetsARowOfItsOwn) {
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    ASSERT_EQ(ui.state("layout"), "narrow");
    const auto sync = ui.item("status.sync");
    const auto saved = ui.item("status.storage");
    const auto button = ui.item("status.sync_now");
    ASSERT_TRUE(sync && saved && button);
    EXPECT_LT(sync->y + sync->h, saved->y + 1.0f) << "the indicator sits under the sync text";
    EXPECT_LT(saved->x + saved->w, button->x) << "the indicator and the button share a row without overlap";
    EXPECT_LE(button->x + button->w, 390.0f);
    EXPECT_LE(button->y + button->h, 844.0f) << "the second row is inside the screen";
}

}  // namespace
}  // namespace crm::ui::test
