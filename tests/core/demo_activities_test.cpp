// Demo activities (core/demo/demo_activities.hpp): a realistic rep's day on first start, deterministic.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/demo/demo_data.hpp"
#include "core/domain/activity.hpp"
#include "core/limits.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using domain::DueClass;
using domain::Record;

constexpr std::int64_t kOffsetMs = limits::kDemoUtcOffsetMinutes * 60'000LL;

std::vector<Record> activities(Store& store) {
    return test::all_records(store, domain::entity::kActivity);
}

class DemoActivities : public ::testing::Test {
  protected:
    test::FakeClock clock;
    std::unique_ptr<Store> store = test::open_store("demo", clock, 5);
    void SetUp() override {
        ASSERT_TRUE(store);
        ASSERT_TRUE(demo::generate(*store, {30, 90, 0, 200, 40}, 11).ok());
    }
};

TEST_F(DemoActivities, PastOnesAreDoneWithOutcomesAndPlannedOnesSpanOverdueTodayAndLater) {
    const auto all = activities(*store);
    ASSERT_GE(all.size(), 240u);  // plus today's route
    std::map<DueClass, int> due;
    int done = 0, with_result = 0;
    for (const Record& a : all) {
        EXPECT_TRUE(!a.text("company_id").empty() || !a.text("contact_id").empty()) << a.text("subject");
        EXPECT_FALSE(a.text("owner_id").empty());
        if (domain::is_done(a)) {
            ++done;
            with_result += a.text("result").empty() ? 0 : 1;
            EXPECT_LT(a.integer("done_at"), *clock.ms + 1) << "done in the past";
        }
        ++due[domain::classify_due(a, *clock.ms, kOffsetMs)];
    }
    EXPECT_EQ(done, 200);
    EXPECT_GT(with_result, 150) << "notes have no outcome, the rest do";
    EXPECT_GT(due[DueClass::Overdue], 0);
    EXPECT_GT(due[DueClass::Today] + due[DueClass::Overdue], 4);
    EXPECT_GT(due[DueClass::Later], 20);
}

TEST_F(DemoActivities, DoneVisitsHaveCheckInOutAndAPositionOrTheReasonWhyNot) {
    int visits = 0;
    for (const Record& a : activities(*store)) {
        if (a.text("type") != domain::activity_type::kVisit || !domain::is_done(a)) continue;
        ++visits;
        EXPECT_LT(a.integer("check_in_at"), a.integer("check_out_at"));
        const std::string status = a.text("geo_status");
        EXPECT_TRUE(status == "ok" || status == "denied") << status;
        EXPECT_EQ(status == "ok", !a.get("check_in_geo").is_null());
    }
    EXPECT_GT(visits, 10);
}

TEST_F(DemoActivities, TheFirstRepHasARouteOfVisitsToday) {
    std::vector<std::int64_t> route;
    const std::int64_t today = domain::day_number(*clock.ms, kOffsetMs);
    for (const Record& a : activities(*store))
        if (a.text("type") == domain::activity_type::kVisit && domain::is_planned(a) &&
            domain::due_day(a, kOffsetMs) == today && a.text("subject").size() > 0)
            route.push_back(a.integer("due_at"));
    EXPECT_GE(route.size(), 2u);
}

TEST(DemoActivitiesDeterminism, TheSameSeedAndClockGiveTheSameDay) {
    test::FakeClock clock;
    auto a = test::open_store("a", clock, 1);
    auto b = test::open_store("b", clock, 2);
    ASSERT_TRUE(demo::generate(*a, {10, 30, 0, 50, 10}, 3).ok());
    ASSERT_TRUE(demo::generate(*b, {10, 30, 0, 50, 10}, 3).ok());
    auto key = [](Store& s) {
        std::vector<std::string> out;
        for (const Record& r : activities(s))
            out.push_back(r.text("type") + r.text("subject") + std::to_string(r.integer("due_at")) +
                          r.text("result"));
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(key(*a), key(*b));
}

}  // namespace
}  // namespace crm
