#include "ui/format.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/domain/field.hpp"
#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

bool russian() {
    return language() == Language::Ru;
}

// RU groups with a no-break space (U+00A0) so "2 400" never wraps; EN with a comma.
std::string_view group_separator() {
    return russian() ? "\xC2\xA0" : ",";
}
char decimal_separator() {
    return russian() ? ',' : '.';
}

std::uint64_t magnitude(std::int64_t value) {
    // Negating INT64_MIN overflows; the unsigned negation is defined for every value.
    return value < 0 ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
}

std::string grouped(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    const std::string_view sep = group_separator();
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

// Days since 1970-01-01 → proleptic Gregorian date, by counting 400-year eras of 146097 days.
struct CivilDate {
    int year;
    int month;
    int day;
};

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;  // shift the epoch to 0000-03-01 so leap days fall at the end of a year
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<std::int64_t>(days - era * 146097);
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
    const auto day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
    const auto month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
    const auto year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

// The inverse: the same era arithmetic run backwards.
std::int64_t days_from_civil(int year, int month, int day) {
    const std::int64_t y = year - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t year_of_era = y - era * 400;
    const std::int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerHour = 60;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

// Local minutes since the epoch, floored so instants before 1970 still split into day and minute correctly.
std::int64_t local_minutes(std::int64_t unix_ms, int utc_offset_minutes) {
    return floor_div(unix_ms, kMsPerMinute) + utc_offset_minutes;
}

struct LocalTime {
    CivilDate date;
    int minute_of_day;
};

LocalTime to_local(std::int64_t unix_ms, int utc_offset_minutes) {
    const std::int64_t minutes = local_minutes(unix_ms, utc_offset_minutes);
    const std::int64_t days = floor_div(minutes, kMinutesPerDay);
    return {civil_from_days(days), static_cast<int>(minutes - days * kMinutesPerDay)};
}

std::string date_text(const CivilDate& d) {
    char buf[32];
    if (russian())
        std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", d.day, d.month, d.year);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

// Reads exactly `count` ASCII digits at `pos`, advancing it.
std::optional<int> digits_at(std::string_view text, std::size_t& pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += count;
    return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
}

// A date at the start of `text` in either accepted form; `pos` ends after it.
std::optional<CivilDate> date_at(std::string_view text, std::size_t& pos) {
    std::size_t p = pos;
    CivilDate d{};
    const bool iso = text.size() >= p + 5 && text[p + 4] == '-';
    if (iso) {
        const auto y = digits_at(text, p, 4);
        if (!y || !expect(text, p, '-')) return std::nullopt;
        const auto m = digits_at(text, p, 2);
        if (!m || !expect(text, p, '-')) return std::nullopt;
        const auto day = digits_at(text, p, 2);
        if (!day) return std::nullopt;
        d = {*y, *m, *day};
    } else {
        if (!russian())
            return std::nullopt;  // EN reads only ISO: "03.04" means different days to different people
        const auto day = digits_at(text, p, 2);
        if (!day || !expect(text, p, '.')) return std::nullopt;
        const auto m = digits_at(text, p, 2);
        if (!m || !expect(text, p, '.')) return std::nullopt;
        const auto y = digits_at(text, p, 4);
        if (!y) return std::nullopt;
        d = {*y, *m, *day};
    }
    char iso_text[16];
    std::snprintf(iso_text, sizeof iso_text, "%04d-%02d-%02d", d.year, d.month, d.day);
    if (!domain::is_valid_date(iso_text)) return std::nullopt;
    pos = p;
    return d;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Spaces a user or a paste may put between digit groups: ASCII, no-break (U+00A0), narrow no-break (U+202F).
std::string without_group_spaces(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ') continue;
        if (text.substr(i, 2) == "\xC2\xA0") {
            ++i;
            continue;
        }
        if (text.substr(i, 3) == "\xE2\x80\xAF") {
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

// value * 10 + digit without overflow.
bool push_digit(std::uint64_t& value, char digit, std::uint64_t limit) {
    const auto d = static_cast<std::uint64_t>(digit - '0');
    if (value > (limit - d) / 10) return false;
    value = value * 10 + d;
    return true;
}

std::optional<std::int64_t> signed_value(std::uint64_t magnitude_value, bool negative) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (!negative) {
        if (magnitude_value > kMax) return std::nullopt;
        return static_cast<std::int64_t>(magnitude_value);
    }
    if (magnitude_value > kMax + 1) return std::nullopt;
    return static_cast<std::int64_t>(0 - magnitude_value);
}

std::uint64_t power_of_ten(int exponent) {
    std::uint64_t p = 1;
    for (int i = 0; i < exponent; ++i) p *= 10;
    return p;
}

constexpr std::array<Currency, 6> kCurrencies{{
    {"RUB", "\xE2\x82\xBD", 2},  // ₽
    {"USD", "$", 2},
    {"EUR", "", 2},  // € is not in the subset UI font
    {"CNY", "", 2},
    {"KZT", "", 2},
    {"BYN", "", 2},
}};
constexpr int kDefaultMinorDigits = 2;
constexpr std::uint64_t kLimit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1;

}  // namespace

std::string format_count(std::int64_t value) {
    return (value < 0 ? "-" : "") + grouped(magnitude(value));
}

std::string format_datetime(std::int64_t unix_ms, int utc_offset_minutes) {
    const LocalTime t = to_local(unix_ms, utc_offset_minutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, " %02d:%02d", t.minute_of_day / kMinutesPerHour,
                  t.minute_of_day % kMinutesPerHour);
    return date_text(t.date) + buf;
}

std::string format_date(std::int64_t unix_ms, int utc_offset_minutes) {
    return date_text(to_local(unix_ms, utc_offset_minutes).date);
}

std::string format_time(std::int64_t unix_ms, int utc_offset_minutes) {
    const LocalTime t = to_local(unix_ms, utc_offset_minutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", t.minute_of_day / kMinutesPerHour,
                  t.minute_of_day % kMinutesPerHour);
    return buf;
}

bool same_local_day(std::int64_t a_ms, std::int64_t b_ms, int utc_offset_minutes) {
    return floor_div(local_minutes(a_ms, utc_offset_minutes), kMinutesPerDay) ==
           floor_div(local_minutes(b_ms, utc_offset_minutes), kMinutesPerDay);
}

std::string format_iso_date(std::string_view iso) {
    if (!domain::is_valid_date(iso)) return std::string(iso);
    std::size_t pos = 0;
    const auto y = digits_at(iso, pos, 4);
    pos += 1;
    const auto m = digits_at(iso, pos, 2);
    pos += 1;
    const auto d = digits_at(iso, pos, 2);
    return date_text({*y, *m, *d});
}

std::optional<std::string> parse_date_input(std::string_view text) {
    text = trimmed(text);
    std::size_t pos = 0;
    const auto d = date_at(text, pos);
    if (!d || pos != text.size()) return std::nullopt;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->year, d->month, d->day);
    return std::string(buf);
}

std::optional<std::int64_t> parse_datetime_input(std::string_view text, int utc_offset_minutes) {
    text = trimmed(text);
    std::size_t pos = 0;
    const auto d = date_at(text, pos);
    if (!d) return std::nullopt;
    while (pos < text.size() && text[pos] == ' ') ++pos;
    int minute_of_day = 0;  // a date alone means its local midnight
    if (pos < text.size()) {
        // Hours may have one digit ("9:30"); minutes always two.
        const std::size_t colon = text.find(':', pos);
        if (colon == std::string_view::npos || colon == pos || colon - pos > 2) return std::nullopt;
        std::size_t hp = pos;
        const auto h = digits_at(text, hp, colon - pos);
        std::size_t mp = colon + 1;
        const auto m = digits_at(text, mp, 2);
        if (!h || !m || mp != text.size() || *h > 23 || *m > 59) return std::nullopt;
        minute_of_day = *h * kMinutesPerHour + *m;
    }
    const std::int64_t local = days_from_civil(d->year, d->month, d->day) * kMinutesPerDay + minute_of_day;
    return (local - utc_offset_minutes) * kMsPerMinute;
}

std::span<const Currency> currencies() {
    return kCurrencies;
}

Currency currency(std::string_view code) {
    for (const Currency& c : kCurrencies)
        if (c.code == code) return c;
    return Currency{code, "", kDefaultMinorDigits};
}

std::string format_amount_input(std::int64_t minor, std::string_view currency_code) {
    const Currency c = currency(currency_code);
    const std::uint64_t scale = power_of_ten(c.minor_digits);
    const std::uint64_t abs = magnitude(minor);
    std::string out = (minor < 0 ? "-" : "") + std::to_string(abs / scale);
    if (c.minor_digits > 0) {
        std::string frac = std::to_string(abs % scale);
        frac.insert(0, static_cast<std::size_t>(c.minor_digits) - frac.size(), '0');
        out += decimal_separator() + frac;
    }
    return out;
}

std::string format_money(std::int64_t minor, std::string_view currency_code) {
    const Currency c = currency(currency_code);
    const std::uint64_t scale = power_of_ten(c.minor_digits);
    const std::uint64_t abs = magnitude(minor);
    std::string amount = grouped(abs / scale);
    if (c.minor_digits > 0) {
        std::string frac = std::to_string(abs % scale);
        frac.insert(0, static_cast<std::size_t>(c.minor_digits) - frac.size(), '0');
        amount += decimal_separator() + frac;
    }
    const std::string sign = minor < 0 ? "-" : "";
    const std::string_view unit = c.symbol.empty() ? c.code : c.symbol;
    // Russian writes the unit after the amount, separated by a no-break space; English puts a symbol first.
    if (russian()) return sign + amount + "\xC2\xA0" + std::string(unit);
    if (!c.symbol.empty()) return sign + std::string(c.symbol) + amount;
    return sign + std::string(c.code) + " " + amount;
}

std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency_code) {
    const Currency c = currency(currency_code);
    std::string s = without_group_spaces(trimmed(text));
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.erase(0, 1);
    }
    std::uint64_t whole = 0;
    std::uint64_t frac = 0;
    int frac_digits = 0;
    bool seen_digit = false;
    bool in_fraction = false;
    for (const char ch : s) {
        if (ch >= '0' && ch <= '9') {
            seen_digit = true;
            if (in_fraction) {
                if (++frac_digits > c.minor_digits) return std::nullopt;
                frac = frac * 10 + static_cast<std::uint64_t>(ch - '0');
            } else if (!push_digit(whole, ch, kLimit)) {
                return std::nullopt;
            }
            continue;
        }
        const bool decimal = ch == '.' || (russian() && ch == ',');
        if (decimal && !in_fraction && c.minor_digits > 0) {
            in_fraction = true;
            continue;
        }
        if (ch == ',' && !russian() && !in_fraction) continue;  // EN thousands separator
        return std::nullopt;
    }
    if (!seen_digit) return std::nullopt;
    const std::uint64_t scale = power_of_ten(c.minor_digits);
    if (whole > (kLimit - frac * power_of_ten(c.minor_digits - frac_digits)) / scale) return std::nullopt;
    const std::uint64_t minor = whole * scale + frac * power_of_ten(c.minor_digits - frac_digits);
    return signed_value(minor, negative);
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
    std::string s = without_group_spaces(trimmed(text));
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.erase(0, 1);
    }
    if (s.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (const char ch : s) {
        if (ch == ',' && !russian()) continue;  // EN thousands separator
        if (ch < '0' || ch > '9' || !push_digit(value, ch, kLimit)) return std::nullopt;
    }
    return signed_value(value, negative);
}

std::string format_geo(double lat, double lon, double accuracy_m) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.5f, %.5f", lat, lon);
    std::string out = buf;
    if (accuracy_m > 0.0) {
        std::snprintf(buf, sizeof buf, " (\xC2\xB1%.0f %s)", std::round(accuracy_m),
                      russian() ? "\xD0\xBC" : "m");
        out += buf;
    }
    return out;
}

}  // namespace crm::ui
