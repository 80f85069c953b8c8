// One timeline per customer (core/domain/timeline.hpp): newest first, merged from activities, deals (created,
// closed, stage moves) and journey changes; a company's includes its contacts'; filters; the cap; and every
// query it runs is served by indexes.
#include <gtest/gtest.h>

#include "core/domain/activity.hpp"
#include "core/domain/entity.hpp"
#include "core/domain/journey.hpp"
#include "core/domain/pipeline.hpp"
#include "core/domain/timeline.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::message_of;

constexpr std::int64_t kHourMs = 3'600'000;

class Timeline : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev-t", clock_);
        ASSERT_TRUE(store_);
        company_ = create(entity::kCompany, {{"name", "ООО «Ромашка»"}});
        other_ = create(entity::kCompany, {{"name", "Вектор"}});
        person_ = create(entity::kContact, {{"name", "Иван Петров"}, {"company_id", company_}});
        stranger_ = create(entity::kContact, {{"name", "Пётр Сидоров"}, {"company_id", other_}});
        pipeline_ = create(entity::kPipeline, {{"name", "Продажи"}, {"position", 0}});
        lead_ = create(entity::kStage,
                       {{"pipeline_id", pipeline_}, {"name", "Лид"}, {"position", 0}, {"kind", "open"}});
        offer_ = create(entity::kStage,
                        {{"pipeline_id", pipeline_}, {"name", "КП"}, {"position", 1}, {"kind", "open"}});
        won_ = create(entity::kStage,
                      {{"pipeline_id", pipeline_}, {"name", "Успех"}, {"position", 2}, {"kind", "won"}});
    }
    std::string create(std::string_view entity, const std::vector<std::pair<std::string, json>>& values) {
        return test::create_record(*store_, entity, values);
    }
    // An activity at `at` (done, else planned), advancing the clock past it.
    std::string activity(std::string_view type, const std::string& subject, std::int64_t at, bool done,
                         const std::string& company, const std::string& contact,
                         const std::string& result = {}) {
        std::vector<std::pair<std::string, json>> v{
            {"type", std::string(type)}, {"subject", subject}, {"due_at", at}, {"result", result}};
        if (done) v.emplace_back("done_at", at);
        if (!company.empty()) v.emplace_back("company_id", company);
        if (!contact.empty()) v.emplace_back("contact_id", contact);
        return create(entity::kActivity, v);
    }
    std::vector<TimelineItem> timeline(std::string_view entity, const std::string& id, TimelineQuery q = {}) {
        auto items = load_timeline(store_->db(), store_->registry().get(entity), id, q);
        EXPECT_TRUE(items.ok()) << message_of(items);
        return items.value_or(std::vector<TimelineItem>{});
    }
    void set_stage(std::string_view entity, const std::string& id, std::size_t position) {
        auto r = store_->records(entity).get(id);
        ASSERT_TRUE(r.ok());
        r->set("journey_stage", std::string(journey_stage_keys()[position]));
        ASSERT_TRUE(store_->records(entity).update(*r).ok());
    }

    test::FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::string company_, other_, person_, stranger_, pipeline_, lead_, offer_, won_;
};

TEST_F(Timeline, MergesEverySourceNewestFirstWithTheCompanysContacts) {
    const std::int64_t t0 = *clock_.ms;
    activity(activity_type::kCall, "Первый звонок", t0 + 1 * kHourMs, true, company_, "");
    activity(activity_type::kVisit, "Визит в офис", t0 + 3 * kHourMs, true, company_, "",
             "Договорились о КП");
    activity(activity_type::kMeeting, "Встреча с Иваном", t0 + 5 * kHourMs, false, "", person_);
    activity(activity_type::kNote, "Чужая заметка", t0 + 6 * kHourMs, true, other_, stranger_);
    clock_.advance(7 * kHourMs);
    Record deal(store_->registry().get(entity::kDeal));
    deal.set("title", "Поставка")
        .set("company_id", company_)
        .set("pipeline_id", pipeline_)
        .set("stage_id", lead_);
    auto made = create_deal(*store_, deal);
    ASSERT_TRUE(made.ok()) << message_of(made);
    clock_.advance(kHourMs);
    ASSERT_TRUE(move_deal(*store_, made->deal.id, offer_).ok());
    clock_.advance(kHourMs);
    set_stage(entity::kContact, person_, 2);
    clock_.advance(kHourMs);
    ASSERT_TRUE(move_deal(*store_, made->deal.id, won_).ok());

    const auto items = timeline(entity::kCompany, company_);
    std::vector<std::string> kinds;
    for (const auto& it : items) kinds.push_back(std::string(to_key(it.kind)) + ":" + it.title);
    ASSERT_EQ(kinds.size(), 7u) << testing::PrintToString(kinds);
    EXPECT_EQ(kinds[0], "deal_won:Поставка");
    EXPECT_EQ(kinds[1], "journey:Привлечение → Квалификация");
    EXPECT_EQ(kinds[2], "stage:Поставка");
    EXPECT_EQ(kinds[3], "deal_created:Поставка");
    EXPECT_EQ(kinds[4], "activity:Встреча с Иваном");
    EXPECT_EQ(kinds[5], "activity:Визит в офис");
    EXPECT_EQ(kinds[6], "activity:Первый звонок");
    for (std::size_t i = 1; i < items.size(); ++i) EXPECT_GE(items[i - 1].at_ms, items[i].at_ms);
    for (const auto& it : items) EXPECT_NE(it.title, "Чужая заметка");
    EXPECT_EQ(items[1].who, "Иван Петров") << "a contact's item names the contact";
    EXPECT_EQ(items[1].entity, entity::kContact);
    EXPECT_EQ(items[1].record_id, person_);
    EXPECT_EQ(items[4].who, "Иван Петров");
    EXPECT_FALSE(items[4].done);
    EXPECT_EQ(items[5].detail, "Договорились о КП") << "a visit's report";
    EXPECT_TRUE(items[5].done);
    EXPECT_EQ(items[2].detail.find("Лид"), 0u) << items[2].detail;
    EXPECT_EQ(items[2].entity, entity::kDeal);

    // The contact's own timeline: its meeting and its journey, not the company's call or deal.
    const auto own = timeline(entity::kContact, person_);
    std::vector<std::string> own_titles;
    for (const auto& it : own) own_titles.push_back(it.title);
    ASSERT_EQ(own.size(), 2u) << testing::PrintToString(own_titles);
    EXPECT_EQ(own[0].title, "Привлечение → Квалификация");
    EXPECT_EQ(own[0].who, "") << "its own items name no one";
    EXPECT_EQ(own[1].title, "Встреча с Иваном");
}

TEST_F(Timeline, FiltersByActivityTypeDealsAndJourney) {
    const std::int64_t t0 = *clock_.ms;
    activity(activity_type::kCall, "Звонок", t0 + kHourMs, true, company_, "");
    activity(activity_type::kVisit, "Визит", t0 + 2 * kHourMs, true, company_, "");
    Record deal(store_->registry().get(entity::kDeal));
    deal.set("title", "Поставка")
        .set("company_id", company_)
        .set("pipeline_id", pipeline_)
        .set("stage_id", lead_);
    ASSERT_TRUE(create_deal(*store_, deal).ok());
    set_stage(entity::kCompany, company_, 1);

    auto only = [&](std::string_view filter) {
        std::vector<std::string> out;
        for (const auto& it : timeline(entity::kCompany, company_, {filter})) {
            EXPECT_TRUE(timeline_filter_matches(filter, it)) << filter;
            out.push_back(it.title);
        }
        return out;
    };
    EXPECT_EQ(only(activity_type::kVisit), std::vector<std::string>{"Визит"});
    EXPECT_EQ(only(activity_type::kCall), std::vector<std::string>{"Звонок"});
    EXPECT_TRUE(only(activity_type::kTask).empty());
    EXPECT_EQ(only(timeline_filter::kDeal), std::vector<std::string>{"Поставка"});
    // The change only: creating a record writes no history row (its first stage dates from its creation).
    EXPECT_EQ(only(timeline_filter::kJourney), std::vector<std::string>{"Привлечение → Захват контакта"});
    EXPECT_EQ(timeline(entity::kCompany, company_).size(), 4u);
    // The filter keys: every activity type, then deals and journey.
    EXPECT_EQ(timeline_filter_keys().size(), activity_type_keys().size() + 2);
}

TEST_F(Timeline, ReadsAtMostTheLimitNewestFirst) {
    const std::int64_t t0 = *clock_.ms;
    constexpr int kMade = 60;
    for (int i = 0; i < kMade; ++i)
        activity(i % 2 ? activity_type::kCall : activity_type::kNote, "A" + std::to_string(i),
                 t0 + i * kHourMs, true, company_, i % 3 ? "" : person_);
    const auto items = timeline(entity::kCompany, company_, {timeline_filter::kAll, 25});
    ASSERT_EQ(items.size(), 25u);
    EXPECT_EQ(items.front().title, "A59");
    EXPECT_EQ(items.back().title, "A35");
    EXPECT_LE(timeline(entity::kCompany, company_).size(),
              static_cast<std::size_t>(limits::kTimelineMaxItems));
}

// Every query the timeline runs starts from a reference index (or the history's per-record index), never a
// scan of a whole table: its cost follows the customer's rows, not the database's.
TEST_F(Timeline, QueriesUseIndexes) {
    for (std::string_view e : {entity::kCompany, entity::kContact}) {
        for (const std::string& sql : timeline_queries(store_->registry().get(e))) {
            auto stmt = store_->db().prepare("EXPLAIN QUERY PLAN " + sql);
            ASSERT_TRUE(stmt.ok()) << sql << ": " << message_of(stmt);
            std::string plan;
            while (stmt->step().value_or(false)) plan += stmt->column_text(3) + "\n";
            EXPECT_NE(plan.find("USING INDEX"), std::string::npos) << sql << "\n" << plan;
            for (const char* table : {"activities", "deals", "stage_history", "field_history", "contacts"}) {
                const std::string alias = std::string(table) == "activities" ? "a"
                                          : std::string(table) == "deals"    ? "d"
                                          : std::string(table) == "contacts" ? "c"
                                                                             : "h";
                EXPECT_EQ(plan.find("SCAN " + alias + "\n"), std::string::npos) << sql << "\n" << plan;
                EXPECT_EQ(plan.find("SCAN " + std::string(table) + "\n"), std::string::npos) << sql << "\n"
                                                                                             << plan;
            }
        }
    }
}

}  // namespace
}  // namespace crm::domain
