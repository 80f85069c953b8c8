// The list's own behaviour beyond what every tab shares (record_screens_test.cpp): filters, the columns of
// each entity and how a narrow list drops them, search timing, reloading, and scrolling through thousands.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string>
#include <vector>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "core/storage/sqlite.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

// Draws frames until the list has read its changed query, page and count (ListScan, a slice per frame).
void settle(UiHarness& ui) {
    for (int frames = 0; frames < 1000 && ui.state("list.counting").get<bool>(); ++frames) ui.frame();
    EXPECT_FALSE(ui.state("list.counting").get<bool>()) << "the list never finished its query";
}

class UiRecordList : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        romashka = add_company(*store, "ООО Ромашка", "decision");
        add_company(*store, "Вектор");
        add_record(
            *store, company_entity(),
            {{"name", "Заря"}, {"owner_id", user_id(*store, "petrov")}, {"journey_stage", journey_stage(2)}});
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka;
};

// The owner is a user account (a reference) since schema 8: the filter bar offers enums and free text only,
// so it has no owner combo any more (a user's customers are one click away on the user's card).
TEST_F(UiRecordList, StageFilterNarrowsTheListAndOwnersAreNoLongerFreeText) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("list.total"), 3);
    ASSERT_TRUE(ui.click("list.filter.journey_stage"));
    ASSERT_TRUE(ui.click("list.filter.journey_stage.2"));  // the team's list, by position: qualification
    EXPECT_EQ(ui.state("list.filter"), (nlohmann::json{{"journey_stage", journey_stage(2)}}));
    EXPECT_EQ(ui.visible_titles(), (std::vector<std::string>{"Заря", "ООО Ромашка"}));

    // Neither the hidden legacy text nor the reference gets a combo or a list of names in use.
    EXPECT_FALSE(ui.state("list.choices").contains("owner"));
    EXPECT_FALSE(ui.item("list.filter.owner").has_value());
    EXPECT_FALSE(ui.item("list.filter.owner_id").has_value());

    ASSERT_TRUE(ui.click("list.filter.journey_stage"));
    ASSERT_TRUE(ui.click("list.filter.journey_stage.all"));
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
    settle(ui);
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
    settle(ui);
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

// Search as you type over a big table: no frame reads more than its step budget, the first screen shows in
// the keystroke's frame, the count follows over the next frames, and a newer keystroke abandons the older
// query.
class UiRecordListBig : public ::testing::Test {
  protected:
    static constexpr int kContacts = 20'000;
    static constexpr int kIvanovEvery = 4;  // 5,000 Ивановы

    static void SetUpTestSuite() {
        store_ = make_store().release();
        ASSERT_NE(store_, nullptr);
        auto tx = storage::Transaction::begin(store_->db());
        ASSERT_TRUE(tx.ok());
        domain::Repository repo = records(*store_, contact_entity());
        for (int i = 0; i < kContacts; ++i) {
            domain::Record r(contact_entity());
            const std::string n = std::to_string(i);
            r.set("name", i % kIvanovEvery == 0 ? "Иванов Пётр " + n : "Петров Сидор " + n);
            ASSERT_TRUE(repo.create(std::move(r)).ok());
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    static void TearDownTestSuite() {
        delete store_;
        store_ = nullptr;
    }

    static domain::Page expected(const std::string& search) {
        domain::ListQuery q;
        q.search = search;
        q.limit = 5;
        auto page = records(*store_, contact_entity()).list(q);
        EXPECT_TRUE(page.ok());
        return page.ok() ? std::move(page).value() : domain::Page{};
    }
    // Draws frames until the list has read its query (page and count); every frame's steps within budget.
    int settle(UiHarness& ui, int step_budget) {
        for (int frames = 0; frames < 1000; ++frames) {
            const auto scan = ui.state("list.scan");
            EXPECT_LE(scan["steps"].get<int>(), step_budget);
            if (!ui.state("list.counting").get<bool>()) return frames;
            ui.frame();
        }
        ADD_FAILURE() << "the list never finished its query";
        return -1;
    }
    std::vector<std::string> visible_ids(UiHarness& ui) {
        std::vector<std::string> ids;
        for (const auto& row : ui.state("list.visible")) ids.push_back(row["id"].get<std::string>());
        return ids;
    }

    static Store* store_;
    FakePlatform platform;
};

Store* UiRecordListBig::store_ = nullptr;

TEST_F(UiRecordListBig, NoFrameReadsMoreThanItsStepBudgetAndTheCountFollowsTheFirstScreen) {
    platform.monotonic_step = 0.0;  // a frozen clock: only the step budget ends a frame's slice
    UiHarness ui(*store_, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    settle(ui, limits::kListScanStepsPerFrame);
    EXPECT_GT(ui.state("list.scan")["frames"], 1);  // 20,000 contacts are counted over frames
    EXPECT_EQ(ui.state("list.total"), kContacts);

    ASSERT_TRUE(ui.click("list.search"));
    ImGui::GetIO().AddInputCharactersUTF8("иванов");
    ui.frame();  // the keystroke's frame
    const auto scan = ui.state("list.scan");
    EXPECT_EQ(scan["steps"], limits::kListScanStepsPerFrame);  // the budget, not the whole query
    EXPECT_TRUE(ui.state("list.counting").get<bool>());
    EXPECT_FALSE(scan["page_pending"].get<bool>());  // the first screen is shown already
    const domain::Page want = expected("иванов");
    ASSERT_EQ(want.total, kContacts / kIvanovEvery);
    const auto shown = visible_ids(ui);
    ASSERT_GE(shown.size(), want.rows.size());
    for (std::size_t i = 0; i < want.rows.size(); ++i) EXPECT_EQ(shown[i], want.rows[i].id);
    EXPECT_LT(ui.state("list.total").get<std::int64_t>(), want.total);  // counted so far
    EXPECT_NE(ui.state("list.total_text").get<std::string>().find("…"), std::string::npos);

    EXPECT_GE(settle(ui, limits::kListScanStepsPerFrame), 1);
    EXPECT_GT(ui.state("list.scan")["frames"], 1);
    EXPECT_EQ(ui.state("list.total"), want.total);
    EXPECT_EQ(ui.state("list.total_text"), "Найдено: 5\u00A0000");
    const auto timing = ui.state("list.search_timing");
    EXPECT_TRUE(timing["first_rows_ms"].is_number());
    EXPECT_TRUE(timing["count_ms"].is_number());
}

TEST_F(UiRecordListBig, TheFrameClockEndsASliceOnTime) {
    platform.monotonic_step = 1.0;  // every reading 1 ms later: a few readings spend the frame's budget
    UiHarness ui(*store_, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    // The clock is read every kListScanClockStride steps; the budget runs out after that many readings.
    const int by_clock = limits::kListScanClockStride *
                         (static_cast<int>(limits::kListScanFrameBudgetMs / platform.monotonic_step) + 1);
    ASSERT_LT(by_clock, limits::kListScanStepsPerFrame);
    settle(ui, by_clock);
    EXPECT_GT(ui.state("list.scan")["frames"], kContacts / by_clock);
    EXPECT_EQ(ui.state("list.total"), kContacts);
}

TEST_F(UiRecordListBig, TypingAgainAbandonsTheOlderQuery) {
    platform.monotonic_step = 0.0;
    UiHarness ui(*store_, platform);
    ASSERT_TRUE(ui.click("list.tab.contact"));
    settle(ui, limits::kListScanStepsPerFrame);
    ASSERT_TRUE(ui.click("list.search"));
    ImGui::GetIO().AddInputCharactersUTF8("петров");
    ui.frame();
    ASSERT_TRUE(ui.state("list.counting").get<bool>());  // 15,000 matches: counted over several frames
    ui.frame();
    ASSERT_TRUE(ui.state("list.counting").get<bool>());
    const auto old_steps = ui.state("list.scan")["total_steps"].get<std::int64_t>();
    EXPECT_EQ(old_steps, 2 * limits::kListScanStepsPerFrame);

    ImGui::GetIO().AddInputCharactersUTF8(" сидор 12");
    ui.frame();
    // A new scan: its steps are this frame's alone, the old query's count is gone.
    const auto scan = ui.state("list.scan");
    EXPECT_EQ(scan["frames"], 1);
    EXPECT_EQ(scan["total_steps"], scan["steps"]);
    settle(ui, limits::kListScanStepsPerFrame);
    const domain::Page want = expected("петров сидор 12");
    EXPECT_EQ(ui.state("list.total"), want.total);
    EXPECT_EQ(ui.state("list.search"), "петров сидор 12");
    const auto shown = visible_ids(ui);
    ASSERT_GE(shown.size(), want.rows.size());
    for (std::size_t i = 0; i < want.rows.size(); ++i) EXPECT_EQ(shown[i], want.rows[i].id);
}

}  // namespace
}  // namespace crm::ui::test
