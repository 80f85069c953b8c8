// A customer's card: the journey strip (the team's stages, the current one with its days, a tap sets it
// through the repository and the timeline shows the change) and the timeline (newest first, filter chips,
// a tap opens the item's record, 1,000 items laid out a screenful at a time).
#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "core/domain/activity.hpp"
#include "core/domain/timeline.hpp"
#include "tests/ui/ui_harness.hpp"

namespace crm::ui::test {
namespace {

constexpr float kTallScreen = 1600.0f;
constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

const domain::EntityDesc& activity_entity() {
    return domain::Registry::app().get(domain::entity::kActivity);
}

class UiCustomerTimeline : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        romashka = add_company(*store, "ООО Ромашка");
        ivan = add_contact(*store, "Иван Петров", romashka, "Директор");
    }
    std::string activity(std::string_view type, const std::string& subject, std::int64_t done_at,
                         const std::string& contact = {}) {
        nlohmann::json v{{"type", std::string(type)},
                         {"subject", subject},
                         {"company_id", romashka},
                         {"due_at", done_at},
                         {"done_at", done_at}};
        if (!contact.empty()) v["contact_id"] = contact;
        return add_record(*store, activity_entity(), v);
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
    std::string romashka, ivan;
};

TEST_F(UiCustomerTimeline, TheStripShowsTheStageWithItsDaysAndATapSetsIt) {
    platform.now = kNowMs + 4 * kDayMs;  // the company was made at kNowMs
    UiHarness ui(*store, platform, 1280.0f, kTallScreen);
    ASSERT_TRUE(ui.click("list.row.0"));
    ASSERT_EQ(ui.state("card.id"), romashka);
    auto strip = ui.state("journey.strip");
    EXPECT_EQ(strip["current"], journey_stage(0));
    EXPECT_EQ(strip["days"], 4);
    EXPECT_EQ(strip["stages"].size(), 6u);
    for (int i = 0; i < 6; ++i) EXPECT_TRUE(ui.item("journey.stage." + std::to_string(i)).has_value()) << i;

    ASSERT_TRUE(ui.click("journey.stage.3"));
    ui.frame(2);
    EXPECT_EQ(read_record(*store, company_entity(), romashka).text("journey_stage"), journey_stage(3));
    strip = ui.state("journey.strip");
    EXPECT_EQ(strip["current"], journey_stage(3));
    EXPECT_EQ(ui.state("card.text")["journey_stage"], "Продажа");
    // The change is in the timeline.
    const auto rows = ui.state("timeline.rows");
    ASSERT_FALSE(rows.empty());
    bool listed = false;
    for (const auto& r : rows) listed |= r["kind"] == "journey" && r["title"] == "Привлечение → Продажа";
    EXPECT_TRUE(listed) << rows.dump();
}

TEST_F(UiCustomerTimeline, TheTimelineListsNewestFirstFiltersAndOpensAnItem) {
    activity(domain::activity_type::kCall, "Звонок", kNowMs + kHourMs);
    const std::string visit = activity(domain::activity_type::kVisit, "Визит", kNowMs + 3 * kHourMs);
    activity(domain::activity_type::kCall, "Звонок Ивану", kNowMs + 2 * kHourMs, ivan);
    UiHarness ui(*store, platform, 1280.0f, kTallScreen);
    ASSERT_TRUE(ui.click("list.row.0"));
    auto rows = ui.state("timeline.rows");
    ASSERT_GE(rows.size(), 3u);
    EXPECT_EQ(rows[0]["title"], "Визит");
    EXPECT_EQ(rows[1]["title"], "Звонок Ивану") << "a company's timeline has its contacts' items";
    EXPECT_EQ(rows[2]["title"], "Звонок");
    for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_GE(rows[i - 1]["at"], rows[i]["at"]);

    ASSERT_TRUE(ui.click("timeline.filter.call"));
    EXPECT_EQ(ui.state("timeline.filter"), "call");
    rows = ui.state("timeline.rows");
    ASSERT_EQ(rows.size(), 2u);
    for (const auto& r : rows) EXPECT_EQ(r["type"], "call");
    ASSERT_TRUE(ui.click("timeline.filter.journey"));  // never changed: creating it writes no history row
    EXPECT_EQ(ui.state("timeline.count"), 0);
    EXPECT_TRUE(ui.state("timeline.rows").empty());
    ASSERT_TRUE(ui.click("timeline.filter.all"));
    EXPECT_EQ(ui.state("timeline.count"), 3);

    ASSERT_TRUE(ui.click("timeline.row.0"));
    EXPECT_EQ(ui.state("card.entity"), "activity");
    EXPECT_EQ(ui.state("card.id"), visit);
    ASSERT_TRUE(ui.click("card.back"));
    EXPECT_EQ(ui.state("card.id"), romashka);
}

TEST_F(UiCustomerTimeline, AThousandItemsAreLaidOutAScreenfulAtATime) {
    constexpr int kItems = 1000;
    for (int i = 0; i < kItems; ++i)
        activity(i % 2 ? domain::activity_type::kCall : domain::activity_type::kNote, "A" + std::to_string(i),
                 kNowMs + i * kHourMs);
    const auto t0 = std::chrono::steady_clock::now();
    auto read = domain::load_timeline(store->db(), company_entity(), romashka);
    const auto t1 = std::chrono::steady_clock::now();
    ASSERT_TRUE(read.ok());
    std::printf("[ timing ] load_timeline of %zu items: %.1f ms\n", read->size(),
                std::chrono::duration<double, std::milli>(t1 - t0).count());
    UiHarness ui(*store, platform);  // 1280×800
    ASSERT_TRUE(ui.click("list.row.0"));
    EXPECT_EQ(ui.state("timeline.count"), kItems);
    constexpr std::size_t kScreenful = 40;  // rows that fit 800 px, with the clipper's margin
    EXPECT_LE(ui.state("timeline.rows").size(), kScreenful);
    // The pointer over the card's body (below its title), wheel after wheel.
    const auto title = ui.item("card.title");
    ASSERT_TRUE(title.has_value());
    int first_seen = -1;
    for (int step = 0; step < 20; ++step) {
        ImGui::GetIO().AddMousePosEvent(title->x + 40.0f, title->y + title->h + 300.0f);
        ui.frame();
        ImGui::GetIO().AddMouseWheelEvent(0.0f, -40.0f);
        ui.frame(2);
        const auto rows = ui.state("timeline.rows");
        EXPECT_LE(rows.size(), kScreenful);
        if (!rows.empty()) first_seen = rows[0]["index"].get<int>();
        if (first_seen > 100) break;
    }
    EXPECT_GT(first_seen, 100) << "scrolling reaches deep rows, each frame laying out only the visible ones";
}

}  // namespace
}  // namespace crm::ui::test
