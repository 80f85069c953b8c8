// How numbers, dates, date-times, money and places read per language, and reading back what a user types.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "ui/format.hpp"
#include "ui/i18n.hpp"

namespace crm::ui {
namespace {

class UiFormat : public ::testing::Test {
  protected:
    void TearDown() override { set_language(Language::Ru); }
};

constexpr std::int64_t kNov14 = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC

TEST_F(UiFormat, CountsAreGroupedPerLanguage) {
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_count(2400), "2\u00A0400");
    EXPECT_EQ(format_count(1234567), "1\u00A0234\u00A0567");
    EXPECT_EQ(format_count(-2400), "-2\u00A0400");
    EXPECT_EQ(format_count(std::numeric_limits<std::int64_t>::min()),
              "-9\u00A0223\u00A0372\u00A0036\u00A0854\u00A0775\u00A0808");
    set_language(Language::En);
    EXPECT_EQ(format_count(2400), "2,400");
    EXPECT_EQ(format_count(1234567), "1,234,567");
}

TEST_F(UiFormat, DatesAndTimesUseTheLocalOffsetAndTheLanguagesOrder) {
    EXPECT_EQ(format_datetime(0, 0), "01.01.1970 00:00");
    EXPECT_EQ(format_datetime(0, 180), "01.01.1970 03:00");
    EXPECT_EQ(format_datetime(kNov14, 180), "15.11.2023 01:13");  // 22:13 UTC the day before
    EXPECT_EQ(format_datetime(kNov14, -300), "14.11.2023 17:13");
    EXPECT_EQ(format_datetime(951'782'400'000, 0), "29.02.2000 00:00");  // a leap day of a 400-year leap year
    EXPECT_EQ(format_datetime(-60'000, 0), "31.12.1969 23:59");          // before the epoch still floors
    EXPECT_EQ(format_time(kNov14, 180), "01:13");
    EXPECT_EQ(format_date(kNov14, 180), "15.11.2023");
    EXPECT_EQ(format_iso_date("2026-11-27"), "27.11.2026");
    EXPECT_EQ(format_iso_date("not a date"), "not a date");
    EXPECT_TRUE(same_local_day(kNov14, kNov14 + 3'600'000, 180));
    EXPECT_FALSE(same_local_day(kNov14, kNov14 + 7'200'000, 0));  // crosses UTC midnight
    set_language(Language::En);
    EXPECT_EQ(format_datetime(kNov14, 180), "2023-11-15 01:13");
    EXPECT_EQ(format_date(kNov14, 180), "2023-11-15");
    EXPECT_EQ(format_iso_date("2026-11-27"), "2026-11-27");
}

TEST_F(UiFormat, TypedDatesAreRealCalendarDays) {
    EXPECT_EQ(parse_date_input("27.11.2026"), "2026-11-27");
    EXPECT_EQ(parse_date_input(" 2026-11-27 "), "2026-11-27");  // ISO is read in both languages
    EXPECT_EQ(parse_date_input("29.02.2024"), "2024-02-29");
    EXPECT_FALSE(parse_date_input("29.02.2023"));  // not a leap year
    EXPECT_FALSE(parse_date_input("31.04.2026"));
    EXPECT_FALSE(parse_date_input("27.11.26"));
    EXPECT_FALSE(parse_date_input("27.11.2026x"));
    EXPECT_FALSE(parse_date_input(""));
    set_language(Language::En);
    EXPECT_EQ(parse_date_input("2026-11-27"), "2026-11-27");
    EXPECT_FALSE(parse_date_input("27.11.2026"));  // day-first is ambiguous in English
}

TEST_F(UiFormat, TypedDateTimesAreLocalAndBecomeUtc) {
    EXPECT_EQ(parse_datetime_input("15.11.2023 01:13", 180), kNov14 - 20'000);  // the minute, seconds dropped
    EXPECT_EQ(parse_datetime_input("14.11.2023 17:13", -300), kNov14 - 20'000);
    EXPECT_EQ(parse_datetime_input("01.01.1970 3:00", 180), 0);
    EXPECT_EQ(parse_datetime_input("01.01.1970", 0), 0);  // the day alone is its midnight
    EXPECT_EQ(parse_datetime_input("31.12.1969 23:59", 0), -60'000);
    EXPECT_FALSE(parse_datetime_input("15.11.2023 24:00", 0));
    EXPECT_FALSE(parse_datetime_input("15.11.2023 12:60", 0));
    EXPECT_FALSE(parse_datetime_input("15.11.2023 12", 0));
    // What format_datetime writes reads back to the same minute, in both languages.
    for (Language lang : {Language::Ru, Language::En}) {
        set_language(lang);
        EXPECT_EQ(parse_datetime_input(format_datetime(kNov14, 180), 180), kNov14 - 20'000);
    }
}

TEST_F(UiFormat, MoneyReadsPerLanguageWithTheCurrencysUnit) {
    EXPECT_EQ(format_money(125'050'050, "RUB"), "1\u00A0250\u00A0500,50\u00A0₽");
    EXPECT_EQ(format_money(5, "RUB"), "0,05\u00A0₽");
    EXPECT_EQ(format_money(-100, "USD"), "-1,00\u00A0$");
    EXPECT_EQ(format_money(123'400, "EUR"), "1\u00A0234,00\u00A0EUR");
    set_language(Language::En);
    EXPECT_EQ(format_money(125'050'050, "RUB"), "₽1,250,500.50");
    EXPECT_EQ(format_money(-100, "USD"), "-$1.00");
    EXPECT_EQ(format_money(123'400, "EUR"), "EUR 1,234.00");
    EXPECT_EQ(format_money(7, "XYZ"), "XYZ 0.07");  // an unknown code: two decimals, no symbol
    EXPECT_EQ(currencies().front().code, "RUB");
}

TEST_F(UiFormat, TypedAmountsBecomeMinorUnitsWithoutFloatingPoint) {
    EXPECT_EQ(parse_amount("1 250 500,50", "RUB"), 125'050'050);
    EXPECT_EQ(parse_amount("1\u00A0250,5", "RUB"), 125'050);
    EXPECT_EQ(parse_amount("1250.5", "RUB"), 125'050);  // a dot works in Russian too
    EXPECT_EQ(parse_amount("-3", "RUB"), -300);
    EXPECT_EQ(parse_amount("0,07", "RUB"), 7);
    EXPECT_FALSE(parse_amount("1,234", "RUB"));  // three decimals
    EXPECT_FALSE(parse_amount("1,2,3", "RUB"));
    EXPECT_FALSE(parse_amount("12 руб", "RUB"));
    EXPECT_FALSE(parse_amount("", "RUB"));
    EXPECT_FALSE(parse_amount("-", "RUB"));
    EXPECT_EQ(parse_amount("92233720368547758,07", "RUB"), std::numeric_limits<std::int64_t>::max());
    EXPECT_FALSE(parse_amount("92233720368547758,08", "RUB"));  // one kopeck past int64
    set_language(Language::En);
    EXPECT_EQ(parse_amount("1,250,500.50", "USD"), 125'050'050);  // commas group in English
    EXPECT_FALSE(parse_amount("1.2.3", "USD"));
    // What the form shows for editing reads back to the same amount.
    for (Language lang : {Language::Ru, Language::En}) {
        set_language(lang);
        EXPECT_EQ(parse_amount(format_amount_input(-125'050'050, "RUB"), "RUB"), -125'050'050);
        EXPECT_EQ(parse_amount(format_amount_input(5, "USD"), "USD"), 5);
    }
}

TEST_F(UiFormat, TypedIntegers) {
    EXPECT_EQ(parse_integer("1 000"), 1000);
    EXPECT_EQ(parse_integer("-12"), -12);
    EXPECT_EQ(parse_integer("+7"), 7);
    EXPECT_FALSE(parse_integer("12x"));
    EXPECT_FALSE(parse_integer("1.5"));
    EXPECT_FALSE(parse_integer("1,000"));  // a Russian comma is a decimal one
    EXPECT_FALSE(parse_integer("9223372036854775808"));
    EXPECT_EQ(parse_integer("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
    set_language(Language::En);
    EXPECT_EQ(parse_integer("1,000"), 1000);
}

TEST_F(UiFormat, PlacesShowDegreesAndTheAccuracy) {
    EXPECT_EQ(format_geo(55.7558, 37.6173, 12.4), "55.75580, 37.61730 (±12 м)");
    EXPECT_EQ(format_geo(-33.8688, 151.2093, 0.0), "-33.86880, 151.20930");
    set_language(Language::En);
    EXPECT_EQ(format_geo(55.7558, 37.6173, 12.6), "55.75580, 37.61730 (±13 m)");
}

}  // namespace
}  // namespace crm::ui
