// The Today section (ui/views/today_view.cpp), the next-step dialog (ui/views/next_step_dialog.cpp), the top
// bar's overdue badge and the reminders (ui/reminders.cpp, ui/views/reminder_banner.cpp) headless: groups on
// a phone, done → next step → the follow-up with its prefill, the badge, a reminder firing once when the
// clock crosses a due time, and the notification permission asked only from a button.
#include <gtest/gtest.h>

#include <string>

#include "core/domain/activity.hpp"
#include "core/domain/today.hpp"
#include "core/limits.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui::test {
namespace {

using nlohmann::json;
namespace entity = domain::entity;

constexpr std::int64_t kMinMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr std::int64_t kOffsetMs = kMoscowOffset * kMinMs;

const domain::EntityDesc& activity_entity() {
    return domain::Registry::app().get(entity::kActivity);
}

class UiToday : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        platform.start_section.clear();  // the real home section
        company = add_company(*store, "ООО «Ромашка»");
    }
    std::string activity(const std::string& subject, std::optional<std::int64_t> due,
                         std::string type = "task") {
        json v{{"subject", subject},
               {"type", type},
               {"owner_id", user_id(*store, "anna")},
               {"company_id", company}};
        if (due) v["due_at"] = *due;
        return add_record(*store, activity_entity(), v);
    }
    std::vector<domain::Record> open_activities() {
        domain::ListQuery q;
        q.limit = 100;
        auto page = records(*store, activity_entity()).list(q);
        EXPECT_TRUE(page.ok());
        std::vector<domain::Record> out;
        if (page.ok())
            for (domain::Record& r : page->rows)
                if (domain::is_planned(r)) out.push_back(std::move(r));
        return out;
    }

    FakePlatform platform;
    std::unique_ptr<Store> store;
    std::string company;
};

TEST_F(UiToday, IsTheHomeAndShowsTheGroupsOnAPhone) {
    // kNowMs is 01:13 in Moscow: "today" runs until 24:00 local.
    const std::string late = activity("Позвонить вчерашнему", kNowMs - kHourMs, "call");
    const std::string today = activity("Отправить КП", kNowMs + 2 * kHourMs);
    const std::string visit = activity("Визит к клиенту", kNowMs + 5 * kHourMs, "visit");
    const std::string later = activity("Встреча", kNowMs + 2 * kDayMs, "meeting");
    activity("Когда-нибудь", std::nullopt);
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    EXPECT_EQ(ui.state("nav.section"), "today");
    const json counts = ui.state("today.counts");
    EXPECT_EQ(counts["overdue"], 1);
    EXPECT_EQ(counts["today"], 2);
    EXPECT_EQ(counts["visits"], 1);
    EXPECT_EQ(counts["later"], 1);
    EXPECT_EQ(ui.state("today.rows")["visits"], json::array({visit}));
    for (const std::string& id : {late, today, visit}) {
        const auto row = ui.item("today.row." + id);
        ASSERT_TRUE(row) << id;
        EXPECT_GE(row->h, limits::kTouchTargetMinPx);
        const auto done = ui.item("today.done." + id);
        ASSERT_TRUE(done) << id;
        EXPECT_GE(done->w, limits::kTouchTargetMinPx);
        EXPECT_LE(done->x + done->w, 390.0f);  // one column: nothing off the phone's edge
    }
    // Nothing changed: no second read in later frames.
    const json computations = ui.state("today.computations");
    ASSERT_TRUE(computations.is_number());
    ui.frame(5);
    EXPECT_EQ(ui.state("today.computations"), computations);

    // Tapping a row opens the activity's card (on a phone, in place of Today).
    ASSERT_TRUE(ui.click("today.row." + today));
    ui.frame(2);
    EXPECT_EQ(ui.state("card.id"), today);
}

TEST_F(UiToday, DoneAsksForTheNextStepAndPlansTheFollowUp) {
    const std::string id = activity("Позвонить", kNowMs - kHourMs, "call");
    UiHarness ui(*store, platform, 390.0f, 844.0f);
    EXPECT_EQ(ui.state("topbar.overdue"), 1);
    ASSERT_TRUE(ui.item("topbar.overdue"));
    ASSERT_TRUE(ui.click("today.done." + id));
    ui.frame(2);
    ASSERT_EQ(ui.state("next_step")["open"], true);
    ASSERT_TRUE(ui.click("next_step.result"));
    ui.type("Договорились о встрече");
    ui.frame();
    ASSERT_TRUE(ui.click("next_step.save"));
    ui.frame(2);

    const domain::Record done = read_record(*store, activity_entity(), id);
    EXPECT_EQ(done.get("done_at"), json(kNowMs));
    EXPECT_EQ(done.text("result"), "Договорились о встрече");
    const std::vector<domain::Record> open = open_activities();
    ASSERT_EQ(open.size(), 1u);
    const domain::Record& next = open[0];
    EXPECT_EQ(next.text("type"), "call");
    EXPECT_EQ(next.text("subject"), "Позвонить");
    EXPECT_EQ(next.text("company_id"), company);
    EXPECT_EQ(next.text("owner_id"), user_id(*store, "anna"));
    EXPECT_EQ(next.get("due_at"), json(domain::follow_up_due_ms(kNowMs, kOffsetMs)));
    // The follow-up's card shows; the badge is gone; Today lists the follow-up among the coming days.
    EXPECT_EQ(ui.state("card.id"), next.id);
    EXPECT_EQ(ui.state("topbar.overdue"), 0);
    EXPECT_FALSE(ui.item("topbar.overdue"));
    ASSERT_TRUE(ui.click("card.close"));
    ui.frame(2);
    EXPECT_EQ(ui.state("today.rows")["later"], json::array({next.id}));
    EXPECT_EQ(ui.state("today.rows")["overdue"], json::array());
}

TEST_F(UiToday, UntickedPlanCompletesAlone) {
    const std::string id = activity("Заметка", kNowMs - kHourMs);
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("today.done." + id));
    ui.frame(2);
    ASSERT_TRUE(ui.click("next_step.plan"));
    ui.frame();
    ASSERT_TRUE(ui.click("next_step.save"));
    ui.frame(2);
    EXPECT_TRUE(domain::is_done(read_record(*store, activity_entity(), id)));
    EXPECT_TRUE(open_activities().empty());
}

TEST_F(UiToday, OverdueBadgeOpensToday) {
    platform.start_section = "customers";
    activity("Просрочено 1", kNowMs - kHourMs);
    activity("Просрочено 2", kNowMs - 2 * kDayMs);
    activity("Завтра", kNowMs + kDayMs);
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("nav.section"), "customers");
    EXPECT_EQ(ui.state("topbar.overdue"), 2);
    ASSERT_TRUE(ui.click("topbar.overdue"));
    ui.frame(2);
    EXPECT_EQ(ui.state("nav.section"), "today");
    // A due time passing makes the next one overdue without any write.
    platform.now += kDayMs + limits::kTodayRecomputeMs;
    ui.frame(2);
    EXPECT_EQ(ui.state("topbar.overdue"), 3);
}

TEST_F(UiToday, AReminderFiresOnceWhenTheClockCrossesTheDueTime) {
    const std::string id = activity("Созвон с директором", kNowMs + 30'000, "call");
    UiHarness ui(*store, platform);
    ui.frame(3);
    EXPECT_EQ(ui.state("reminder.pending"), json::array());
    EXPECT_FALSE(ui.item("reminder.banner"));
    const json checks = ui.state("reminder.checks");
    ui.frame(10);  // the clock did not move: no lookup every frame
    EXPECT_EQ(ui.state("reminder.checks"), checks);

    platform.now += 31'000;
    ui.frame(2);
    EXPECT_EQ(ui.state("reminder.pending"), json::array({id}));
    ASSERT_TRUE(ui.item("reminder.banner"));
    EXPECT_EQ(ui.state("reminder.banner")["subject"], "Созвон с директором");
    EXPECT_EQ(ui.state("reminder.banner")["customer"], "ООО «Ромашка»");
    EXPECT_TRUE(platform.notifications.empty());  // not allowed (yet)
    EXPECT_EQ(platform.permission_requests, 0);   // never asked on its own

    ASSERT_TRUE(ui.click("reminder.enable"));
    ui.frame();
    EXPECT_EQ(platform.permission_requests, 1);
    EXPECT_EQ(ui.state("reminder.permission"), "granted");
    ASSERT_TRUE(ui.click("reminder.dismiss"));
    ui.frame(2);
    EXPECT_FALSE(ui.item("reminder.banner"));
    platform.now += 5 * limits::kReminderCheckIntervalMs;
    ui.frame(3);
    EXPECT_EQ(ui.state("reminder.fired"), 1);

    // Allowed now: the next one is a system notification too.
    const std::string next = activity("Отправить договор", platform.now + 2'000);
    platform.now += 3'000;
    ui.frame(2);
    ASSERT_EQ(platform.notifications.size(), 1u);
    EXPECT_EQ(platform.notifications[0].tag, next);
    EXPECT_NE(platform.notifications[0].title.find("Отправить договор"), std::string::npos);

    // "Open" shows the activity's card.
    ASSERT_TRUE(ui.click("reminder.open"));
    ui.frame(2);
    EXPECT_EQ(ui.state("card.id"), next);
}

TEST_F(UiToday, AStartRemindsOnlyOfTheLastMinutesAndNeverTwice) {
    const std::string old = activity("Давно просрочено", kNowMs - limits::kReminderStartGraceMs - kMinMs);
    const std::string recent = activity("Только что", kNowMs - kMinMs);
    {
        UiHarness ui(*store, platform);
        ui.frame(2);
        EXPECT_EQ(ui.state("reminder.pending"), json::array({recent}));
    }
    // A reload a little later: the one already reminded of is not repeated.
    platform.now += 2'000;
    UiHarness again(*store, platform);
    again.frame(2);
    EXPECT_EQ(again.state("reminder.pending"), json::array());
    EXPECT_EQ(again.state("reminder.fired"), 0);
    (void)old;
}

TEST_F(UiToday, NewTaskAndPlanOpenTheFormPrefilled) {
    const std::string idle = add_record(*store, activity_entity(),
                                        {{"subject", "Был звонок"},
                                         {"type", "call"},
                                         {"company_id", company},
                                         {"owner_id", user_id(*store, "anna")},
                                         {"done_at", kNowMs - kDayMs}});
    UiHarness ui(*store, platform);
    EXPECT_EQ(ui.state("today.counts")["no_next_step"], 1);
    ASSERT_TRUE(ui.click("today.plan." + company));
    ui.frame(2);
    EXPECT_EQ(ui.state("form.entity"), "activity");
    EXPECT_EQ(ui.state("form.mode"), "create");
    const json draft = ui.state("form.draft");
    EXPECT_EQ(draft["company_id"], company);
    EXPECT_EQ(draft["due_at"], domain::follow_up_due_ms(kNowMs, kOffsetMs));
    (void)idle;
    ASSERT_TRUE(ui.click("form.cancel"));
    ui.frame(2);

    // "+ Task": a task due tomorrow morning, the rest typed in the generic form.
    ASSERT_TRUE(ui.click("today.new"));
    ui.frame(2);
    EXPECT_EQ(ui.state("form.entity"), "activity");
    EXPECT_EQ(ui.state("form.draft")["type"], "task");
    EXPECT_EQ(ui.state("form.draft")["due_at"], domain::follow_up_due_ms(kNowMs, kOffsetMs));
    EXPECT_EQ(ui.state("form.draft")["company_id"], nullptr);
}

}  // namespace
}  // namespace crm::ui::test
