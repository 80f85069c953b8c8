// The catalogue, the formats and the error texts, without drawing anything.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ui/i18n.hpp"

namespace crm::ui {
namespace {

// Restores the process-wide language so tests do not leak it into each other.
class UiI18n : public ::testing::Test {
protected:
    void TearDown() override { set_language(Language::Ru); }
};

TEST_F(UiI18n, EveryStringHasRussianAndEnglishText) {
    std::set<std::string> ru_texts;
    for (int i = 0; i < static_cast<int>(Str::Count_); ++i) {
        const auto id = static_cast<Str>(i);
        set_language(Language::Ru);
        const std::string ru = tr(id);
        set_language(Language::En);
        const std::string en = tr(id);
        EXPECT_FALSE(ru.empty()) << "string " << i << " has no Russian text";
        EXPECT_FALSE(en.empty()) << "string " << i << " has no English text";
        ru_texts.insert(ru);
    }
    set_language(Language::Ru);
    EXPECT_STREQ(tr(Str::AppTitle), "Полевая CRM");
    set_language(Language::En);
    EXPECT_STREQ(tr(Str::AppTitle), "Field CRM");
    EXPECT_GT(ru_texts.size(), 40u);  // not one text repeated for everything
}

TEST_F(UiI18n, RussianIsTheDefaultAndKeysRoundTrip) {
    EXPECT_EQ(language(), Language::Ru);
    EXPECT_EQ(language_from_key(to_key(Language::En)), Language::En);
    EXPECT_EQ(language_from_key(to_key(Language::Ru)), Language::Ru);
    EXPECT_FALSE(language_from_key("de").has_value());
}

TEST_F(UiI18n, PlaceholdersAreFilledInOrder) {
    set_language(Language::En);
    EXPECT_EQ(trf(Str::FoundCount, {"7"}), "Found: 7");
    EXPECT_EQ(trf(Str::SyncError, {"timeout {}"}), "Sync error: timeout {}");  // arguments are not re-expanded
    set_language(Language::Ru);
    EXPECT_EQ(trf(Str::SyncPending, {"3"}), "Ждут отправки: 3");
}

TEST_F(UiI18n, StageNamesAreDistinctInBothLanguages) {
    for (Language lang : {Language::Ru, Language::En}) {
        set_language(lang);
        std::set<std::string> names;
        for (auto stage : domain::kJourneyStages) names.insert(std::string(stage_name(stage)));
        EXPECT_EQ(names.size(), domain::kJourneyStages.size());
    }
    set_language(Language::Ru);
    EXPECT_EQ(stage_name(domain::JourneyStage::Purchase), "Покупка");
    set_language(Language::En);
    EXPECT_EQ(stage_name(domain::JourneyStage::Purchase), "Purchase");
}

TEST_F(UiI18n, CountsAreGroupedPerLanguage) {
    set_language(Language::Ru);
    EXPECT_EQ(format_count(0), "0");
    EXPECT_EQ(format_count(999), "999");
    EXPECT_EQ(format_count(2400), "2\u00A0400");
    EXPECT_EQ(format_count(100000), "100\u00A0000");
    EXPECT_EQ(format_count(1234567), "1\u00A0234\u00A0567");
    EXPECT_EQ(format_count(-2400), "-2\u00A0400");
    set_language(Language::En);
    EXPECT_EQ(format_count(2400), "2,400");
    EXPECT_EQ(format_count(1234567), "1,234,567");
}

TEST_F(UiI18n, DatesUseTheLocalOffset) {
    EXPECT_EQ(format_datetime(0, 0), "01.01.1970 00:00");
    EXPECT_EQ(format_datetime(0, 180), "01.01.1970 03:00");
    EXPECT_EQ(format_datetime(1'700'000'000'000, 180), "15.11.2023 01:13");  // 22:13 UTC the day before
    EXPECT_EQ(format_datetime(1'700'000'000'000, -300), "14.11.2023 17:13");
    EXPECT_EQ(format_datetime(951'782'400'000, 0), "29.02.2000 00:00");  // a leap day of a 400-year leap year
    EXPECT_EQ(format_datetime(-60'000, 0), "31.12.1969 23:59");          // before the epoch still floors
    EXPECT_EQ(format_time(1'700'000'000'000, 180), "01:13");
    EXPECT_EQ(format_date(1'700'000'000'000, 180), "15.11.2023");
    EXPECT_TRUE(same_local_day(1'700'000'000'000, 1'700'000'000'000 + 3'600'000, 180));
    EXPECT_TRUE(same_local_day(1'700'000'000'000, 1'700'000'000'000 + 7'200'000, 180));
    EXPECT_FALSE(same_local_day(1'700'000'000'000, 1'700'000'000'000 + 7'200'000, 0));  // crosses UTC midnight
}

TEST_F(UiI18n, ValidationErrorsAreMappedByFieldAndReason) {
    set_language(Language::Ru);
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "Name is required", "name", "empty")),
              "Название / имя: заполните поле");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "bad", "emails", "malformed")), "E-mail: неверный формат");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "company_id", "unknown_company")),
              "Такой компании нет (возможно, она удалена)");
    set_language(Language::En);
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "phones", "too_many")), "Phone: too many values");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "position", "something_new")),
              "Position: invalid value");
    EXPECT_EQ(error_text(make_error(ErrorCode::Storage, "disk I/O error")), "Storage error: disk I/O error");
    EXPECT_EQ(error_text(make_error(ErrorCode::NotFound, "gone")), "The record was not found or was deleted");
}

}  // namespace
}  // namespace crm::ui
