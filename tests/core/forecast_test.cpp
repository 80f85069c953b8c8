// The forecast (core/domain/forecast.hpp): integer money, rounding, periods, owners, currencies apart.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/domain/forecast.hpp"
#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kMoscow = 3 * kHourMs;
const civil::Date kToday{2026, 11, 27};

std::int64_t moment(int y, int m, int d, int hour) {  // UTC
    return civil::days_since_epoch({y, m, d}) * civil::kMsPerDay + hour * kHourMs;
}

ForecastDeal open_deal(std::string owner, std::int64_t amount, int percent, civil::Date expected,
                       std::string currency = "RUB") {
    return {
        std::move(owner), std::move(currency), amount, std::string(outcome::kOpen), percent, expected, {}};
}
ForecastDeal won_deal(std::string owner, std::int64_t amount, std::int64_t closed_ms,
                      std::string currency = "RUB") {
    return {std::move(owner), std::move(currency), amount, std::string(outcome::kWon), 100, {}, closed_ms};
}

TEST(Forecast, WeightedAmountRoundsHalfUpPerDeal) {
    EXPECT_EQ(weighted_amount(101, 50), 51);  // 50.5
    EXPECT_EQ(weighted_amount(1, 50), 1);     // 0.5
    EXPECT_EQ(weighted_amount(1, 49), 0);     // 0.49
    EXPECT_EQ(weighted_amount(199, 33), 66);  // 65.67
    EXPECT_EQ(weighted_amount(100, 33), 33);
    EXPECT_EQ(weighted_amount(12'345'67, 0), 0);
    EXPECT_EQ(weighted_amount(12'345'67, 100), 12'345'67);
    // No overflow at the largest amounts: split into hundreds and the rest.
    EXPECT_EQ(weighted_amount(limits::kMaxMoneyMinor, 37), limits::kMaxMoneyMinor / 100 * 37);
    EXPECT_EQ(weighted_amount(INT64_MAX, 100), INT64_MAX);
    EXPECT_EQ(weighted_amount(INT64_MAX, 50), INT64_MAX / 2 + 1);  // ...807 / 2 = ...403.5, rounded up
}

TEST(Forecast, PeriodsStartThisMonthAndSpanOneSixAndTwelveMonths) {
    const auto p = forecast_periods(kToday);
    EXPECT_EQ(p[0].first, (civil::Date{2026, 11, 1}));
    EXPECT_EQ(p[0].end, (civil::Date{2026, 12, 1}));
    EXPECT_EQ(p[1].end, (civil::Date{2027, 5, 1}));
    EXPECT_EQ(p[2].end, (civil::Date{2027, 11, 1}));
    EXPECT_EQ(p[2].first, p[0].first);
    EXPECT_EQ(forecast_periods({2026, 12, 31})[0].end, (civil::Date{2027, 1, 1}));
}

TEST(Forecast, WonWeightedAndBestCaseByPeriod) {
    const std::vector<ForecastDeal> deals{
        won_deal("anna", 100'000'00, moment(2026, 11, 3, 9)),  // this month
        won_deal("anna", 7'000'00, moment(2026, 10, 31, 22)),  // 1 Nov 01:00 in Moscow
        won_deal("anna", 50'000'00, moment(2026, 10, 15, 9)),  // before the period
        open_deal("anna", 200'000'00, 60, {2026, 11, 30}),     // this month
        open_deal("anna", 333, 50, {2026, 12, 15}),            // 6 and 12 months; 166.5 → 167
        open_deal("anna", 1'000'00, 10, {2027, 6, 1}),         // 12 months only
        open_deal("anna", 9'999'00, 90, {2027, 11, 1}),        // after every period
        open_deal("anna", 40'000'00, 25, {2026, 9, 1}),        // overdue: in every period
        {"anna", "RUB", 5'000'00, std::string(outcome::kLost), 0, civil::Date{2026, 11, 5},
         moment(2026, 11, 5, 9)},
        {"anna", "RUB", 8'000'00, std::string(outcome::kOpen), 50, std::nullopt, std::nullopt},  // no date
    };
    const Forecast f = forecast(deals, kToday, kMoscow);
    const ForecastRow* total = f.find("RUB", "");
    ASSERT_NE(total, nullptr);
    const ForecastFigures month = total->periods[0];
    EXPECT_EQ(month.won, 107'000'00);
    EXPECT_EQ(month.won_deals, 2);
    EXPECT_EQ(month.weighted, 120'000'00 + 10'000'00);
    EXPECT_EQ(month.best_case, 240'000'00);
    EXPECT_EQ(month.open_deals, 2);
    const ForecastFigures half = total->periods[1];
    EXPECT_EQ(half.won, 107'000'00);
    EXPECT_EQ(half.weighted, 130'000'00 + 167);
    EXPECT_EQ(half.best_case, 240'000'00 + 333);
    const ForecastFigures year = total->periods[2];
    EXPECT_EQ(year.weighted, 130'000'00 + 167 + 100'00);
    EXPECT_EQ(year.best_case, 240'000'00 + 333 + 1'000'00);
    EXPECT_EQ(year.open_deals, 4);

    // In UTC the 31 October win is October's.
    EXPECT_EQ(forecast(deals, kToday, 0).find("RUB", "")->periods[0].won, 100'000'00);
}

TEST(Forecast, OwnersAndTotalsPerCurrencyNeverMixed) {
    const std::vector<ForecastDeal> deals{
        open_deal("olga", 10'000'00, 50, {2026, 11, 10}),
        open_deal("anna", 20'000'00, 50, {2026, 11, 10}),
        open_deal("anna", 3'000'00, 100, {2026, 11, 10}, "USD"),
        open_deal("igor", 1'000'00, 100, {2026, 11, 10}, "EUR"),
        open_deal("", 500'00, 100, {2026, 11, 10}),  // nobody's: in the total only
        won_deal("olga", 4'000'00, moment(2026, 11, 2, 9), "USD"),
    };
    const Forecast f = forecast(deals, kToday, kMoscow);
    std::vector<std::pair<std::string, std::string>> order;
    for (const ForecastRow& r : f.rows) order.emplace_back(r.currency, r.owner);
    const std::vector<std::pair<std::string, std::string>> expected{
        {"RUB", ""},     {"RUB", "anna"}, {"RUB", "olga"}, {"EUR", ""},
        {"EUR", "igor"}, {"USD", ""},     {"USD", "anna"}, {"USD", "olga"}};
    EXPECT_EQ(order, expected);
    EXPECT_EQ(f.find("RUB", "")->periods[0].weighted, 15'000'00 + 500'00);
    EXPECT_EQ(f.find("RUB", "anna")->periods[0].weighted, 10'000'00);
    EXPECT_EQ(f.find("RUB", "olga")->periods[0].best_case, 10'000'00);
    EXPECT_EQ(f.find("USD", "")->periods[0].best_case, 3'000'00);
    EXPECT_EQ(f.find("USD", "")->periods[0].won, 4'000'00);
    EXPECT_EQ(f.find("USD", "olga")->periods[0].won, 4'000'00);
    EXPECT_EQ(f.find("EUR", "")->periods[2].weighted, 1'000'00);
    EXPECT_EQ(f.find("EUR", "anna"), nullptr);
}

TEST(Forecast, SumsSaturateInsteadOfOverflowing) {
    std::vector<ForecastDeal> deals;
    for (int i = 0; i < 10; ++i) deals.push_back(open_deal("anna", INT64_MAX / 4, 100, {2026, 11, 10}));
    const Forecast f = forecast(deals, kToday, 0);
    EXPECT_EQ(f.find("RUB", "")->periods[0].best_case, INT64_MAX);
}

TEST(Forecast, LoadedDealsUseTheirOverrideElseTheirStagesProbability) {
    test::FakeClock clock;
    auto store = test::open_store("f", clock);
    ASSERT_TRUE(store);
    auto make = [&](std::string_view entity, const std::vector<std::pair<std::string, nlohmann::json>>& v) {
        Repository repo = store->records(entity);
        Record r(repo.entity());
        for (const auto& [k, val] : v) r.set(k, val);
        auto made = repo.create(r);
        EXPECT_TRUE(made.ok()) << test::message_of(made);
        return made.ok() ? made->id : std::string();
    };
    const std::string p = make(entity::kPipeline, {{"name", "Продажи"}});
    const std::string s = make(entity::kStage, {{"pipeline_id", p}, {"name", "КП"}, {"probability", 60}});
    const std::string c = make(entity::kCompany, {{"name", "АО «Вектор»"}});
    const std::string anna = test::user_id(*store, "anna");
    const auto deal = [&](std::string title, nlohmann::json probability) {
        return make(entity::kDeal, {{"title", title},
                                    {"company_id", c},
                                    {"pipeline_id", p},
                                    {"stage_id", s},
                                    {"owner_id", anna},
                                    {"amount", money(1'000'00, "RUB")},
                                    {"expected_close", "2026-11-20"},
                                    {"probability", probability}});
    };
    deal("по этапу", nullptr);
    deal("вручную", 15);
    auto loaded = load_forecast_deals(*store);
    ASSERT_TRUE(loaded.ok()) << test::message_of(loaded);
    ASSERT_EQ(loaded->size(), 2u);
    std::vector<int> probabilities{(*loaded)[0].probability, (*loaded)[1].probability};
    std::sort(probabilities.begin(), probabilities.end());
    EXPECT_EQ(probabilities, (std::vector<int>{15, 60}));
    const Forecast f = forecast(*loaded, kToday, kMoscow);
    const ForecastRow* annas = f.find("RUB", anna);
    ASSERT_NE(annas, nullptr);
    EXPECT_EQ(annas->periods[0].weighted, 600'00 + 150'00);
    EXPECT_EQ(annas->owner_name, "anna");
}

}  // namespace
}  // namespace crm::domain
