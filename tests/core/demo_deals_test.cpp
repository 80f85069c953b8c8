// Demo pipelines and deals (core/demo/demo_deals.hpp): deterministic, and every deal consistent with its
// pipeline, its stage and its history.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>

#include "core/demo/demo_data.hpp"
#include "core/demo/demo_deals.hpp"
#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "core/util/civil_date.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using domain::Record;
using test::FakeClock;

std::vector<Record> all(Store& store, std::string_view entity) {
    return test::all_records(store, entity);
}

// What a deal and its history say, without ids (they differ between stores), sorted.
std::vector<std::string> signature(Store& store) {
    std::map<std::string, std::string> stage_names;
    for (const Record& s : all(store, domain::entity::kStage)) stage_names[s.id] = s.text("name");
    std::map<std::string, int> moves;
    for (const Record& h : all(store, domain::entity::kStageHistory)) ++moves[h.text("deal_id")];
    std::vector<std::string> out;
    for (const Record& d : all(store, domain::entity::kDeal)) {
        out.push_back(d.text("title") + "|" + d.get("amount").dump() + "|" + stage_names[d.text("stage_id")] +
                      "|" + d.text("status") + "|" + d.ref_title("owner_id") + "|" + d.text("expected_close") + "|" +
                      d.get("closed_at").dump() + "|" + std::to_string(moves[d.id]));
    }
    std::sort(out.begin(), out.end());
    return out;
}

TEST(DemoDeals, AreDeterministicForASeed) {
    FakeClock clock_a, clock_b;
    auto a = test::open_store("a", clock_a, 1);
    auto b = test::open_store("b", clock_b, 2);
    auto c = test::open_store("c", clock_b, 3);
    ASSERT_TRUE(a && b && c);
    ASSERT_TRUE(demo::generate(*a, {20, 60, 80}, 5).ok());
    ASSERT_TRUE(demo::generate(*b, {20, 60, 80}, 5).ok());
    ASSERT_TRUE(demo::generate(*c, {20, 60, 80}, 6).ok());
    const auto sa = signature(*a);
    EXPECT_EQ(sa.size(), 80u);
    EXPECT_EQ(sa, signature(*b));
    EXPECT_NE(sa, signature(*c));
}

TEST(DemoDeals, EveryDealIsConsistentWithItsPipelineStageAndHistory) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    constexpr int kDeals = 400;
    const Status s = demo::generate(*store, {60, 180, kDeals}, 11);
    ASSERT_TRUE(s.ok()) << s.error().message;

    const auto pipelines = all(*store, domain::entity::kPipeline);
    ASSERT_EQ(pipelines.size(), 2u);
    std::map<std::string, Record> stages;
    for (const Record& st : all(*store, domain::entity::kStage)) stages.emplace(st.id, st);
    EXPECT_EQ(stages.size(), 13u);
    std::set<std::string> reasons;
    for (const Record& r : all(*store, domain::entity::kLossReason)) reasons.insert(r.id);
    EXPECT_GE(reasons.size(), 4u);
    std::map<std::string, std::vector<Record>> history;
    for (const Record& h : all(*store, domain::entity::kStageHistory))
        history[h.text("deal_id")].push_back(h);

    const auto deals = all(*store, domain::entity::kDeal);
    ASSERT_EQ(deals.size(), static_cast<std::size_t>(kDeals));
    std::map<std::string, int> by_status, by_currency;
    std::set<std::string> owners, lost_reasons_used;
    const std::int64_t year_ago = *clock.ms - limits::kDemoDealHistoryDays * civil::kMsPerDay;
    for (const Record& d : deals) {
        SCOPED_TRACE(d.text("title"));
        const Record& stage = stages.at(d.text("stage_id"));
        EXPECT_EQ(stage.text("pipeline_id"), d.text("pipeline_id"));  // the stage belongs to its pipeline
        EXPECT_EQ(d.text("status"), stage.text("kind"));
        EXPECT_TRUE(domain::check_deal(d).ok());
        ++by_status[d.text("status")];
        owners.insert(d.ref_title("owner_id"));
        if (auto m = domain::money_of(d.get("amount"))) ++by_currency[m->currency];
        const bool closed = d.text("status") != domain::outcome::kOpen;
        EXPECT_EQ(d.get("closed_at").is_number_integer(), closed);
        if (d.text("status") == domain::outcome::kLost) lost_reasons_used.insert(d.text("loss_reason_id"));
        // Every gate the deal passed was met.
        for (const std::string& field : stage.list("required_fields"))
            EXPECT_FALSE(domain::is_empty_value(*d.entity().find(field), d.get(field))) << field;

        // The history is a chain from no stage to the current one, in time order, within the past year.
        auto rows = history[d.id];
        ASSERT_FALSE(rows.empty());
        std::sort(rows.begin(), rows.end(), [](const Record& x, const Record& y) {
            return x.integer("moved_at") < y.integer("moved_at");
        });
        EXPECT_TRUE(rows.front().get("from_stage_id").is_null());
        EXPECT_GE(rows.front().integer("moved_at"), year_ago);
        for (std::size_t i = 1; i < rows.size(); ++i)
            EXPECT_EQ(rows[i].text("from_stage_id"), rows[i - 1].text("to_stage_id"));
        for (const Record& h : rows)
            EXPECT_EQ(stages.at(h.text("to_stage_id")).text("pipeline_id"), d.text("pipeline_id"));
        EXPECT_EQ(rows.back().text("to_stage_id"), d.text("stage_id"));
        EXPECT_EQ(rows.back().integer("moved_at"), d.integer("stage_entered_at"));
        EXPECT_LE(rows.back().integer("moved_at"), *clock.ms);
        if (closed) {
            EXPECT_EQ(d.integer("closed_at"), d.integer("stage_entered_at"));
        }
    }
    // Won, lost and open all present; lost ones name the team's reasons.
    EXPECT_GT(by_status["won"], kDeals / 10);
    EXPECT_GT(by_status["lost"], kDeals / 10);
    EXPECT_GT(by_status["open"], kDeals / 20);
    for (const std::string& r : lost_reasons_used) EXPECT_TRUE(reasons.contains(r));
    EXPECT_GE(lost_reasons_used.size(), 3u);
    // Mostly roubles, a few dollars and euros; the demo team's owners.
    EXPECT_GT(by_currency["RUB"], kDeals / 2);
    EXPECT_GT(by_currency["USD"] + by_currency["EUR"], 0);
    EXPECT_LE(owners.size(), 5u);
    EXPECT_TRUE(owners.contains("Анна Смирнова"));
}

// The server's demo set (sync-server's --demo-data): customers and deals. Prints how long it takes.
TEST(DemoDeals, TheServerSetIncludesDeals) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    const auto t0 = std::chrono::steady_clock::now();
    const Status s =
        demo::generate(*store, {limits::kDemoCompanies, limits::kDemoContacts, limits::kDemoDeals});
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(s.ok()) << s.error().message;
    std::cout << "[ timing ] server demo set with " << limits::kDemoDeals << " deals: " << ms << " ms\n";
    EXPECT_EQ(store->records(domain::entity::kDeal).list({}).value().total, limits::kDemoDeals);
    EXPECT_GT(store->records(domain::entity::kStageHistory).list({}).value().total, limits::kDemoDeals * 2);
}

}  // namespace
}  // namespace crm
