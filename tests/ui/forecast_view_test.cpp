// The forecast screen shows core's figures (domain::forecast) for each period, RUB first with other
// currencies apart, and computes them again only when the data changed.
#include <gtest/gtest.h>

#include <string>

#include "core/demo/demo_data.hpp"
#include "core/domain/forecast.hpp"
#include "core/domain/repository.hpp"
#include "core/util/civil_date.hpp"
#include "tests/ui/ui_harness.hpp"
#include "ui/format.hpp"

namespace crm::ui::test {
namespace {

constexpr std::int64_t kOffsetMs = std::int64_t{kMoscowOffset} * 60'000;

class UiForecastView : public ::testing::Test {
  protected:
    void SetUp() override {
        store = make_store();
        ASSERT_NE(store, nullptr);
        const Status made = demo::generate(*store, {6, 18, 120}, 5);
        ASSERT_TRUE(made.ok()) << made.error().message;
    }
    domain::Forecast expected() {
        auto deals = domain::load_forecast_deals(*store);
        EXPECT_TRUE(deals.ok());
        return domain::forecast(deals.ok() ? *deals : std::vector<domain::ForecastDeal>{},
                                civil::local_date(kNowMs, kOffsetMs), kOffsetMs);
    }
    std::unique_ptr<Store> store;
    FakePlatform platform;
};

TEST_F(UiForecastView, ShowsCoresFiguresForEachPeriod) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.forecast"));
    const domain::Forecast f = expected();
    ASSERT_FALSE(f.rows.empty());
    EXPECT_EQ(f.rows.front().currency, "RUB");
    for (std::size_t p = 0; p < domain::kForecastPeriods; ++p) {
        ASSERT_TRUE(ui.click("forecast.period." + std::to_string(p)));
        EXPECT_EQ(ui.state("forecast.period"), p);
        const nlohmann::json rows = ui.state("forecast.rows");
        ASSERT_EQ(rows.size(), f.rows.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const domain::ForecastRow& want = f.rows[r];
            EXPECT_EQ(rows[r]["currency"], want.currency);
            // Owners are user accounts: the screen names them (a total row has no owner, hence no name).
            EXPECT_EQ(rows[r]["owner"], want.owner_name);
            EXPECT_EQ(want.owner.empty(), want.owner_name.empty()) << want.owner;
            EXPECT_EQ(rows[r]["won"], want.periods[p].won);
            EXPECT_EQ(rows[r]["weighted"], want.periods[p].weighted);
            EXPECT_EQ(rows[r]["best_case"], want.periods[p].best_case);
            EXPECT_EQ(rows[r]["weighted_text"], format_money(want.periods[p].weighted, want.currency));
        }
        // The total row of roubles is drawn, with its figures.
        EXPECT_TRUE(ui.item("forecast.cell.0.weighted").has_value());
        EXPECT_TRUE(ui.item("forecast.cell.0.owner").has_value());
    }
}

TEST_F(UiForecastView, ComputesAgainOnlyAfterTheDataChanged) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.forecast"));
    const std::int64_t computed = ui.state("forecast.computations");
    ui.frame(5);
    EXPECT_EQ(ui.state("forecast.computations"), computed);

    // An open deal expected this month gets a larger amount: the weighted figure follows.
    const domain::EntityDesc& deal = domain::Registry::app().get("deal");
    domain::ListQuery q;
    q.equals = {{"status", "open"}};
    q.limit = 1;
    auto page = records(*store, deal).list(q);
    ASSERT_TRUE(page.ok());
    ASSERT_FALSE(page->rows.empty());
    domain::Record d = page->rows.front();
    d.set("amount", nlohmann::json{{"minor", 123'456'00}, {"currency", "RUB"}});
    d.set("expected_close", civil::to_iso(civil::local_date(kNowMs, kOffsetMs)));
    ASSERT_TRUE(records(*store, deal).update(d).ok());
    ui.frame(2);
    EXPECT_EQ(ui.state("forecast.computations"), computed + 1);
    const domain::Forecast f = expected();
    EXPECT_EQ(ui.state("forecast.rows")[0]["weighted"], f.rows[0].periods[0].weighted);
}

TEST_F(UiForecastView, OtherCurrenciesAreRowsOfTheirOwn) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.forecast"));
    ASSERT_TRUE(ui.click("forecast.period.2"));
    const nlohmann::json rows = ui.state("forecast.rows");
    std::string last;
    for (const auto& row : rows) {
        const std::string currency = row["currency"];
        if (currency != last) {
            EXPECT_EQ(row["owner"], "") << "each currency starts with its total row";
            if (!last.empty()) {
                EXPECT_NE(currency, "RUB") << "RUB comes first";
            }
            last = currency;
        }
    }
}

TEST_F(UiForecastView, AnOwnerWithoutDealsInACurrencyHasNoRowOfZerosThere) {
    UiHarness ui(*store, platform);
    ASSERT_TRUE(ui.click("nav.section.forecast"));
    ASSERT_TRUE(ui.click("forecast.period.2"));
    const domain::Forecast f = expected();
    int hidden = 0;
    for (std::size_t r = 0; r < f.rows.size(); ++r) {
        const domain::ForecastFigures& fig = f.rows[r].periods[2];
        const bool empty = !f.rows[r].owner.empty() && fig.won_deals == 0 && fig.open_deals == 0;
        hidden += empty ? 1 : 0;
        EXPECT_EQ(ui.item("forecast.cell." + std::to_string(r) + ".owner").has_value(), !empty)
            << f.rows[r].currency << " " << f.rows[r].owner;
    }
    EXPECT_GT(hidden, 0) << "the demo data has owners without deals in some currency";
}

}  // namespace
}  // namespace crm::ui::test
