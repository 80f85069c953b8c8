// The sales pipeline's rules (core/domain/pipeline.hpp): stage gates, won / lost, the history row,
// probability and staleness.
#include <gtest/gtest.h>

#include "core/domain/pipeline.hpp"
#include "core/store.hpp"
#include "core/util/civil_date.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kMoscow = 3 * kHourMs;

std::int64_t at(int y, int m, int d, int hour, std::int64_t offset) {
    return civil::days_since_epoch({y, m, d}) * civil::kMsPerDay + hour * kHourMs - offset;
}

class Pipeline : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev-p", clock_);
        ASSERT_TRUE(store_);
        pipeline_ = create(entity::kPipeline, {{"name", "Продажи"}, {"position", 0}});
        lead_ = stage("Новый лид", outcome::kOpen, 10, {});
        offer_ = stage("КП", outcome::kOpen, 60, {"amount", "expected_close"});
        won_ = stage("Успех", outcome::kWon, 100, {"amount"});
        lost_ = stage("Провал", outcome::kLost, 0, {});
        company_ = create(entity::kCompany, {{"name", "ООО «Ромашка»"}});
        reason_ = create(entity::kLossReason, {{"name", "Дорого"}});
    }

    std::string create(std::string_view entity, const std::vector<std::pair<std::string, json>>& values) {
        return test::create_record(*store_, entity, values);
    }
    std::string stage(const char* name, std::string_view kind, int probability,
                      std::vector<std::string> required) {
        return create(entity::kStage, {{"pipeline_id", pipeline_},
                                       {"name", name},
                                       {"kind", std::string(kind)},
                                       {"probability", probability},
                                       {"idle_days", 7},
                                       {"required_fields", required}});
    }
    // A new deal in the first stage, through create_deal.
    Record new_deal(bool with_amount = false) {
        Repository deals = store_->records(entity::kDeal);
        Record d(deals.entity());
        d.set("title", "Поставка оборудования").set("company_id", company_).set("owner_id", test::user_id(*store_, "anna.smirnova"));
        d.set("pipeline_id", pipeline_).set("stage_id", lead_);
        if (with_amount) d.set("amount", money(150'000'00, "RUB"));
        auto made = create_deal(*store_, d);
        EXPECT_TRUE(made.ok() && made->moved) << message_of(made);
        return made.ok() ? made->deal : d;
    }
    Record get(const std::string& id) { return store_->records(entity::kDeal).get(id).value(); }
    std::int64_t history_of(const std::string& deal) {
        return test::query_int(store_->db(), "SELECT count(*) FROM stage_history WHERE deal_id = '" + deal +
                                                 "' AND deleted = 0");
    }
    // Everything a write would touch: the last change sequence and the queued changes.
    std::pair<std::int64_t, std::int64_t> written() {
        return {store_->changes().last_seq(), store_->changes().pending_count().value_or(-1)};
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::string pipeline_, lead_, offer_, won_, lost_, company_, reason_;
};

TEST_F(Pipeline, CreateDealEntersItsFirstStageWithOneHistoryRow) {
    const Record deal = new_deal();
    EXPECT_EQ(deal.text("status"), outcome::kOpen);
    EXPECT_EQ(deal.integer("stage_entered_at"), *clock_.ms);
    EXPECT_TRUE(deal.get("closed_at").is_null());
    EXPECT_EQ(history_of(deal.id), 1);
    auto rows = store_->records(entity::kStageHistory).list({});
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->rows.size(), 1u);
    EXPECT_TRUE(rows->rows[0].get("from_stage_id").is_null());
    EXPECT_EQ(rows->rows[0].text("to_stage_id"), lead_);
}

TEST_F(Pipeline, TheGateListsExactlyTheEmptyRequiredFieldsAndWritesNothing) {
    const Record deal = new_deal();
    const auto before = written();
    auto r = move_deal(*store_, deal.id, offer_);
    ASSERT_TRUE(r.ok()) << message_of(r);
    EXPECT_FALSE(r->moved);
    EXPECT_EQ(r->missing, (std::vector<std::string>{"amount", "expected_close"}));
    EXPECT_EQ(written(), before);
    EXPECT_EQ(get(deal.id).text("stage_id"), lead_);
    EXPECT_EQ(history_of(deal.id), 1);

    // A filled field is no longer asked for: only the one still empty is listed.
    MoveOptions some;
    some.fill = {{"amount", money(90'000'00, "RUB")}};
    r = move_deal(*store_, deal.id, offer_, some);
    ASSERT_TRUE(r.ok()) << message_of(r);
    EXPECT_EQ(r->missing, (std::vector<std::string>{"expected_close"}));
    EXPECT_EQ(written(), before);
    EXPECT_TRUE(get(deal.id).get("amount").is_null());  // the fill was not kept either
}

TEST_F(Pipeline, AFilledGateMovesTheDealWithOneHistoryRow) {
    const Record deal = new_deal();
    clock_.advance(5 * civil::kMsPerDay);
    MoveOptions fill;
    fill.fill = {{"amount", money(90'000'00, "RUB")}, {"expected_close", "2023-12-20"}};
    auto r = move_deal(*store_, deal.id, offer_, fill);
    ASSERT_TRUE(r.ok()) << message_of(r);
    ASSERT_TRUE(r->moved);
    EXPECT_TRUE(r->missing.empty());
    const Record now = get(deal.id);
    EXPECT_EQ(now.text("stage_id"), offer_);
    EXPECT_EQ(now.get("amount"), money(90'000'00, "RUB"));
    EXPECT_EQ(now.text("expected_close"), "2023-12-20");
    EXPECT_EQ(now.integer("stage_entered_at"), *clock_.ms);
    EXPECT_EQ(now.integer("last_activity_at"), *clock_.ms);
    EXPECT_EQ(now.text("status"), outcome::kOpen);
    EXPECT_EQ(history_of(deal.id), 2);
    const Record& h = r->history;
    EXPECT_EQ(h.text("deal_id"), deal.id);
    EXPECT_EQ(h.text("from_stage_id"), lead_);
    EXPECT_EQ(h.text("to_stage_id"), offer_);
    EXPECT_EQ(h.text("title"), "Новый лид → КП");
    EXPECT_EQ(h.integer("moved_at"), *clock_.ms);
    EXPECT_EQ(h.text("moved_by"), test::user_id(*store_, "anna.smirnova"));
    EXPECT_EQ(h.text("device"), "dev-p");
    // Moving to where it is writes nothing.
    const auto before = written();
    r = move_deal(*store_, deal.id, offer_);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->moved);
    EXPECT_EQ(written(), before);
}

TEST_F(Pipeline, AFailingWriteInsideTheMoveLeavesNothing) {
    const Record deal = new_deal();
    const auto before = written();
    MoveOptions bad;  // a negative amount: the deal's update fails after the gate passed
    bad.fill = {{"amount", money(-1, "RUB")}, {"expected_close", "2023-12-20"}};
    auto r = move_deal(*store_, deal.id, offer_, bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "amount");
    EXPECT_EQ(written(), before);
    EXPECT_EQ(history_of(deal.id), 1);
}

TEST_F(Pipeline, WinningSetsStatusAndClosedAtReopeningClearsThem) {
    const Record deal = new_deal(true);
    clock_.advance(kHourMs);
    auto r = move_deal(*store_, deal.id, won_);
    ASSERT_TRUE(r.ok() && r->moved) << message_of(r);
    EXPECT_EQ(r->deal.text("status"), outcome::kWon);
    EXPECT_EQ(r->deal.integer("closed_at"), *clock_.ms);
    clock_.advance(kHourMs);
    r = move_deal(*store_, deal.id, lead_);
    ASSERT_TRUE(r.ok() && r->moved) << message_of(r);
    EXPECT_EQ(r->deal.text("status"), outcome::kOpen);
    EXPECT_TRUE(r->deal.get("closed_at").is_null());
    EXPECT_EQ(history_of(deal.id), 3);
}

TEST_F(Pipeline, LosingNeedsALossReason) {
    const Record deal = new_deal();
    const auto before = written();
    auto r = move_deal(*store_, deal.id, lost_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::Invalid);
    EXPECT_EQ(r.error().field, "loss_reason_id");
    EXPECT_EQ(written(), before);

    MoveOptions why;
    why.loss_reason_id = reason_;
    why.loss_comment = "Ушли к конкуренту";
    why.moved_by = "igor.petrov";
    r = move_deal(*store_, deal.id, lost_, why);
    ASSERT_TRUE(r.ok() && r->moved) << message_of(r);
    EXPECT_EQ(r->deal.text("status"), outcome::kLost);
    EXPECT_EQ(r->deal.text("loss_reason_id"), reason_);
    EXPECT_EQ(r->deal.text("loss_comment"), "Ушли к конкуренту");
    EXPECT_EQ(r->deal.integer("closed_at"), *clock_.ms);
    EXPECT_EQ(r->history.text("moved_by"), "igor.petrov");

    // Reopened, it is no longer lost: the reason goes, the rep's comment stays.
    r = move_deal(*store_, deal.id, lead_);
    ASSERT_TRUE(r.ok() && r->moved) << message_of(r);
    EXPECT_TRUE(r->deal.get("loss_reason_id").is_null());
    EXPECT_EQ(r->deal.text("loss_comment"), "Ушли к конкуренту");
}

TEST_F(Pipeline, ADealNeedsACustomerAndALostDealAReason) {
    Repository deals = store_->records(entity::kDeal);
    Record d(deals.entity());
    d.set("title", "Без клиента").set("pipeline_id", pipeline_).set("stage_id", lead_);
    auto r = deals.create(d);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "company_id");
    EXPECT_EQ(r.error().reason, "empty");
    const std::string person = create(entity::kContact, {{"name", "Иванов Пётр"}});
    d.set("contact_id", person);
    EXPECT_TRUE(deals.create(d).ok());
    d.set("status", std::string(outcome::kLost));
    EXPECT_EQ(deals.create(d).error().field, "loss_reason_id");
    d.set("loss_reason_id", reason_);
    EXPECT_TRUE(deals.create(d).ok());
}

TEST_F(Pipeline, MovingToAnotherPipelinesStageMovesTheDealThere) {
    const Record deal = new_deal();
    const std::string other = create(entity::kPipeline, {{"name", "Повторные продажи"}, {"position", 1}});
    const std::string request = create(entity::kStage, {{"pipeline_id", other}, {"name", "Запрос"}});
    auto r = move_deal(*store_, deal.id, request);
    ASSERT_TRUE(r.ok() && r->moved) << message_of(r);
    EXPECT_EQ(r->deal.text("pipeline_id"), other);
    EXPECT_EQ(move_deal(*store_, deal.id, "018bcfe5-6800-7000-8000-000000000000").error().code,
              ErrorCode::NotFound);
}

TEST_F(Pipeline, ProbabilityIsTheOverrideElseTheStages) {
    Record deal = new_deal();
    const Record lead = store_->records(entity::kStage).get(lead_).value();
    EXPECT_EQ(effective_probability(deal, lead), 10);
    deal.set("probability", 35);
    EXPECT_EQ(effective_probability(deal, lead), 35);
    deal.set("probability", 0);  // an explicit zero is an override too
    EXPECT_EQ(effective_probability(deal, lead), 0);
}

TEST(PipelineStale, DaysInStageCountCalendarDaysAcrossMonthEnds) {
    const Registry& app = Registry::app();
    Record deal(app.get(entity::kDeal));
    Record stage(app.get(entity::kStage));
    deal.set("status", std::string(outcome::kOpen));
    deal.set("stage_entered_at", at(2026, 1, 31, 12, kMoscow));
    const std::int64_t march_first = at(2026, 3, 1, 10, kMoscow);
    EXPECT_EQ(days_in_stage(deal, march_first, kMoscow), 29);  // 2026 is not a leap year
    stage.set("idle_days", 28);
    EXPECT_TRUE(is_stale(deal, stage, march_first, kMoscow));
    stage.set("idle_days", 29);
    EXPECT_FALSE(is_stale(deal, stage, march_first, kMoscow));  // stale means more days than allowed
    deal.set("stage_entered_at", at(2028, 1, 31, 12, kMoscow));
    EXPECT_EQ(days_in_stage(deal, at(2028, 3, 1, 10, kMoscow), kMoscow), 30);  // 29 February
    deal.set("stage_entered_at", at(2026, 12, 31, 9, kMoscow));
    EXPECT_EQ(days_in_stage(deal, at(2027, 1, 1, 9, kMoscow), kMoscow), 1);  // across the year end

    // Days are the device's calendar days: 23:30 to 00:30 in Moscow is a day there, none in UTC.
    deal.set("stage_entered_at", at(2026, 4, 30, 23, kMoscow) + kHourMs / 2);
    const std::int64_t next_morning = at(2026, 5, 1, 0, kMoscow) + kHourMs / 2;
    EXPECT_EQ(days_in_stage(deal, next_morning, kMoscow), 1);
    EXPECT_EQ(days_in_stage(deal, next_morning, 0), 0);
}

TEST(PipelineStale, OnlyOpenDealsInStagesWithIdleDaysGoStale) {
    const Registry& app = Registry::app();
    Record deal(app.get(entity::kDeal));
    Record stage(app.get(entity::kStage));
    deal.set("status", std::string(outcome::kOpen));
    deal.set("stage_entered_at", at(2026, 1, 1, 12, 0));
    const std::int64_t later = at(2026, 6, 1, 12, 0);
    stage.set("idle_days", 0);
    EXPECT_FALSE(is_stale(deal, stage, later, 0));  // 0: never stale
    stage.set("idle_days", 10);
    EXPECT_TRUE(is_stale(deal, stage, later, 0));
    deal.set("status", std::string(outcome::kWon));
    EXPECT_FALSE(is_stale(deal, stage, later, 0));
    // No stage_entered_at (a deal from the generic form): counted from its creation.
    deal.set("status", std::string(outcome::kOpen)).set("stage_entered_at", nullptr);
    deal.set(kCreatedAtField, at(2026, 5, 20, 12, 0));
    EXPECT_EQ(days_in_stage(deal, later, 0), 12);
}

// The deal entity's hooks for the generic form (deal_hooks.cpp).
TEST_F(Pipeline, PrefillTakesTheCustomersOwnerTheFirstPipelineAndItsFirstOpenStage) {
    const std::string customer =
        create(entity::kCompany, {{"name", "ИП Соколов"}, {"owner_id", test::user_id(*store_, "olga.nikitina")}});
    Record draft(store_->records(entity::kDeal).entity());
    draft.set("company_id", customer);
    ASSERT_TRUE(prefill_deal(*store_, draft).ok());
    EXPECT_EQ(draft.text("owner_id"), test::user_id(*store_, "olga.nikitina"));
    EXPECT_EQ(draft.ref_title("owner_id"), "olga.nikitina") << "the picker shows the owner's name";
    EXPECT_EQ(draft.text("pipeline_id"), pipeline_);
    EXPECT_EQ(draft.text("stage_id"), lead_);
    EXPECT_EQ(draft.ref_title("stage_id"), "Новый лид");

    // What the draft already has stays.
    Record chosen(store_->records(entity::kDeal).entity());
    chosen.set("company_id", customer)
        .set("owner_id", test::user_id(*store_, "anna.smirnova"))
        .set("stage_id", offer_)
        .set("pipeline_id", pipeline_);
    ASSERT_TRUE(prefill_deal(*store_, chosen).ok());
    EXPECT_EQ(chosen.text("owner_id"), test::user_id(*store_, "anna.smirnova"));
    EXPECT_EQ(chosen.text("stage_id"), offer_);
}

TEST_F(Pipeline, SaveDealCreatesThroughCreateDealAndMovesThroughTheGate) {
    Record draft(store_->records(entity::kDeal).entity());
    draft.set("title", "Монтаж")
        .set("company_id", company_)
        .set("pipeline_id", pipeline_)
        .set("stage_id", lead_);
    auto created = save_deal(*store_, draft);
    ASSERT_TRUE(created.ok()) << message_of(created);
    ASSERT_TRUE(created->missing.empty());
    EXPECT_EQ(history_of(created->record.id), 1);

    // Into a stage whose gate finds the amount and the date empty: nothing written, the fields named.
    Record edited = created->record;
    edited.set("stage_id", offer_).set("title", "Монтаж и пусконаладка");
    const auto before = written();
    auto stopped = save_deal(*store_, edited);
    ASSERT_TRUE(stopped.ok()) << message_of(stopped);
    EXPECT_EQ(stopped->missing, (std::vector<std::string>{"amount", "expected_close"}));
    EXPECT_EQ(stopped->blocked_by, "КП");
    // Rolled back: nothing queued (a rolled-back write may still have used a sequence number).
    EXPECT_EQ(written().second, before.second);
    EXPECT_EQ(get(edited.id).text("title"), "Монтаж");

    edited.set("amount", money(50'000'00, "RUB")).set("expected_close", "2026-12-01");
    auto moved = save_deal(*store_, edited);
    ASSERT_TRUE(moved.ok()) << message_of(moved);
    EXPECT_TRUE(moved->missing.empty());
    const Record stored = get(edited.id);
    EXPECT_EQ(stored.text("stage_id"), offer_);
    EXPECT_EQ(stored.text("title"), "Монтаж и пусконаладка");
    EXPECT_EQ(history_of(edited.id), 2);

    // Lost takes the form's reason; without one it is refused at the reason.
    Record lose = stored;
    lose.set("stage_id", lost_);
    auto refused = save_deal(*store_, lose);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().field, "loss_reason_id");
    lose.set("loss_reason_id", reason_);
    auto lost = save_deal(*store_, lose);
    ASSERT_TRUE(lost.ok()) << message_of(lost);
    EXPECT_EQ(get(edited.id).text("status"), outcome::kLost);
    EXPECT_EQ(get(edited.id).text("loss_reason_id"), reason_);
}

}  // namespace
}  // namespace crm::domain
