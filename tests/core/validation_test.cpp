#include <gtest/gtest.h>

#include "core/domain/validation.hpp"
#include "core/limits.hpp"

namespace crm::domain {
namespace {

Company valid_company() {
    Company c;
    c.name = "ООО «Вектор»";
    c.phones = {"+7 (495) 123-45-67"};
    c.emails = {"info@vector.ru"};
    return c;
}

const Error* find_field(const std::vector<Error>& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field) return &e;
    return nullptr;
}

TEST(Validation, AcceptsAValidRecord) {
    EXPECT_TRUE(validate(valid_company()).empty());
    Contact p;
    p.name = "Иванов Иван";
    EXPECT_TRUE(validate(p).empty());
}

TEST(Validation, EmptyNameIsRequired) {
    Company c = valid_company();
    c.name = "   ";
    const auto errors = validate(c);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, ErrorCode::Invalid);
    EXPECT_EQ(errors[0].field, "name");
    EXPECT_EQ(errors[0].reason, "empty");
    EXPECT_EQ(errors[0].message, "Name is required");
}

TEST(Validation, MalformedEmailAndPhoneNameTheValue) {
    Company c = valid_company();
    c.emails = {"info@vector.ru", "not an email"};
    c.phones = {"12-34"};
    const auto errors = validate(c);
    const Error* email = find_field(errors, "emails");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->reason, "malformed");
    EXPECT_NE(email->message.find("not an email"), std::string::npos) << email->message;
    const Error* phone = find_field(errors, "phones");
    ASSERT_NE(phone, nullptr);
    EXPECT_EQ(phone->reason, "malformed");
}

TEST(Validation, TooLongAndTooMany) {
    Company c = valid_company();
    c.name = std::string(limits::kMaxNameBytes + 1, 'x');
    c.phones.assign(limits::kMaxPhonesPerRecord + 1, "+7 916 123 45 67");
    c.notes = std::string(limits::kMaxNotesBytes + 1, 'n');
    const auto errors = validate(c);
    ASSERT_NE(find_field(errors, "name"), nullptr);
    EXPECT_EQ(find_field(errors, "name")->reason, "too_long");
    EXPECT_NE(find_field(errors, "name")->message.find(std::to_string(limits::kMaxNameBytes)), std::string::npos);
    EXPECT_EQ(find_field(errors, "phones")->reason, "too_many");
    EXPECT_EQ(find_field(errors, "notes")->reason, "too_long");
    c = valid_company();
    c.name = std::string(limits::kMaxNameBytes, 'x');
    EXPECT_TRUE(validate(c).empty());
}

TEST(Validation, BadUtf8IsReported) {
    Contact p;
    p.name = "Иван\xff";
    p.position = "\xd0";
    const auto errors = validate(p);
    ASSERT_NE(find_field(errors, "name"), nullptr);
    EXPECT_EQ(find_field(errors, "name")->reason, "bad_utf8");
    EXPECT_EQ(find_field(errors, "position")->reason, "bad_utf8");
}

TEST(Validation, CompanyReferenceMustLookLikeAnId) {
    Contact p;
    p.name = "Иван";
    p.company_id = "romashka";
    const auto errors = validate(p);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "company_id");
    EXPECT_EQ(errors[0].reason, "malformed");
}

TEST(Validation, Emails) {
    for (const char* ok : {"a@b.ru", "ivan.petrov+crm@mail.ru", "info@пример.рф", "o'brien@example.co.uk"})
        EXPECT_TRUE(is_valid_email(ok)) << ok;
    for (const char* bad : {"", "a", "a@", "@b.ru", "a@b", "a@@b.ru", "a b@c.ru", "a@b..ru", "a@-b.ru", "a@b.ru.",
                            ".a@b.ru", "a@b_c.ru"})
        EXPECT_FALSE(is_valid_email(bad)) << bad;
}

TEST(Validation, Phones) {
    for (const char* ok : {"+7 (916) 123-45-67", "8 916 123 45 67", "+44 20 7946 0123", "12345", "495.123.45.67"})
        EXPECT_TRUE(is_valid_phone(ok)) << ok;
    for (const char* bad : {"", "1234", "+7 (916 123", "7+916", "12345678901234567", "call me", "+7 ((916)) 1234567"})
        EXPECT_FALSE(is_valid_phone(bad)) << bad;
}

TEST(Validation, NormalizeTrimsAndDropsEmptyEntries) {
    Contact p;
    p.name = "  Иван  ";
    p.phones = {" ", " +7 916 123 45 67 ", ""};
    p.emails = {"", "\ta@b.ru\n"};
    p.owner = " anna ";
    normalize(p);
    EXPECT_EQ(p.name, "Иван");
    EXPECT_EQ(p.phones, (std::vector<std::string>{"+7 916 123 45 67"}));
    EXPECT_EQ(p.emails, (std::vector<std::string>{"a@b.ru"}));
    EXPECT_EQ(p.owner, "anna");
}

}  // namespace
}  // namespace crm::domain
