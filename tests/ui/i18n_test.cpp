// The string catalogue and the error texts, without drawing anything.
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

TEST_F(UiI18n, RussianAndEnglishPluralForms) {
    using enum PluralForm;
    const std::pair<std::int64_t, PluralForm> ru[] = {{0, Many},  {1, One},    {2, Few},   {4, Few},   {5, Many},
                                                      {11, Many}, {12, Many},  {14, Many}, {20, Many}, {21, One},
                                                      {22, Few},  {25, Many},  {101, One}, {111, Many},
                                                      {112, Many}, {1001, One}, {-3, Few}};
    for (const auto& [n, form] : ru) EXPECT_EQ(plural_form(Language::Ru, n), form) << n;
    EXPECT_EQ(plural_form(Language::En, 1), One);
    for (std::int64_t n : {0, 2, 3, 5, 21}) EXPECT_EQ(plural_form(Language::En, n), Many) << n;

    set_language(Language::Ru);
    EXPECT_EQ(trn(Str::SyncOfflinePendingOne, 3, "3"), "Офлайн · 3 правки ждут отправки");
    set_language(Language::En);
    EXPECT_EQ(trn(Str::SyncOfflinePendingOne, 3, "3"), "Offline · 3 edits waiting");
    set_language(Language::Ru);
}

TEST_F(UiI18n, PlaceholdersAreFilledInOrder) {
    set_language(Language::En);
    EXPECT_EQ(trf(Str::FoundCount, {"7"}), "Found: 7");
    EXPECT_EQ(trf(Str::SyncError, {"timeout {}"}), "Sync error: timeout {}");  // arguments are not re-expanded
    set_language(Language::Ru);
    EXPECT_EQ(trf(Str::SyncPending, {"3"}), "Ждут отправки: 3");
}

TEST_F(UiI18n, ValidationErrorsAreMappedByFieldAndReason) {
    set_language(Language::Ru);
    const domain::EntityDesc& contact = domain::Registry::app().get(domain::entity::kContact);
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "Name is required", "name", "empty")),
              "Название / имя: заполните поле");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "bad", "emails", "malformed")), "E-mail: неверный формат");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "company_id", "unknown_reference"), &contact),
              "Компания: такой записи нет (возможно, она удалена)");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "journey_stage", "unknown_option")),
              "Этап: такого варианта нет");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "position", "out_of_range")),
              "Должность: значение вне допустимых пределов");
    // A field no descriptor has still gets a message, with its name.
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "mystery", "empty")), "mystery: заполните поле");
    set_language(Language::En);
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "phones", "too_many")),
              "Phones: too many values");
    EXPECT_EQ(error_text(make_error(ErrorCode::Invalid, "x", "position", "something_new")),
              "Position: invalid value");
    EXPECT_EQ(error_text(make_error(ErrorCode::Storage, "disk I/O error")), "Storage error: disk I/O error");
    EXPECT_EQ(error_text(make_error(ErrorCode::NotFound, "gone")), "The record was not found or was deleted");
}

}  // namespace
}  // namespace crm::ui
