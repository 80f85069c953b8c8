// The sales pipeline's records in the generic screens, on the demo data: the deals tab, a deal's card with
// its stage history, a pipeline's stages, a company's deals. (The board comes with its own views.)
#include <gtest/gtest.h>

#include <algorithm>

#include <string>

#include "core/demo/demo_data.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

constexpr int kDeals = 40;

class UiPipelineScreens : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        const Status made = demo::generate(*store, {6, 18, kDeals}, 3);
        ASSERT_TRUE(made.ok()) << made.error().message;
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiPipelineScreens, ADealsCardShowsItsStageCustomerAmountAndHistory) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.deals"));
    EXPECT_EQ(ui.state("nav.section"), "deals");
    ASSERT_TRUE(ui.click("board.mode.list"));  // the section opens on the board
    EXPECT_EQ(ui.state("list.tab"), "deal");
    EXPECT_EQ(ui.state("list.total"), kDeals);
    ASSERT_TRUE(ui.click("list.row.0"));
    EXPECT_EQ(ui.state("card.entity"), "deal");
    const nlohmann::json text = ui.state("card.text");
    EXPECT_FALSE(text["stage_id"].get<std::string>().empty());
    EXPECT_FALSE(text["pipeline_id"].get<std::string>().empty());
    EXPECT_FALSE(text["status"].get<std::string>().empty());
    EXPECT_FALSE(text["owner_id"].get<std::string>().empty());
    const nlohmann::json related = ui.state("card.related");
    ASSERT_TRUE(related.contains("stage_history"));
    EXPECT_GE(related["stage_history"].get<int>(), 1);  // every deal entered its first stage
    ASSERT_TRUE(ui.click("card.related.stage_history.0"));
    EXPECT_EQ(ui.state("card.entity"), "stage_history");
    EXPECT_FALSE(ui.state("card.title").get<std::string>().empty());
}

TEST_F(UiPipelineScreens, APipelinesCardListsItsStagesAndDeals) {
    UiHarness ui(*store, platform);
    // Pipelines have no list tab (the settings edit them); a deal's card links to its pipeline's.
    ASSERT_TRUE(ui.click("nav.section.deals"));
    ASSERT_TRUE(ui.click("board.mode.list"));
    ASSERT_TRUE(ui.click("list.row.0"));
    ASSERT_TRUE(ui.click("card.ref.pipeline_id"));
    EXPECT_EQ(ui.state("card.entity"), "pipeline");
    const std::string title = ui.state("card.title");
    EXPECT_TRUE(title == "Продажи" || title == "Повторные продажи") << title;
    const nlohmann::json related = ui.state("card.related");
    EXPECT_EQ(related["stage"], title == "Продажи" ? 7 : 6);
    EXPECT_GT(related["deal"].get<int>(), 0);
}

TEST_F(UiPipelineScreens, SectionsSplitTheTabsAndFitAPhone) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("nav.section"), "customers");
    EXPECT_EQ(ui.state("nav.entities")["customers"], (nlohmann::json{"company", "contact"}));
    EXPECT_TRUE(ui.item("list.tab.company").has_value());
    EXPECT_FALSE(ui.item("list.tab.deal").has_value());
    EXPECT_FALSE(ui.item("list.tab.pipeline").has_value());
    EXPECT_FALSE(ui.item("list.tab.loss_reason").has_value());
    ASSERT_TRUE(ui.click("nav.section.deals"));
    ASSERT_TRUE(ui.click("board.mode.list"));
    EXPECT_TRUE(ui.item("list.tab.deal").has_value());
    EXPECT_FALSE(ui.item("list.tab.company").has_value());
    ASSERT_TRUE(ui.click("nav.section.customers"));
    EXPECT_EQ(ui.state("list.tab"), "company");

    // A phone: the sections are a bottom bar of touch-sized buttons side by side within the screen.
    UiHarness phone(*store, platform, 390.0f, 844.0f);
    float right = 0.0f;
    const nlohmann::json sections = phone.state("nav.entities");
    // Left to right (the state's keys are in alphabetical order, not the bar's).
    std::vector<std::pair<ItemRect, std::string>> bar;
    for (const auto& [key, names] : sections.items()) {
        const auto rect = phone.item("nav.section." + key);
        ASSERT_TRUE(rect.has_value()) << key;
        bar.emplace_back(*rect, key);
    }
    std::sort(bar.begin(), bar.end(), [](const auto& a, const auto& b) { return a.first.x < b.first.x; });
    for (const auto& [r, key] : bar) {
        const ItemRect* rect = &r;
        EXPECT_GE(rect->h, limits::kTouchTargetMinPx);
        EXPECT_GE(rect->x, right);
        right = rect->x + rect->w;
        EXPECT_LE(right, 390.0f);
        EXPECT_GT(rect->y, 844.0f / 2.0f);
    }
    // Every label reads in full inside its button, in both languages (the long ones have short forms).
    for (const char* lang : {"topbar.lang.ru", "topbar.lang.en"}) {
        ASSERT_TRUE(phone.click(lang));
        const nlohmann::json labels = phone.state("nav.labels");
        for (const auto& [key, label] : labels.items())
            EXPECT_TRUE(label["fits"].get<bool>()) << lang << " " << key;
    }
    ASSERT_TRUE(phone.click("nav.section.deals"));
    EXPECT_EQ(phone.state("board.mode"), "board");
    ASSERT_TRUE(phone.click("board.mode.list"));
    EXPECT_EQ(phone.state("list.tab"), "deal");
}

TEST_F(UiPipelineScreens, ACompanysCardListsItsDeals) {
    UiHarness ui(*store, platform);
    int with_deals = 0;
    for (int row = 0; row < 6; ++row) {
        ASSERT_TRUE(ui.click("list.row." + std::to_string(row)));
        const nlohmann::json related = ui.state("card.related");
        ASSERT_TRUE(related.contains("deal"));
        if (related["deal"].get<int>() > 0) ++with_deals;
    }
    EXPECT_GT(with_deals, 0);
}

}  // namespace
}  // namespace crm::ui::test
