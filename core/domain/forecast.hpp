#pragma once
// The sales forecast: pure integer arithmetic over deals, money in minor units (never floating point).
// Three periods, each starting on the first day of the current month: this month, the 6 months and the
// 12 months starting with it (limits::kForecastMonths*). Per period and per currency (RUB first, then
// the others by code; no exchange rates), per owner and in total:
//   won        sum of won deals whose closed_at falls in the period (in the device's zone),
//   weighted   sum over open deals expected to close by the period's end of amount × probability / 100,
//              each deal's product rounded half up to a minor unit before summing (so a column's total
//              is the sum of its cards); an open deal whose expected date has passed counts in every period
//              (it is still expected, just late),
//   best_case  sum of the same open deals' whole amounts.
// Open deals without an expected close date or an amount are in no period. Sums saturate at INT64_MAX
// rather than overflow (a single amount is at most limits::kMaxMoneyMinor).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/civil_date.hpp"
#include "core/util/result.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

inline constexpr std::size_t kForecastPeriods = 3;
inline constexpr std::string_view kHomeCurrency = "RUB";  // listed first

// What the forecast needs of a deal (load_forecast_deals reads them from the store).
struct ForecastDeal {
    std::string owner;  // a user id
    std::string currency;     // "" when the deal has no amount
    std::int64_t amount = 0;  // minor units, >= 0
    std::string status;       // outcome keys (pipeline.hpp)
    int probability = 0;      // effective: the override, else the stage's
    std::optional<civil::Date> expected_close;
    std::optional<std::int64_t> closed_at_ms;
    std::string owner_name;  // the owner's name, shown
};

struct ForecastFigures {
    std::int64_t won = 0;
    std::int64_t weighted = 0;
    std::int64_t best_case = 0;
    int won_deals = 0;
    int open_deals = 0;
    bool operator==(const ForecastFigures&) const = default;
};

struct ForecastPeriod {
    civil::Date first;  // inclusive
    civil::Date end;    // exclusive: the first day after it
    int months = 0;
};

struct ForecastRow {
    std::string currency;
    std::string owner;  // a user id; "" : every owner of this currency (the total row, first of its currency)
    std::array<ForecastFigures, kForecastPeriods> periods;
    std::string owner_name;
};

struct Forecast {
    std::array<ForecastPeriod, kForecastPeriods> periods;
    // Grouped by currency (RUB first, then by code), each group its total row then owners by name.
    std::vector<ForecastRow> rows;
    const ForecastRow* find(std::string_view currency, std::string_view owner) const;
};

// amount × percent / 100, rounded half up; exact for every amount up to INT64_MAX / 100 × 100.
std::int64_t weighted_amount(std::int64_t amount, int percent);

std::array<ForecastPeriod, kForecastPeriods> forecast_periods(const civil::Date& today);

// `today` is the device's date; `offset_ms` its zone's offset east of UTC (for closed_at).
Forecast forecast(std::span<const ForecastDeal> deals, const civil::Date& today, std::int64_t offset_ms);

// Every live deal of the store with its effective probability (one pass over stages and deals).
Result<std::vector<ForecastDeal>> load_forecast_deals(Store& store);

}  // namespace crm::domain
