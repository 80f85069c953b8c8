#include "core/domain/forecast.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/domain/pipeline.hpp"
#include "core/limits.hpp"
#include "core/store.hpp"

namespace crm::domain {

namespace {

constexpr std::int64_t kMaxSum = std::numeric_limits<std::int64_t>::max();

void add_to(std::int64_t& sum, std::int64_t amount) {
    sum = amount > kMaxSum - sum ? kMaxSum : sum + amount;
}

void count(ForecastFigures& f, const ForecastDeal& d, const ForecastPeriod& p, std::int64_t offset_ms) {
    if (d.status == outcome::kWon && d.closed_at_ms) {
        const civil::Date closed = civil::local_date(*d.closed_at_ms, offset_ms);
        if (closed >= p.first && closed < p.end) {
            add_to(f.won, d.amount);
            ++f.won_deals;
        }
        return;
    }
    if (d.status != outcome::kOpen || !d.expected_close || d.currency.empty()) return;
    if (!(*d.expected_close < p.end)) return;  // expected after the period; overdue ones stay in
    add_to(f.weighted, weighted_amount(d.amount, d.probability));
    add_to(f.best_case, d.amount);
    ++f.open_deals;
}

// RUB first, then the other codes in order.
bool currency_before(const std::string& a, const std::string& b) {
    const bool ha = a == kHomeCurrency;
    const bool hb = b == kHomeCurrency;
    if (ha != hb) return ha;
    return a < b;
}

template <typename Fn>
Status each_record(Repository repo, Fn&& fn) {
    ListQuery q;
    q.limit = limits::kMaxPageSize;
    q.count_total = false;
    for (;;) {
        auto page = repo.list(q);
        if (!page) return page.error();
        for (const Record& r : page->rows) fn(r);
        if (!page->next) return {};
        q.after = page->next;
    }
}

}  // namespace

std::int64_t weighted_amount(std::int64_t amount, int percent) {
    const std::int64_t p = std::clamp<std::int64_t>(percent, 0, limits::kMaxProbabilityPercent);
    // Split so no product exceeds int64: (100q + r)·p / 100 = q·p + r·p / 100.
    const std::int64_t q = amount / limits::kPercentDivisor;
    const std::int64_t r = amount % limits::kPercentDivisor;
    return q * p + (r * p + limits::kPercentDivisor / 2) / limits::kPercentDivisor;
}

std::array<ForecastPeriod, kForecastPeriods> forecast_periods(const civil::Date& today) {
    const civil::Date first = civil::month_start(today);
    std::array<ForecastPeriod, kForecastPeriods> out;
    const std::array<int, kForecastPeriods> months{1, limits::kForecastMonthsShort,
                                                   limits::kForecastMonthsLong};
    for (std::size_t i = 0; i < kForecastPeriods; ++i)
        out[i] = {first, civil::month_start(today, months[i]), months[i]};
    return out;
}

const ForecastRow* Forecast::find(std::string_view currency, std::string_view owner) const {
    for (const ForecastRow& r : rows)
        if (r.currency == currency && r.owner == owner) return &r;
    return nullptr;
}

Forecast forecast(std::span<const ForecastDeal> deals, const civil::Date& today, std::int64_t offset_ms) {
    Forecast out;
    out.periods = forecast_periods(today);
    // currency -> owner -> figures; owner "" is the currency's total.
    std::map<std::string, std::map<std::string, ForecastRow>,
             std::function<bool(const std::string&, const std::string&)>>
        groups(currency_before);
    for (const ForecastDeal& d : deals) {
        if (d.currency.empty()) continue;  // no amount: nothing to add
        auto& by_owner = groups[d.currency];
        for (const std::string& owner : {std::string(), d.owner}) {
            ForecastRow& row = by_owner[owner];
            row.currency = d.currency;
            row.owner = owner;
            if (!owner.empty()) row.owner_name = d.owner_name;
            for (std::size_t i = 0; i < kForecastPeriods; ++i)
                count(row.periods[i], d, out.periods[i], offset_ms);
            if (d.owner.empty()) break;  // an unowned deal counts once, in the total
        }
    }
    for (auto& [currency, by_owner] : groups)
        for (auto& [owner, row] : by_owner) out.rows.push_back(std::move(row));  // "" sorts first
    return out;
}

Result<std::vector<ForecastDeal>> load_forecast_deals(Store& store) {
    std::unordered_map<std::string, int> stage_probability;
    CRM_TRY(each_record(store.records(entity::kStage), [&](const Record& s) {
        stage_probability[s.id] = static_cast<int>(s.integer("probability"));
    }));
    std::vector<ForecastDeal> out;
    CRM_TRY(each_record(store.records(entity::kDeal), [&](const Record& d) {
        ForecastDeal f;
        f.owner = d.text("owner_id");
        f.owner_name = d.ref_title("owner_id");
        if (auto m = money_of(d.get("amount"))) {
            f.currency = m->currency;
            f.amount = m->minor;
        }
        f.status = d.text("status");
        const auto& override = d.get("probability");
        const auto stage = stage_probability.find(d.text("stage_id"));
        f.probability = override.is_number_integer()       ? override.get<int>()
                        : stage != stage_probability.end() ? stage->second
                                                           : 0;
        f.expected_close = civil::parse_iso(d.text("expected_close"));
        if (const auto& c = d.get("closed_at"); c.is_number_integer()) f.closed_at_ms = c.get<std::int64_t>();
        out.push_back(std::move(f));
    }));
    return out;
}

}  // namespace crm::domain
