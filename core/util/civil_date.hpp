#pragma once
// Calendar days for the rules that count them (days in a stage, forecast months). A moment (Unix ms,
// UTC) becomes a date in the device's zone by a fixed offset the caller passes, so the rules stay pure.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::civil {

struct Date {
    int year = 1970;
    int month = 1;  // 1-12
    int day = 1;    // 1-31
    auto operator<=>(const Date&) const = default;
};

inline constexpr std::int64_t kMsPerMinute = 60'000;
inline constexpr std::int64_t kMsPerHour = 60 * kMsPerMinute;
inline constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

std::int64_t days_since_epoch(const Date& date);  // 1970-01-01 is 0
Date from_days(std::int64_t days);
// The date in a zone `offset_ms` east of UTC (Moscow: +3 h) at Unix ms `ms`.
Date local_date(std::int64_t ms, std::int64_t offset_ms);
// "YYYY-MM-DD" (a real calendar day) or nothing.
std::optional<Date> parse_iso(std::string_view text);
std::string to_iso(const Date& date);
// The first day of the month `months` after the month of `date` (0: its own month's first day).
Date month_start(const Date& date, int months = 0);

}  // namespace crm::civil
