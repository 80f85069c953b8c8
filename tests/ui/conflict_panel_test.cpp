// The card's conflict panel (ui/views/conflict_panel.cpp): a received change that beat the rep's unsent edit
// marks the field and shows both values, who and when; "apply mine again" is a new edit in the outbox,
// "dismiss" keeps the winner; a record deleted elsewhere is shown with "restore". The status bar counts them.
#include <gtest/gtest.h>

#include <string>

#include "core/sync/merge.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

// A UUIDv7-shaped id of the device whose change wins; the card shows its last characters.
constexpr const char* kOtherDevice = "0190f3a2-7c1e-7d00-8b2a-4e5f3f9a12c4";
constexpr std::int64_t kLaterMs = kNowMs + 3'600'000;  // one hour after the rep's edit

class UiConflictPanel : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        id = add_company(*store, "ООО Ромашка");
        // The company reached the server; then the rep edits it offline.
        auto all = store->changes().pending(1000);
        ASSERT_TRUE(all.ok());
        ASSERT_TRUE(store->changes().acknowledge(*all).ok());
    }

    void edit_offline(const std::string& field, const std::string& value) {
        domain::Record r = read_record(*store, company_entity(), id);
        r.set(field, value);
        ASSERT_TRUE(records(*store, company_entity()).update(r).ok());
    }

    // What a sync delivers from another device, merged the way the client merges it.
    void receive(const std::string& field, nlohmann::json value) {
        sync::Change c;
        c.table = "companies";
        c.row_id = id;
        c.field = field;
        c.value = std::move(value);
        c.hlc = sync::Hlc{kLaterMs, 0};
        c.device = kOtherDevice;
        auto merged = sync::apply_remote(store->db(), store->changes(), {c}, 0, &store->conflicts());
        ASSERT_TRUE(merged.ok()) << merged.error().message;
        ASSERT_EQ(merged->applied, 1);
    }

    bool queued(const std::string& field) {
        auto fields = store->changes().queued_fields("companies", id);
        return fields.ok() && std::find(fields->begin(), fields->end(), field) != fields->end();
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string id;
};

TEST_F(UiConflictPanel, MarksTheFieldAndShowsBothValuesWhoAndWhen) {
    edit_offline("address", "Тверская, 1");
    receive("address", "Невский, 2");
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("status.conflicts"), 1);
    ASSERT_TRUE(ui.click("status.conflicts"));  // opens the card of the newest conflict
    EXPECT_EQ(ui.state("card.id"), id);
    EXPECT_EQ(ui.state("card.text")["address"], "Невский, 2");  // the card shows what won
    EXPECT_TRUE(ui.item("card.mark.address").has_value());
    EXPECT_FALSE(ui.item("card.mark.phones").has_value());
    EXPECT_FALSE(ui.item("card.mark.name").has_value());
    EXPECT_TRUE(ui.item("card.conflict.address").has_value());
    const auto conflicts = ui.state("card.conflicts");
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0]["kind"], "field");
    EXPECT_EQ(conflicts[0]["field"], "address");
    EXPECT_EQ(conflicts[0]["mine_text"], "Тверская, 1");
    EXPECT_EQ(conflicts[0]["theirs_text"], "Невский, 2");
    // 15.11.2023 02:13 in Moscow: the winning clock's time in the device's zone.
    EXPECT_EQ(conflicts[0]["who"], "устройство …3f9a12c4, 15.11.2023 02:13");
    ASSERT_TRUE(ui.click("topbar.lang.en"));
    EXPECT_EQ(ui.state("card.conflicts")[0]["who"], "device …3f9a12c4, 2023-11-15 02:13");
    // The panel sits above the fields, so a rep sees it without scrolling.
    ASSERT_TRUE(ui.item("card.conflict.address.apply").has_value());
    EXPECT_LT(ui.item("card.conflict.address.apply")->y, ui.item("card.mark.address")->y);
}

TEST_F(UiConflictPanel, ApplyMineAgainIsANewEditInTheOutbox) {
    edit_offline("name", "ООО Ромашка-Моя");
    receive("name", "ООО Ромашка-Их");
    EXPECT_FALSE(queued("name"));
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("status.conflicts"));
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка-Их");
    EXPECT_TRUE(ui.item("card.mark.name").has_value());  // the title field: marked by the title
    ASSERT_TRUE(ui.click("card.conflict.name.apply"));
    ui.frame();
    EXPECT_EQ(read_record(*store, company_entity(), id).text("name"), "ООО Ромашка-Моя");
    EXPECT_TRUE(queued("name"));
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка-Моя");
    EXPECT_FALSE(ui.item("card.mark.name").has_value());
    EXPECT_FALSE(ui.item("status.conflicts").has_value());
    EXPECT_EQ(ui.state("status.conflicts"), 0);
}

TEST_F(UiConflictPanel, DismissKeepsTheWinningValue) {
    edit_offline("name", "ООО Ромашка-Моя");
    receive("name", "ООО Ромашка-Их");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("status.conflicts"));
    ASSERT_TRUE(ui.click("card.conflict.name.dismiss"));
    ui.frame();
    EXPECT_EQ(read_record(*store, company_entity(), id).text("name"), "ООО Ромашка-Их");
    EXPECT_FALSE(queued("name"));
    EXPECT_FALSE(ui.item("card.conflict.name").has_value());
    EXPECT_EQ(ui.state("card.conflicts").size(), 0u);
}

TEST_F(UiConflictPanel, DeletedElsewhereIsShownWithRestore) {
    edit_offline("name", "ООО Ромашка-Моя");
    receive("deleted", 1);
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.visible_titles().size(), 0u);  // deleted: not listed
    ASSERT_TRUE(ui.click("status.conflicts"));
    EXPECT_EQ(ui.state("card.id"), id);
    const auto conflicts = ui.state("card.conflicts");
    ASSERT_EQ(conflicts.size(), 1u);
    EXPECT_EQ(conflicts[0]["kind"], "deleted");
    EXPECT_EQ(conflicts[0]["mine"], (nlohmann::json{{"name", "ООО Ромашка-Моя"}}));
    ASSERT_TRUE(ui.click("card.conflict.deleted.restore"));
    ui.frame(2);
    EXPECT_EQ(ui.state("card.title"), "ООО Ромашка-Моя");
    EXPECT_TRUE(queued("deleted"));
    ASSERT_EQ(ui.visible_titles().size(), 1u);  // listed again
    EXPECT_EQ(ui.visible_titles()[0], "ООО Ромашка-Моя");
    EXPECT_EQ(ui.state("status.conflicts"), 0);
}

TEST_F(UiConflictPanel, NarrowLayoutKeepsTheButtonsOnScreen) {
    edit_offline("name", "ООО Ромашка-Моя");
    receive("name", "ООО Ромашка-Их");
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    ASSERT_TRUE(ui.click("status.conflicts"));
    for (const char* tag : {"card.conflict.name.apply", "card.conflict.name.dismiss"}) {
        const auto r = ui.item(tag);
        ASSERT_TRUE(r.has_value()) << tag;
        EXPECT_GE(r->x, 0.0f) << tag;
        EXPECT_LE(r->x + r->w, 390.0f) << tag;
    }
}

}  // namespace
}  // namespace crm::ui::test
