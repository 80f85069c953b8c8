// The sales pipeline's records in the generic screens, on the demo data: the deals tab, a deal's card with
// its stage history, a pipeline's stages, a company's deals. (The board comes with its own views.)
#include <gtest/gtest.h>

#include <string>

#include "core/demo/demo_data.hpp"
#include "tests/ui/ui_harness.hpp"

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
    ASSERT_TRUE(ui.click("list.tab.deal"));
    EXPECT_EQ(ui.state("list.total"), kDeals);
    ASSERT_TRUE(ui.click("list.row.0"));
    EXPECT_EQ(ui.state("card.entity"), "deal");
    const nlohmann::json text = ui.state("card.text");
    EXPECT_FALSE(text["stage_id"].get<std::string>().empty());
    EXPECT_FALSE(text["pipeline_id"].get<std::string>().empty());
    EXPECT_FALSE(text["status"].get<std::string>().empty());
    EXPECT_FALSE(text["owner"].get<std::string>().empty());
    const nlohmann::json related = ui.state("card.related");
    ASSERT_TRUE(related.contains("stage_history"));
    EXPECT_GE(related["stage_history"].get<int>(), 1);  // every deal entered its first stage
    ASSERT_TRUE(ui.click("card.related.stage_history.0"));
    EXPECT_EQ(ui.state("card.entity"), "stage_history");
    EXPECT_FALSE(ui.state("card.title").get<std::string>().empty());
}

TEST_F(UiPipelineScreens, APipelinesCardListsItsStagesAndDeals) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.pipeline"));
    EXPECT_EQ(ui.state("list.total"), 2);
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Повторные продажи", "Продажи"}));
    ASSERT_TRUE(ui.click("list.row.1"));
    EXPECT_EQ(ui.state("card.title"), "Продажи");
    const nlohmann::json related = ui.state("card.related");
    EXPECT_EQ(related["stage"], 7);
    EXPECT_GT(related["deal"].get<int>(), 0);
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
