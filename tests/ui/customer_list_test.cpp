// The customer list driven like a user would: reading, sorting by header clicks, searching as you type,
// switching tabs, scrolling a long list.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/demo/demo_data.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

const std::vector<std::string> kCompanyNames = {
    "Сибирские технологии", "Альфа-Строй", "ООО Ромашка", "Ёлки-Палки", "Beta Systems",
    "Иванов и партнёры",    "Вектор",      "Европа Трейд", "Жемчуг",     "Acme Corp",
};

bool folded_less(const std::string& a, const std::string& b) { return text::compare_folded(a, b) < 0; }

class UiCustomerList : public ::testing::Test {
protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        for (const auto& name : kCompanyNames) add_company(*store, name);
    }

    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiCustomerList, ShowsTheTotalAndRowsSortedByName) {
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("customers.tab"), "companies");
    EXPECT_EQ(ui.state("customers.total"), 10);
    EXPECT_EQ(ui.state("customers.total_text"), "Найдено: 10");

    std::vector<std::string> expected = kCompanyNames;
    std::sort(expected.begin(), expected.end(), folded_less);
    EXPECT_EQ(ui.visible_names(), expected);
    ASSERT_TRUE(ui.item("customers.row.0").has_value());
    ASSERT_TRUE(ui.item("customers.row.9").has_value());
    EXPECT_FALSE(ui.item("customers.row.10").has_value());
    // Rows are laid out top to bottom, below the header.
    EXPECT_LT(ui.item("customers.row.0")->y, ui.item("customers.row.1")->y);
    EXPECT_GT(ui.item("customers.row.0")->y, ui.item("customers.col.name")->y);
}

TEST_F(UiCustomerList, ClickingTheNameHeaderReversesTheOrder) {
    UiHarness ui(*store, platform);
    const std::vector<std::string> ascending = ui.visible_names();
    ASSERT_EQ(ascending.size(), kCompanyNames.size());

    ASSERT_TRUE(ui.click("customers.col.name"));
    EXPECT_EQ(ui.state("customers.sort")["descending"], true);
    std::vector<std::string> descending = ui.visible_names();
    std::vector<std::string> reversed(ascending.rbegin(), ascending.rend());
    EXPECT_EQ(descending, reversed);

    ASSERT_TRUE(ui.click("customers.col.name"));
    EXPECT_EQ(ui.visible_names(), ascending);
}

TEST_F(UiCustomerList, SortingByStageOrdersByThePipelineNotAlphabetically) {
    add_company(*store, "Покупатель", domain::JourneyStage::Purchase);
    add_company(*store, "Адвокат бренда", domain::JourneyStage::Advocacy);
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.col.stage"));
    EXPECT_EQ(ui.state("customers.sort")["field"], "journey_stage");
    const auto names = ui.visible_names();
    ASSERT_EQ(names.size(), 12u);
    // Ten "awareness" companies first, then purchase, then advocacy.
    EXPECT_EQ(names[10], "Покупатель");
    EXPECT_EQ(names[11], "Адвокат бренда");
}

TEST_F(UiCustomerList, TypingNarrowsTheListOnEveryKeystroke) {
    add_company(*store, "Иванова Мария ИП");
    add_company(*store, "Иваново Текстиль");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.search"));

    ui.type_per_char("ив");
    EXPECT_EQ(ui.state("customers.search"), "ив");
    EXPECT_EQ(ui.state("customers.total"), 3);

    ui.type_per_char("ано");  // "ивано": all three still match
    EXPECT_EQ(ui.state("customers.total"), 3);
    ui.type_per_char("ва");  // "иванова" drops "Иваново", "Иванов и партнёры"
    EXPECT_EQ(ui.state("customers.total"), 1);
    EXPECT_EQ(ui.visible_names(), std::vector<std::string>{"Иванова Мария ИП"});

    ui.press(ImGuiKey_Backspace);
    ui.press(ImGuiKey_Backspace);
    EXPECT_EQ(ui.state("customers.search"), "ивано");
    EXPECT_EQ(ui.state("customers.total"), 3);
}

TEST_F(UiCustomerList, EveryKeystrokeOfASearchIsTimedUntilItsRowsAreLoaded) {
    UiHarness ui(*store, platform);
    ui.app().automation().perf().clear();
    ui.frame(3);  // drawing alone measures no search
    EXPECT_EQ(ui.app().automation().perf().search_ms.size(), 0u);

    ASSERT_TRUE(ui.click("customers.search"));
    ui.type_per_char("ивано");
    ui.press(ImGuiKey_Backspace);
    const SampleRing& searches = ui.app().automation().perf().search_ms;
    EXPECT_EQ(searches.size(), 6u);
    // The fake clock advances one step per reading: keystroke, then rows loaded.
    EXPECT_EQ(searches.percentile(50), platform.monotonic_step);
    EXPECT_EQ(searches.percentile(95), platform.monotonic_step);
    ui.wheel("customers.row.0", 1.0f);
    EXPECT_EQ(searches.size(), 6u);
}

TEST_F(UiCustomerList, SearchIsCaseInsensitiveForCyrillicAndShowsAnEmptyState) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.search"));
    ui.type("РОМАШ");
    EXPECT_EQ(ui.visible_names(), std::vector<std::string>{"ООО Ромашка"});
    ui.type("кооо");
    EXPECT_EQ(ui.state("customers.total"), 0);
    EXPECT_EQ(ui.state("customers.total_text"), "Найдено: 0");
    EXPECT_TRUE(ui.state("customers.visible").empty());
    EXPECT_FALSE(ui.item("customers.row.0").has_value());
}

TEST_F(UiCustomerList, ContactsTabListsContactsWithTheirCompany) {
    const std::string romashka = add_company(*store, "ООО Лютик");
    add_contact(*store, "Петров Пётр", romashka, "Директор");
    add_contact(*store, "Анна Смирнова", romashka, "Бухгалтер");
    add_contact(*store, "Частный Клиент", "");
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    EXPECT_EQ(ui.state("customers.tab"), "contacts");
    EXPECT_EQ(ui.state("customers.total"), 3);
    EXPECT_EQ(ui.visible_names(), (std::vector<std::string>{"Анна Смирнова", "Петров Пётр", "Частный Клиент"}));
    EXPECT_TRUE(ui.item("customers.col.company").has_value());
    EXPECT_TRUE(ui.item("customers.col.position").has_value());

    ASSERT_TRUE(ui.click("customers.tab.companies"));
    EXPECT_EQ(ui.state("customers.total"), 11);
}

TEST_F(UiCustomerList, NewDataAppearsAfterDataChanged) {
    UiHarness ui(*store, platform);
    add_company(*store, "AAA First");  // as if a sync applied it
    ui.frame();
    EXPECT_EQ(ui.state("customers.total"), 10);  // cached until told
    ui.app().data_changed();
    ui.frame();
    EXPECT_EQ(ui.state("customers.total"), 11);
    EXPECT_EQ(ui.visible_names().front(), "AAA First");
}

TEST(UiCustomerListLong, ASearchLoadsAScreenfulAndScrollingLoadsTheRest) {
    auto store = make_store();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(demo::generate(*store, {10, limits::kDemoContacts}).ok());
    FakePlatform platform;
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    ASSERT_TRUE(ui.click("customers.search"));
    ui.type_per_char("а");  // most names have an "а…" word: far more matches than fit on the screen
    const auto total = ui.state("customers.total").get<int>();
    ASSERT_GT(total, limits::kListWindowRows);
    const auto visible = ui.state("customers.visible");
    const auto window = ui.state("customers.window");
    EXPECT_EQ(window["offset"], 0);
    EXPECT_GE(window["count"].get<std::size_t>(), visible.size());
    EXPECT_LE(window["count"].get<std::size_t>(), visible.size() + 2 + limits::kListNewQueryExtraRows);

    ui.wheel("customers.row.3", 6.0f);
    const auto scrolled = ui.state("customers.visible");
    ASSERT_FALSE(scrolled.empty());
    EXPECT_GT(scrolled[0]["index"].get<int>(), 0);
    EXPECT_EQ(ui.state("customers.window")["count"], limits::kListWindowRows);
    EXPECT_EQ(ui.state("customers.total"), total);
    domain::ListQuery q;
    q.search = "а";
    q.offset = scrolled[0]["index"].get<int>();
    q.limit = static_cast<int>(scrolled.size());
    auto page = store->contacts().list(q);
    ASSERT_TRUE(page.ok());
    for (std::size_t i = 0; i < scrolled.size(); ++i) EXPECT_EQ(scrolled[i]["id"], page->rows[i].id);
}

TEST(UiCustomerListLong, ScrollsThroughThousandsOfRowsFetchingOnlyWindows) {
    auto store = make_store();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(demo::generate(*store, {10, limits::kDemoContacts}).ok());
    FakePlatform platform;
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("customers.tab.contacts"));
    EXPECT_EQ(ui.state("customers.total"), limits::kDemoContacts);
    EXPECT_EQ(ui.state("customers.total_text"), "Найдено: 2\u00A0400");
    const auto window = ui.state("customers.window");
    EXPECT_LE(window["count"].get<int>(), limits::kListWindowRows);
    const auto fetches_at_top = window["fetches"].get<int>();

    // A small scroll stays inside the cached window: no new query.
    ui.wheel("customers.row.5", 2.0f);
    const int first_after_small = ui.state("customers.visible")[0]["index"].get<int>();
    EXPECT_GT(first_after_small, 0);
    EXPECT_EQ(ui.state("customers.window")["fetches"], fetches_at_top);

    // A long scroll leaves it: one fetch around the new position, and the rows there are the right ones.
    ui.wheel("customers.row." + std::to_string(first_after_small + 3), 150.0f);
    const auto visible = ui.state("customers.visible");
    ASSERT_FALSE(visible.empty());
    const int first = visible[0]["index"].get<int>();
    EXPECT_GT(first, limits::kListWindowRows);
    EXPECT_GT(ui.state("customers.window")["fetches"].get<int>(), fetches_at_top);
    EXPECT_LE(ui.state("customers.window")["offset"].get<int>(), first);
    EXPECT_EQ(ui.state("customers.total"), limits::kDemoContacts);  // kept, not counted again

    domain::ListQuery q;
    q.offset = first;
    q.limit = static_cast<int>(visible.size());
    auto page = store->contacts().list(q);
    ASSERT_TRUE(page.ok());
    for (std::size_t i = 0; i < visible.size(); ++i) {
        EXPECT_EQ(visible[i]["index"], first + static_cast<int>(i));
        EXPECT_EQ(visible[i]["id"], page->rows[i].id) << "row " << first + static_cast<int>(i);
    }
    // The tagged rows are where a user would click them: inside the table, below one another.
    const auto r0 = ui.item("customers.row." + std::to_string(first));
    const auto r1 = ui.item("customers.row." + std::to_string(first + 1));
    ASSERT_TRUE(r0 && r1);
    EXPECT_LT(r0->y, r1->y);
}

}  // namespace
}  // namespace crm::ui::test
