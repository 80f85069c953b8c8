// The list's own behaviour beyond what every tab shares (record_screens_test.cpp): filters, the columns of
// each entity and how a narrow list drops them, search timing, reloading, and scrolling through thousands.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

class UiRecordList : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        romashka = add_company(*store, "ООО Ромашка", "decision");
        add_company(*store, "Вектор");
        add_record(*store, company_entity(),
                   {{"name", "Заря"}, {"owner", "petrov"}, {"journey_stage", journey_stage(2)}});
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka;
};

TEST_F(UiRecordList, StageAndOwnerFiltersNarrowTheList) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("list.total"), 3);
    ASSERT_TRUE(ui.click("list.filter.journey_stage"));
    ASSERT_TRUE(ui.click("list.filter.journey_stage.2"));  // the team's list, by position: qualification
    EXPECT_EQ(ui.state("list.filter"), (nlohmann::json{{"journey_stage", journey_stage(2)}}));
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Заря", "ООО Ромашка"}));

    EXPECT_EQ(ui.state("list.choices")["owner"], (nlohmann::json{"ivanova", "petrov"}));
    ASSERT_TRUE(ui.click("list.filter.owner"));
    ASSERT_TRUE(ui.click("list.filter.owner.0"));
    EXPECT_EQ(ui.state("list.filter")["owner"], "ivanova");
    EXPECT_EQ(ui.visible_titles(), std::vector<std::string>{"ООО Ромашка"});

    ASSERT_TRUE(ui.click("list.filter.journey_stage"));
    ASSERT_TRUE(ui.click("list.filter.journey_stage.all"));
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Вектор", "ООО Ромашка"}));
    ASSERT_TRUE(ui.click("list.filter.owner"));
    ASSERT_TRUE(ui.click("list.filter.owner.all"));
    EXPECT_EQ(ui.state("list.total"), 3);
    EXPECT_TRUE(ui.state("list.filter").empty());
    // A reference (the contact's company) has no combo in the filter bar.
    ASSERT_TRUE(ui.click("list.tab.contact"));
    EXPECT_TRUE(ui.item("list.filter.journey_stage").has_value());
    EXPECT_FALSE(ui.item("list.filter.company_id").has_value());
}

TEST_F(UiRecordList, SortingByStageFollowsThePipelineNotTheAlphabet) {
    add_company(*store, "Покупатель", "purchase");
    add_company(*store, "Адвокат бренда", "advocacy");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.col.journey_stage"));
    EXPECT_EQ(ui.state("list.sort")["field"], "journey_stage");
    const auto titles = ui.visible_titles();
    ASSERT_EQ(titles.size(), 5u);
    // Attraction, the two in qualification, sale, repeat sales: the team's list in its order.
    EXPECT_EQ(titles[0], "Вектор");
    EXPECT_EQ(titles[3], "Покупатель");
    EXPECT_EQ(titles[4], "Адвокат бренда");
}

TEST_F(UiRecordList, TheContactsTabShowsTheirCompanyAndPosition) {
    add_contact(*store, "Петров Пётр", romashka, "Директор");
    add_contact(*store, "Частный Клиент", "");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    EXPECT_EQ(ui.state("list.total"), 2);
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Петров Пётр", "Частный Клиент"}));
    const auto columns = ui.state("list.columns");
    EXPECT_EQ(columns[0], "name");
    EXPECT_EQ(columns[1], "company_id");
    EXPECT_TRUE(ui.item("list.col.position").has_value());
    ASSERT_TRUE(ui.click("list.tab.company"));
    EXPECT_EQ(ui.state("list.total"), 3);
}

TEST_F(UiRecordList, ANarrowListDropsItsLeastUsefulColumnsInsteadOfCuttingThem) {
    for (int i = 0; i < 20; ++i)
        add_contact(*store, "Контакт с длинным именем " + std::to_string(i), romashka,
                    "Руководитель отдела продаж");
    std::size_t wide_count = 0;
    {
        UiHarness ui(*store, platform, 2400.0f, 800.0f);
        ASSERT_TRUE(ui.click("list.tab.contact"));
        expect_columns_fit(ui, contact_entity());
        wide_count = ui.state("list.columns").size();
        EXPECT_EQ(wide_count, contact_entity().columns.size());  // room for all of them
    }
    UiHarness phone(*store, platform, 390.0f, 844.0f);
    ASSERT_TRUE(phone.click("list.tab.contact"));
    expect_columns_fit(phone, contact_entity());
    const auto phone_columns = phone.state("list.columns");
    EXPECT_LT(phone_columns.size(), wide_count);
    EXPECT_EQ(phone_columns[0], "name");  // priority 0: never dropped
    // A card open beside the list narrows it on a desktop too.
    UiHarness desk(*store, platform, 2400.0f, 800.0f);
    ASSERT_TRUE(desk.click("list.tab.contact"));
    const std::size_t before = desk.state("list.columns").size();
    ASSERT_TRUE(desk.click("list.row.0"));
    expect_columns_fit(desk, contact_entity());
    EXPECT_LT(desk.state("list.columns").size(), before);
    // The column the list is sorted by stays, even when it is one of the first to go.
    ASSERT_TRUE(desk.click("card.close"));
    ASSERT_TRUE(desk.click("list.col.updated_at"));
    ASSERT_TRUE(desk.click("list.row.0"));
    const auto kept = desk.state("list.columns");
    EXPECT_NE(std::find(kept.begin(), kept.end(), "updated_at"), kept.end());
    EXPECT_EQ(desk.state("list.sort")["field"], "updated_at");
}

TEST_F(UiRecordList, EveryKeystrokeOfASearchIsTimedUntilItsRowsAreLoaded) {
    UiHarness ui(*store, platform);
    ui.app().automation().perf().clear();
    ui.frame(3);  // drawing alone measures no search
    EXPECT_EQ(ui.app().automation().perf().search_ms.size(), 0u);
    ASSERT_TRUE(ui.click("list.search"));
    ui.type_per_char("ром");
    ui.press(ImGuiKey_Backspace);
    const SampleRing& searches = ui.app().automation().perf().search_ms;
    EXPECT_EQ(searches.size(), 4u);
    // The fake clock advances one step per reading: keystroke, then rows loaded.
    EXPECT_EQ(searches.percentile(50), platform.monotonic_step);
}

TEST_F(UiRecordList, NewDataAppearsAfterDataChanged) {
    UiHarness ui(*store, platform);
    add_company(*store, "AAA First");  // as if a sync applied it
    ui.frame();
    EXPECT_EQ(ui.state("list.total"), 3);  // cached until told
    ui.app().data_changed();
    ui.frame();
    EXPECT_EQ(ui.state("list.total"), 4);
    EXPECT_EQ(ui.visible_titles().front(), "AAA First");
}

TEST(UiRecordListLong, ASearchLoadsAScreenfulAndScrollingLoadsTheRest) {
    auto store = make_store();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(demo::generate(*store, {10, limits::kDemoContacts}).ok());
    FakePlatform platform;
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    ASSERT_TRUE(ui.click("list.search"));
    ui.type_per_char("а");  // most names have an "а…" word: far more matches than fit on the screen
    const auto total = ui.state("list.total").get<int>();
    ASSERT_GT(total, limits::kListWindowRows);
    const auto visible = ui.state("list.visible");
    const auto window = ui.state("list.window");
    EXPECT_EQ(window["offset"], 0);
    EXPECT_GE(window["count"].get<std::size_t>(), visible.size());
    EXPECT_LE(window["count"].get<std::size_t>(), visible.size() + 2 + limits::kListNewQueryExtraRows);

    ui.wheel("list.row.3", 6.0f);
    const auto scrolled = ui.state("list.visible");
    ASSERT_FALSE(scrolled.empty());
    EXPECT_GT(scrolled[0]["index"].get<int>(), 0);
    EXPECT_EQ(ui.state("list.window")["count"], limits::kListWindowRows);
    EXPECT_EQ(ui.state("list.total"), total);
    domain::ListQuery q;
    q.search = "а";
    q.offset = scrolled[0]["index"].get<int>();
    q.limit = static_cast<int>(scrolled.size());
    auto page = records(*store, contact_entity()).list(q);
    ASSERT_TRUE(page.ok());
    for (std::size_t i = 0; i < scrolled.size(); ++i) EXPECT_EQ(scrolled[i]["id"], page->rows[i].id);
}

TEST(UiRecordListLong, ScrollsThroughThousandsOfRowsFetchingOnlyWindows) {
    auto store = make_store();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(demo::generate(*store, {10, limits::kDemoContacts}).ok());
    FakePlatform platform;
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    EXPECT_EQ(ui.state("list.total"), limits::kDemoContacts);
    EXPECT_EQ(ui.state("list.total_text"), "Найдено: 2\u00A0400");
    const auto fetches_at_top = ui.state("list.window")["fetches"].get<int>();
    EXPECT_LE(ui.state("list.window")["count"].get<int>(), limits::kListWindowRows);

    // A small scroll stays inside the cached window: no new query.
    ui.wheel("list.row.5", 2.0f);
    const int first_after_small = ui.state("list.visible")[0]["index"].get<int>();
    EXPECT_GT(first_after_small, 0);
    EXPECT_EQ(ui.state("list.window")["fetches"], fetches_at_top);

    // A long scroll leaves it: one fetch around the new position, and the rows there are the right ones.
    ui.wheel("list.row." + std::to_string(first_after_small + 3), 150.0f);
    const auto visible = ui.state("list.visible");
    ASSERT_FALSE(visible.empty());
    const int first = visible[0]["index"].get<int>();
    EXPECT_GT(first, limits::kListWindowRows);
    EXPECT_GT(ui.state("list.window")["fetches"].get<int>(), fetches_at_top);
    EXPECT_LE(ui.state("list.window")["offset"].get<int>(), first);
    EXPECT_EQ(ui.state("list.total"), limits::kDemoContacts);  // kept, not counted again

    domain::ListQuery q;
    q.offset = first;
    q.limit = static_cast<int>(visible.size());
    auto page = records(*store, contact_entity()).list(q);
    ASSERT_TRUE(page.ok());
    for (std::size_t i = 0; i < visible.size(); ++i) {
        EXPECT_EQ(visible[i]["index"], first + static_cast<int>(i));
        EXPECT_EQ(visible[i]["id"], page->rows[i].id) << "row " << first + static_cast<int>(i);
    }
    const auto r0 = ui.item("list.row." + std::to_string(first));
    const auto r1 = ui.item("list.row." + std::to_string(first + 1));
    ASSERT_TRUE(r0 && r1);
    EXPECT_LT(r0->y, r1->y);
}

}  // namespace
}  // namespace crm::ui::test
