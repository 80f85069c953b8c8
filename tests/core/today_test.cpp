// The Today screen's reads and the next-step rules (core/domain/today.hpp): grouping across time zones and
// midnight, all-day floating dates, today's visits, "no next step" for deals and customers, the owner
// filter, the caps, the follow-up's prefill and the query plans.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/domain/activity.hpp"
#include "core/domain/pipeline.hpp"
#include "core/domain/today.hpp"
#include "core/store.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

constexpr std::int64_t kDayMs = 24 * 3'600'000LL;
constexpr std::int64_t kHourMs = 3'600'000LL;
constexpr std::int64_t kMinMs = 60'000LL;

class Today : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev-t", clock_);
        ASSERT_TRUE(store_);
        company_ = create(entity::kCompany, {{"name", "ООО «Ромашка»"}});
        other_company_ = create(entity::kCompany, {{"name", "Альфа"}});
        person_ = create(entity::kContact, {{"name", "Иван Петров"}});
    }

    std::string create(std::string_view entity, const std::vector<std::pair<std::string, json>>& values) {
        return test::create_record(*store_, entity, values);
    }
    struct Spec {
        std::string subject;
        std::optional<std::int64_t> due;
        bool all_day = false;
        std::optional<std::int64_t> done;
        std::string type = "task";
        std::string company;
        std::string contact;
        std::string deal;
        std::string owner = "anna";
    };
    std::string activity(const Spec& s) {
        std::vector<std::pair<std::string, json>> v{
            {"subject", s.subject}, {"type", s.type}, {"owner_id", test::user_id(*store_, s.owner)}, {"all_day", s.all_day}};
        if (s.due) v.emplace_back("due_at", *s.due);
        if (s.done) v.emplace_back("done_at", *s.done);
        if (!s.company.empty()) v.emplace_back("company_id", s.company);
        if (!s.contact.empty()) v.emplace_back("contact_id", s.contact);
        if (!s.deal.empty()) v.emplace_back("deal_id", s.deal);
        return create(entity::kActivity, v);
    }
    // A pipeline with one open and one won stage, made once.
    std::string deal(const std::string& title, std::string owner = "anna") {
        if (pipeline_.empty()) {
            pipeline_ = create(entity::kPipeline, {{"name", "Продажи"}, {"position", 0}});
            open_ = create(entity::kStage, {{"pipeline_id", pipeline_},
                                            {"name", "Лид"},
                                            {"position", 0},
                                            {"kind", "open"},
                                            {"probability", 10}});
            won_ = create(entity::kStage, {{"pipeline_id", pipeline_},
                                           {"name", "Успех"},
                                           {"position", 1},
                                           {"kind", "won"},
                                           {"probability", 100}});
        }
        Record d(store_->records(entity::kDeal).entity());
        d.set("title", title).set("owner_id", test::user_id(*store_, owner)).set("company_id", company_);
        d.set("pipeline_id", pipeline_).set("stage_id", open_);
        auto made = create_deal(*store_, d);
        EXPECT_TRUE(made.ok() && made->moved) << message_of(made);
        return made.ok() ? made->deal.id : std::string();
    }

    TodayData load(std::int64_t now, std::int64_t offset, std::string owner = {}) {
        auto data = load_today(*store_, {owner.empty() ? owner : test::user_id(*store_, owner), now, offset});
        EXPECT_TRUE(data.ok()) << message_of(data);
        return data.ok() ? *data : TodayData{};
    }
    static std::vector<std::string> subjects(const TodayData& d, TodayGroup g) {
        std::vector<std::string> out;
        for (const TodayRow& r : d[g].rows) out.push_back(r.subject);
        return out;
    }
    std::int64_t overdue(std::int64_t now, std::int64_t offset, std::string owner = {}) {
        auto n = count_overdue(*store_, {owner.empty() ? owner : test::user_id(*store_, owner), now, offset});
        EXPECT_TRUE(n.ok()) << message_of(n);
        return n.value_or(-1);
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::string company_, other_company_, person_, pipeline_, open_, won_;
};

// Local noon of a day in a zone: the same moments are overdue / today / later in every zone.
class TodayZones : public Today, public ::testing::WithParamInterface<std::int64_t> {};

TEST_P(TodayZones, GroupsByTheDeviceDay) {
    const std::int64_t offset = GetParam();
    const std::int64_t day = day_number(*clock_.ms, offset);
    const std::int64_t midnight = day_start_ms(day, offset);
    const std::int64_t now = midnight + 12 * kHourMs;
    activity({.subject = "утро", .due = midnight + 11 * kHourMs});
    activity({.subject = "вечер", .due = midnight + 23 * kHourMs + 30 * kMinMs});
    activity({.subject = "завтра 00:30", .due = midnight + kDayMs + 30 * kMinMs});
    activity({.subject = "весь день сегодня", .due = day * kDayMs, .all_day = true});
    activity({.subject = "весь день вчера", .due = (day - 1) * kDayMs, .all_day = true});
    activity({.subject = "весь день завтра", .due = (day + 1) * kDayMs, .all_day = true});
    activity({.subject = "через 9 дней", .due = midnight + 9 * kDayMs});
    activity({.subject = "сделано", .due = midnight + 11 * kHourMs, .done = midnight});
    activity({.subject = "без срока"});

    const TodayData d = load(now, offset);
    EXPECT_EQ(subjects(d, TodayGroup::Overdue), (std::vector<std::string>{"весь день вчера", "утро"}));
    EXPECT_EQ(subjects(d, TodayGroup::Today), (std::vector<std::string>{"весь день сегодня", "вечер"}));
    EXPECT_EQ(subjects(d, TodayGroup::Later), (std::vector<std::string>{"весь день завтра", "завтра 00:30"}));
    EXPECT_EQ(d[TodayGroup::Overdue].count, 2);
    EXPECT_EQ(overdue(now, offset), 2);

    // Five minutes before midnight: the evening one is overdue, 00:30 is still tomorrow's.
    const std::int64_t late = midnight + 23 * kHourMs + 55 * kMinMs;
    const TodayData at_night = load(late, offset);
    EXPECT_EQ(subjects(at_night, TodayGroup::Overdue),
              (std::vector<std::string>{"весь день вчера", "утро", "вечер"}));
    EXPECT_EQ(subjects(at_night, TodayGroup::Today), (std::vector<std::string>{"весь день сегодня"}));
    EXPECT_EQ(overdue(late, offset), 3);
    // Ten minutes later it is tomorrow: 00:30 is due today and yesterday's all-day one is overdue.
    const TodayData after = load(late + 10 * kMinMs, offset);
    EXPECT_EQ(subjects(after, TodayGroup::Today),
              (std::vector<std::string>{"весь день завтра", "завтра 00:30"}));
    EXPECT_EQ(overdue(late + 10 * kMinMs, offset), 4);
}

INSTANTIATE_TEST_SUITE_P(Offsets, TodayZones, ::testing::Values(3 * kHourMs, -8 * kHourMs, 10 * kHourMs));

// An all-day date is the same calendar day everywhere: 00:30 local in UTC+10 is still yesterday in UTC, and
// the all-day activity of the local date is today's, not yesterday's.
TEST_F(Today, AllDayIsAFloatingDate) {
    const std::int64_t offset = 10 * kHourMs;
    const std::int64_t day = day_number(*clock_.ms, offset);
    const std::int64_t now = day_start_ms(day, offset) + 30 * kMinMs;
    ASSERT_EQ(day_number(now, 0), day - 1);
    activity({.subject = "дата", .due = day * kDayMs, .all_day = true});
    EXPECT_EQ(subjects(load(now, offset), TodayGroup::Today), (std::vector<std::string>{"дата"}));
    EXPECT_EQ(overdue(now, offset), 0);
    // In UTC−8 at local 23:00 of the day before, the same date is tomorrow's.
    const std::int64_t west = -8 * kHourMs;
    EXPECT_EQ(subjects(load(day_start_ms(day - 1, west) + 23 * kHourMs, west), TodayGroup::Later),
              (std::vector<std::string>{"дата"}));
}

TEST_F(Today, VisitsOfTodayInPlannedOrder) {
    const std::int64_t offset = 3 * kHourMs;
    const std::int64_t midnight = day_start_ms(day_number(*clock_.ms, offset), offset);
    activity({.subject = "визит 15", .due = midnight + 15 * kHourMs, .type = "visit", .company = company_});
    activity({.subject = "визит 9",
              .due = midnight + 9 * kHourMs,
              .done = midnight + 10 * kHourMs,
              .type = "visit",
              .company = company_});
    activity({.subject = "визит завтра",
              .due = midnight + kDayMs + kHourMs,
              .type = "visit",
              .company = company_});
    activity({.subject = "звонок", .due = midnight + 10 * kHourMs, .type = "call"});
    const TodayData d = load(midnight + 12 * kHourMs, offset);
    EXPECT_EQ(subjects(d, TodayGroup::Visits), (std::vector<std::string>{"визит 9", "визит 15"}));
    ASSERT_EQ(d[TodayGroup::Visits].rows.size(), 2u);
    EXPECT_TRUE(d[TodayGroup::Visits].rows[0].done);
    EXPECT_EQ(d[TodayGroup::Visits].rows[1].customer, "ООО «Ромашка»");
}

TEST_F(Today, NoNextStepDealsAndCustomers) {
    const std::int64_t now = *clock_.ms;
    const std::string planned = deal("С планом");
    const std::string idle = deal("Без плана");
    const std::string won = deal("Выиграна");
    ASSERT_TRUE(move_deal(*store_, won, won_).ok());
    activity({.subject = "план", .due = now + kDayMs, .deal = planned});
    activity({.subject = "сделано", .due = now - kDayMs, .done = now - kDayMs, .deal = idle});

    // Served 3 days ago with nothing planned: listed; the other company has something planned; the private
    // person was served 60 days ago: too long ago to ask.
    activity({.subject = "встреча", .done = now - 3 * kDayMs, .company = other_company_});
    activity({.subject = "звонок", .done = now - 2 * kDayMs, .company = company_});
    activity({.subject = "перезвонить", .due = now + kDayMs, .company = company_});
    activity({.subject = "давно", .done = now - 60 * kDayMs, .contact = person_});

    TodayData d = load(now, 0);
    EXPECT_EQ(subjects(d, TodayGroup::NoNextStep), (std::vector<std::string>{"Без плана", "Альфа"}));
    EXPECT_EQ(d[TodayGroup::NoNextStep].count, 2);
    EXPECT_EQ(d[TodayGroup::NoNextStep].rows[0].entity, "deal");
    EXPECT_EQ(d[TodayGroup::NoNextStep].rows[1].entity, "company");

    // The private person served yesterday now counts too; once something is planned, neither does.
    activity({.subject = "визит", .done = now - kDayMs, .type = "visit", .contact = person_});
    d = load(now, 0);
    EXPECT_EQ(subjects(d, TodayGroup::NoNextStep),
              (std::vector<std::string>{"Без плана", "Альфа", "Иван Петров"}));
    activity({.subject = "следующий", .due = now + 2 * kDayMs, .contact = person_, .deal = idle});
    EXPECT_EQ(subjects(load(now, 0), TodayGroup::NoNextStep), (std::vector<std::string>{"Альфа"}));
}

TEST_F(Today, OwnerFilter) {
    const std::int64_t now = *clock_.ms;
    activity({.subject = "анна", .due = now - kHourMs, .owner = "anna"});
    activity({.subject = "борис", .due = now - 2 * kHourMs, .owner = "boris"});
    deal("Сделка Бориса", "boris");
    EXPECT_EQ(subjects(load(now, 0, "anna"), TodayGroup::Overdue), (std::vector<std::string>{"анна"}));
    EXPECT_EQ(subjects(load(now, 0), TodayGroup::Overdue), (std::vector<std::string>{"борис", "анна"}));
    EXPECT_EQ(overdue(now, 0, "boris"), 1);
    EXPECT_EQ(overdue(now, 0), 2);
    EXPECT_TRUE(load(now, 0, "anna")[TodayGroup::NoNextStep].rows.empty());
    EXPECT_EQ(subjects(load(now, 0, "boris"), TodayGroup::NoNextStep),
              (std::vector<std::string>{"Сделка Бориса"}));
}

TEST_F(Today, RowsAreCappedCountsAreNot) {
    const std::int64_t now = *clock_.ms;
    const int n = limits::kTodayMaxRows + 3;
    for (int i = 0; i < n; ++i) activity({.subject = "t" + std::to_string(i), .due = now - (n - i) * kMinMs});
    const TodayData d = load(now, 0);
    EXPECT_EQ(d[TodayGroup::Overdue].count, n);
    EXPECT_EQ(d[TodayGroup::Overdue].rows.size(), static_cast<std::size_t>(limits::kTodayMaxRows));
    EXPECT_EQ(d[TodayGroup::Overdue].rows.front().subject, "t0");
    EXPECT_EQ(overdue(now, 0), n);
}

TEST_F(Today, FallingDueIsAWindowOfTimedPlannedOnes) {
    const std::int64_t now = *clock_.ms;
    activity({.subject = "ровно", .due = now + 10 * kMinMs});
    activity({.subject = "раньше", .due = now});
    activity({.subject = "сделано", .due = now + 5 * kMinMs, .done = now});
    activity({.subject = "весь день", .due = now + 5 * kMinMs, .all_day = true});
    // A visit the rep already checked in to: nothing to remind of.
    Record visit =
        store_->records(entity::kActivity)
            .get(activity(
                {.subject = "на месте", .due = now + 5 * kMinMs, .type = "visit", .company = company_}))
            .value();
    visit.set("check_in_at", now);
    ASSERT_TRUE(store_->records(entity::kActivity).update(visit, domain::WriteScope::Rules).ok());
    auto due = activities_falling_due(*store_, now, now + 10 * kMinMs, {}, 10);
    ASSERT_TRUE(due.ok()) << message_of(due);
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ((*due)[0].subject, "ровно");
}

TEST_F(Today, CompletingOffersAFollowUpDueTomorrowAtTen) {
    const std::int64_t offset = 3 * kHourMs;
    const std::int64_t now = *clock_.ms;
    const std::string d = deal("Поставка");
    const std::string id = activity({.subject = "звонок",
                                     .due = now - kHourMs,
                                     .type = "call",
                                     .company = company_,
                                     .contact = person_,
                                     .deal = d,
                                     .owner = "boris"});
    auto done = complete_activity(*store_, id, "договорились о встрече", now);
    ASSERT_TRUE(done.ok()) << message_of(done);
    EXPECT_EQ(done->get("done_at"), json(now));
    EXPECT_EQ(done->text("result"), "договорились о встрече");
    EXPECT_EQ(overdue(now, offset), 0);

    Record next = follow_up_draft(*done, now, offset);
    EXPECT_EQ(next.text("type"), "call");
    EXPECT_EQ(next.text("subject"), "звонок");
    EXPECT_EQ(next.text("company_id"), company_);
    EXPECT_EQ(next.text("contact_id"), person_);
    EXPECT_EQ(next.text("deal_id"), d);
    EXPECT_EQ(next.text("owner_id"), test::user_id(*store_, "boris"));
    const std::int64_t due = next.get("due_at").get<std::int64_t>();
    EXPECT_EQ(day_number(due, offset), day_number(now, offset) + 1);
    EXPECT_EQ((due + offset) % kDayMs, limits::kFollowUpHourLocal * kHourMs);
    // The "next step" text, when written, is the follow-up's subject.
    Record with_step = *done;
    with_step.set("next_step", "отправить КП");
    EXPECT_EQ(follow_up_draft(with_step, now, offset).text("subject"), "отправить КП");
}

// The shapes load_today and count_overdue issue use the activities' indexes (no scan of the table).
TEST_F(Today, QueriesUseTheActivitiesIndexes) {
    auto plan = [&](const std::string& sql) {
        auto stmt = store_->db().prepare("EXPLAIN QUERY PLAN " + sql);
        EXPECT_TRUE(stmt.ok()) << message_of(stmt);
        std::string text;
        while (stmt.ok() && stmt->step().value_or(false)) text += stmt->column_text(3) + "\n";
        return text;
    };
    const std::string planned = plan(
        "SELECT a.id FROM activities a WHERE a.deleted = 0 AND a.done_at IS NULL AND +a.due_at IS NOT NULL "
        "AND "
        "+a.due_at < 5 AND a.owner_id = 'x'");
    // The open activities' index, or the owner's (one rep's activities) when the owner filters.
    EXPECT_TRUE(planned.find("USING INDEX activities_by_done_at") != std::string::npos ||
                planned.find("USING INDEX activities_ref_owner_id") != std::string::npos)
        << planned;
    const std::string visits = plan(
        "SELECT a.id FROM activities a WHERE a.deleted = 0 AND a.due_at >= 1 AND a.due_at < 5 AND +a.type = "
        "'visit' ORDER BY a.due_at, a.rowid");
    EXPECT_NE(visits.find("USING INDEX activities_by_due_at"), std::string::npos) << visits;
    const std::string deals = plan(
        "SELECT d.id FROM deals d WHERE d.deleted = 0 AND d.status = 'open' AND NOT EXISTS (SELECT 1 FROM "
        "activities a WHERE a.deal_id = d.id AND a.deleted = 0 AND a.done_at IS NULL AND +a.due_at IS NOT "
        "NULL)");
    EXPECT_NE(deals.find("activities_ref_deal_id"), std::string::npos) << deals;
    const std::string customers = plan(
        "SELECT k.cid FROM (SELECT a.company_id AS cid, MAX(a.done_at) AS last FROM activities a WHERE "
        "a.deleted = 0 AND a.done_at >= 1 AND a.company_id IS NOT NULL GROUP BY a.company_id) k WHERE NOT "
        "EXISTS (SELECT 1 FROM activities a WHERE a.company_id = k.cid AND a.deleted = 0 AND a.done_at IS "
        "NULL AND +a.due_at IS NOT NULL)");
    EXPECT_NE(customers.find("activities_ref_company_id"), std::string::npos) << customers;
    EXPECT_EQ(customers.find("SCAN a\n"), std::string::npos) << customers;
    const std::string reminders = plan(
        "SELECT a.id FROM activities a WHERE a.deleted = 0 AND a.due_at > 1 AND a.due_at <= 2 AND +a.done_at "
        "IS "
        "NULL AND a.all_day = 0 ORDER BY a.due_at, a.rowid LIMIT 20");
    EXPECT_NE(reminders.find("USING INDEX activities_by_due_at"), std::string::npos) << reminders;
    const std::string count = plan(
        "SELECT COUNT(*) FROM activities a WHERE a.deleted = 0 AND a.done_at IS NULL AND +a.due_at IS NOT "
        "NULL AND ((a.all_day = 1 AND +a.due_at < 1) OR (a.all_day = 0 AND +a.due_at < 2))");
    EXPECT_NE(count.find("USING INDEX activities_by_done_at"), std::string::npos) << count;
    EXPECT_EQ(count.find("SCAN a\n"), std::string::npos) << count;
}

}  // namespace
}  // namespace crm::domain
