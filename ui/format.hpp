#pragma once
// How numbers, dates, times, money and places read in the current language, and the inverse for what a user
// types into the form. Pure functions of their arguments and ui::language(); no ImGui, no strings of the
// catalogue. Money is integer minor units throughout: no floating point touches an amount.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace crm::ui {

// 2400 → "2 400" (RU, no-break space) or "2,400" (EN).
std::string format_count(std::int64_t value);

// Unix ms → "DD.MM.YYYY HH:MM" (RU) / "YYYY-MM-DD HH:MM" (EN) in local time (`utc_offset_minutes` from the
// platform).
std::string format_datetime(std::int64_t unix_ms, int utc_offset_minutes);
// Unix ms → "DD.MM.YYYY" (RU) / "YYYY-MM-DD" (EN) in local time.
std::string format_date(std::int64_t unix_ms, int utc_offset_minutes);
// Unix ms → "HH:MM" in local time.
std::string format_time(std::int64_t unix_ms, int utc_offset_minutes);
// Whether two instants fall on the same local calendar day.
bool same_local_day(std::int64_t a_ms, std::int64_t b_ms, int utc_offset_minutes);
// A stored calendar day "YYYY-MM-DD" in the language's form; anything else is returned unchanged.
std::string format_iso_date(std::string_view iso);

// What a typed date means: "DD.MM.YYYY" in RU, "YYYY-MM-DD" in EN (the ISO form is accepted in both).
// Returns the ISO day, or nothing when the text is not a real calendar day.
std::optional<std::string> parse_date_input(std::string_view text);
// "<date> HH:MM" in local time, as format_datetime writes it → Unix ms (UTC).
std::optional<std::int64_t> parse_datetime_input(std::string_view text, int utc_offset_minutes);

struct Currency {
    std::string_view code;    // ISO 4217
    std::string_view symbol;  // drawn instead of the code when the UI font has it; empty: the code is shown
    int minor_digits;         // decimals of one unit: 2 for kopecks and cents
};
// The currencies the form offers, roubles first.
std::span<const Currency> currencies();
// The currency of `code`; an unknown code gets two decimals and no symbol.
Currency currency(std::string_view code);

// 125005050 RUB → "1 250 050,50 ₽" (RU) / "₽1,250,050.50" (EN); codes without a symbol: "1 250,00 EUR"
// / "EUR 1,250.00".
std::string format_money(std::int64_t minor, std::string_view currency_code);
// The amount alone as the form shows it for editing: "1250050,50" (RU) / "1250050.50" (EN), no grouping.
std::string format_amount_input(std::int64_t minor, std::string_view currency_code);
// A typed amount → minor units. Spaces (also no-break) group digits; RU takes ',' or '.' as the decimal
// separator, EN takes '.' and ignores ',' as grouping. More decimals than the currency has, a stray
// character or an overflow: nothing.
std::optional<std::int64_t> parse_amount(std::string_view text, std::string_view currency_code);

// A typed whole number ("-12", "1 000") → its value; nothing when malformed or out of int64.
std::optional<std::int64_t> parse_integer(std::string_view text);

// "55.75580, 37.61730 (±12 м)": degrees with five decimals (about a metre), accuracy in whole metres when
// known.
std::string format_geo(double lat, double lon, double accuracy_m);

}  // namespace crm::ui
