#include "core/util/civil_date.hpp"

#include <chrono>
#include <cstdio>

namespace crm::civil {

namespace {

namespace chr = std::chrono;

chr::year_month_day ymd_of(const Date& d) {
    return chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} /
           chr::day{static_cast<unsigned>(d.day)};
}

Date date_of(const chr::year_month_day& ymd) {
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::int64_t days_since_epoch(const Date& date) {
    return chr::sys_days(ymd_of(date)).time_since_epoch().count();
}

Date from_days(std::int64_t days) {
    return date_of(chr::year_month_day(chr::sys_days(chr::days(days))));
}

Date local_date(std::int64_t ms, std::int64_t offset_ms) {
    // floor, not truncation: moments before 1970 still fall on the right day.
    const auto day = chr::floor<chr::days>(chr::milliseconds(ms + offset_ms));
    return from_days(day.count());
}

std::optional<Date> parse_iso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int parts[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8};
    const std::size_t lengths[3] = {4, 2, 2};
    for (int p = 0; p < 3; ++p) {
        for (std::size_t i = starts[p]; i < starts[p] + lengths[p]; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            parts[p] = parts[p] * 10 + (text[i] - '0');
        }
    }
    const Date d{parts[0], parts[1], parts[2]};
    if (d.month < 1 || d.month > 12 || d.day < 1 || !ymd_of(d).ok()) return std::nullopt;
    return d;
}

std::string to_iso(const Date& date) {
    char buf[48];  // room for any int in each part: no truncation warning
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buf;
}

Date month_start(const Date& date, int months) {
    const int index = date.year * 12 + (date.month - 1) + months;  // months since year 0
    return {index / 12, index % 12 + 1, 1};
}

}  // namespace crm::civil
