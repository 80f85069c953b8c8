// Visits and calls (core/domain/visit.hpp): check-in before the position, the position's three outcomes,
// today's planned visit, check-out with a report and its follow-up, "the office is here", logging a call,
// and that every write is in the outbox and reaches another device.
#include <gtest/gtest.h>

#include "core/domain/activity.hpp"
#include "core/domain/field.hpp"
#include "core/domain/visit.hpp"
#include "core/store.hpp"
#include "core/sync/client.hpp"
#include "core/util/civil_date.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kMoscow = 3 * kHourMs;

// 10:00 Moscow on 2023-11-15.
std::int64_t at(int hour) {
    return civil::days_since_epoch({2023, 11, 15}) * civil::kMsPerDay + hour * kHourMs - kMoscow;
}

class Visits : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev-v", clock_);
        ASSERT_TRUE(store_);
        company_ =
            test::create_record(*store_, entity::kCompany, {{"name", "ООО «Ромашка»"}, {"owner_id", test::user_id(*store_, "anna")}});
        contact_ = test::create_record(*store_, entity::kContact, {{"name", "Иван Петров"}});
    }
    Record get(const std::string& id) { return store_->records(entity::kActivity).get(id).value(); }
    CustomerRef company() const { return {entity::kCompany, company_}; }
    std::int64_t count_activities() {
        return test::query_int(store_->db(), "SELECT count(*) FROM activities WHERE deleted = 0");
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::string company_;
    std::string contact_;
};

TEST_F(Visits, CheckInIsWrittenAtOnceAndThePositionArrivesLater) {
    auto visit = check_in(*store_, company(), at(10), {.subject = "Визит", .offset_ms = kMoscow});
    ASSERT_TRUE(visit.ok()) << message_of(visit);
    const Record stored = get(visit->id);
    EXPECT_EQ(stored.text("type"), activity_type::kVisit);
    EXPECT_EQ(stored.text("company_id"), company_);
    EXPECT_EQ(stored.text("owner_id"), test::user_id(*store_, "anna"));  // the customer's owner
    EXPECT_EQ(stored.text("subject"), "Визит");
    EXPECT_EQ(stored.integer("check_in_at"), at(10));
    EXPECT_EQ(stored.text("geo_status"), geo_status::kPending);
    EXPECT_TRUE(stored.get("check_in_geo").is_null());
    EXPECT_FALSE(is_done(stored));

    auto fixed = set_visit_position(*store_, visit->id, PositionOutcome::Ok, {55.75, 37.62, 12.0});
    ASSERT_TRUE(fixed.ok()) << message_of(fixed);
    const Record with_fix = get(visit->id);
    EXPECT_EQ(with_fix.text("geo_status"), geo_status::kOk);
    const auto g = geo_of(with_fix.get("check_in_geo"));
    ASSERT_TRUE(g.has_value());
    EXPECT_DOUBLE_EQ(g->lat, 55.75);
    EXPECT_DOUBLE_EQ(g->lon, 37.62);
    EXPECT_DOUBLE_EQ(g->accuracy, 12.0);

    // A late refusal (a second answer) never overwrites the fix.
    ASSERT_TRUE(set_visit_position(*store_, visit->id, PositionOutcome::Denied).ok());
    EXPECT_EQ(get(visit->id).text("geo_status"), geo_status::kOk);
}

TEST_F(Visits, RefusedAndTimedOutPositionsAreSavedWithoutOne) {
    auto denied = check_in(*store_, company(), at(10));
    ASSERT_TRUE(denied.ok()) << message_of(denied);
    ASSERT_TRUE(set_visit_position(*store_, denied->id, PositionOutcome::Denied).ok());
    EXPECT_EQ(get(denied->id).text("geo_status"), geo_status::kDenied);
    EXPECT_TRUE(get(denied->id).get("check_in_geo").is_null());
    EXPECT_EQ(get(denied->id).integer("check_in_at"), at(10));

    auto timed_out = check_in(*store_, {entity::kContact, contact_}, at(11));
    ASSERT_TRUE(timed_out.ok()) << message_of(timed_out);
    EXPECT_EQ(timed_out->text("contact_id"), contact_);
    EXPECT_EQ(timed_out->text("subject"), "Иван Петров");  // no subject given: the customer's name
    ASSERT_TRUE(set_visit_position(*store_, timed_out->id, PositionOutcome::Unavailable).ok());
    EXPECT_EQ(get(timed_out->id).text("geo_status"), geo_status::kUnavailable);
}

TEST_F(Visits, SecondCheckInReturnsTheOpenVisit) {
    auto first = check_in(*store_, company(), at(10));
    auto second = check_in(*store_, company(), at(10) + 60'000);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->id, second->id);
    EXPECT_EQ(get(first->id).integer("check_in_at"), at(10));
    EXPECT_EQ(count_activities(), 1);
}

TEST_F(Visits, CheckInStartsTodaysPlannedVisit) {
    // Planned: yesterday, today at 15:00 and at 12:00, tomorrow. The check-in at 10:00 starts today's 12:00.
    const auto plan = [&](std::int64_t due) {
        return test::create_record(
            *store_, entity::kActivity,
            {{"type", "visit"}, {"subject", "План"}, {"company_id", company_}, {"due_at", due}});
    };
    plan(at(12) - 24 * kHourMs);
    const std::string afternoon = plan(at(15));
    const std::string noon = plan(at(12));
    plan(at(12) + 24 * kHourMs);
    auto visit = check_in(*store_, company(), at(10), {.offset_ms = kMoscow});
    ASSERT_TRUE(visit.ok()) << message_of(visit);
    EXPECT_EQ(visit->id, noon);
    EXPECT_EQ(get(noon).integer("check_in_at"), at(10));
    EXPECT_EQ(get(noon).integer("due_at"), at(12));  // the plan keeps its time
    EXPECT_TRUE(get(afternoon).get("check_in_at").is_null());
    EXPECT_EQ(count_activities(), 4);
}

TEST_F(Visits, CheckOutWithReportMarksDoneAndPlansTheFollowUp) {
    auto visit = check_in(*store_, company(), at(10));
    ASSERT_TRUE(visit.ok());
    auto ended = record_check_out(*store_, visit->id, at(11));
    ASSERT_TRUE(ended.ok()) << message_of(ended);
    EXPECT_EQ(get(visit->id).integer("check_out_at"), at(11));
    EXPECT_FALSE(is_done(get(visit->id)));  // the report is not saved yet

    VisitReport report{.result = "Договорились о пилоте",
                       .notes = "Склад на 2 этаже",
                       .next_step = "Отправить КП",
                       .follow_up_due_ms = at(10) + 48 * kHourMs};
    auto out = check_out(*store_, visit->id, at(11) + 5 * 60'000, report);
    ASSERT_TRUE(out.ok()) << message_of(out);
    const Record done = get(visit->id);
    EXPECT_EQ(done.integer("check_out_at"), at(11));  // the end recorded at the tap is kept
    EXPECT_EQ(done.integer("done_at"), at(11) + 5 * 60'000);
    EXPECT_EQ(done.text("result"), "Договорились о пилоте");
    EXPECT_EQ(done.text("notes"), "Склад на 2 этаже");
    EXPECT_EQ(done.text("next_step"), "Отправить КП");
    ASSERT_TRUE(out->follow_up.has_value());
    const Record next = get(out->follow_up->id);
    EXPECT_EQ(next.text("type"), activity_type::kTask);
    EXPECT_EQ(next.text("subject"), "Отправить КП");
    EXPECT_EQ(next.text("company_id"), company_);
    EXPECT_EQ(next.text("owner_id"), test::user_id(*store_, "anna"));
    EXPECT_EQ(next.integer("due_at"), at(10) + 48 * kHourMs);
    EXPECT_TRUE(is_planned(next));
}

TEST_F(Visits, CheckOutWithoutFollowUpAndItsErrors) {
    auto never = test::create_record(*store_, entity::kActivity,
                                     {{"type", "visit"}, {"subject", "План"}, {"company_id", company_}});
    auto not_in = record_check_out(*store_, never, at(11));
    ASSERT_FALSE(not_in.ok());
    EXPECT_EQ(not_in.error().field, "check_in_at");

    auto visit = check_in(*store_, company(), at(10));
    ASSERT_TRUE(visit.ok());
    auto nameless = check_out(*store_, visit->id, at(11), {.follow_up_due_ms = at(12)});
    ASSERT_FALSE(nameless.ok());
    EXPECT_EQ(nameless.error().field, "next_step");
    EXPECT_TRUE(get(visit->id).get("check_out_at").is_null());  // nothing written

    auto out = check_out(*store_, visit->id, at(11), {.result = "Нет на месте"});
    ASSERT_TRUE(out.ok()) << message_of(out);
    EXPECT_FALSE(out->follow_up.has_value());
    EXPECT_EQ(get(visit->id).integer("check_out_at"), at(11));
    EXPECT_EQ(count_activities(), 2);
}

TEST_F(Visits, OfficeHereSetsTheCustomersLocation) {
    auto done = set_customer_location(*store_, company(), {59.93, 30.31, 25.0});
    ASSERT_TRUE(done.ok()) << message_of(done);
    const auto g = geo_of(store_->records(entity::kCompany).get(company_).value().get("location"));
    ASSERT_TRUE(g.has_value());
    EXPECT_DOUBLE_EQ(g->lat, 59.93);
    EXPECT_DOUBLE_EQ(g->accuracy, 25.0);
    EXPECT_FALSE(set_customer_location(*store_, {entity::kCompany, "no-such-id"}, {1, 2, 3}).ok());
    EXPECT_FALSE(set_customer_location(*store_, {entity::kDeal, company_}, {1, 2, 3}).ok());
}

TEST_F(Visits, LogCallIsOneDoneCall) {
    auto call = log_call(*store_, {entity::kContact, contact_}, at(9),
                         {.subject = "Звонок", .result = "Перезвонить"});
    ASSERT_TRUE(call.ok()) << message_of(call);
    const Record stored = get(call->id);
    EXPECT_EQ(stored.text("type"), activity_type::kCall);
    EXPECT_EQ(stored.text("contact_id"), contact_);
    EXPECT_EQ(stored.integer("done_at"), at(9));
    EXPECT_TRUE(is_done(stored));
    EXPECT_FALSE(is_planned(stored));
    EXPECT_EQ(stored.text("result"), "Перезвонить");
    EXPECT_FALSE(log_call(*store_, {entity::kContact, "missing"}, at(9)).ok());
}

TEST_F(Visits, EveryWriteIsInTheOutboxAndReachesAnotherDevice) {
    test::acknowledge_all(store_->changes());
    auto visit = check_in(*store_, company(), at(10));
    ASSERT_TRUE(visit.ok());
    ASSERT_TRUE(set_visit_position(*store_, visit->id, PositionOutcome::Ok, {55.0, 37.0, 8.0}).ok());
    auto out = check_out(*store_, visit->id, at(11),
                         {.result = "Ок", .next_step = "Счёт", .follow_up_due_ms = at(15)});
    ASSERT_TRUE(out.ok());
    auto call = log_call(*store_, company(), at(12));
    ASSERT_TRUE(call.ok());
    ASSERT_TRUE(set_customer_location(*store_, company(), {55.0, 37.0, 8.0}).ok());
    const auto queued = test::outbox_of(store_->changes(), visit->id);
    for (const char* f : {"check_in_at", "check_in_geo", "geo_status", "check_out_at", "done_at", "result"})
        EXPECT_EQ(queued.count(f), 1u) << f;
    EXPECT_EQ(test::outbox_of(store_->changes(), company_).count("location"), 1u);

    // Through a server to a second device.
    test::FakeClock server_clock;
    auto server = test::open_store("server", server_clock, 11);
    auto other = test::open_store("dev-w", clock_, 13);
    sync::SyncClient mine(*store_);
    sync::SyncClient theirs(*other);
    ASSERT_TRUE(test::sync_once(mine, *server).ok());
    ASSERT_TRUE(test::sync_once(theirs, *server).ok());
    auto seen = other->records(entity::kActivity).get(visit->id);
    ASSERT_TRUE(seen.ok()) << message_of(seen);
    EXPECT_EQ(seen->text("geo_status"), geo_status::kOk);
    EXPECT_EQ(seen->integer("check_out_at"), at(11));
    EXPECT_TRUE(other->records(entity::kActivity).get(out->follow_up->id).ok());
    EXPECT_TRUE(other->records(entity::kActivity).get(call->id).ok());
    EXPECT_TRUE(geo_of(other->records(entity::kCompany).get(company_).value().get("location")).has_value());
}

}  // namespace
}  // namespace crm::domain
