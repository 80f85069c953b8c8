// Field validation of the app's customers: what the form, the repository and the merge all check
// (through validate_value), and the cleanup applied to user input first.
#include <gtest/gtest.h>

#include "core/domain/repository.hpp"
#include "core/limits.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;

const EntityDesc& company() {
    return Registry::app().get(entity::kCompany);
}
const EntityDesc& contact() {
    return Registry::app().get(entity::kContact);
}

Record valid_company() {
    Record c(company());
    c.set("name", "ООО «Вектор»")
        .set("phones", json::array({"+7 (495) 123-45-67"}))
        .set("emails", json::array({"info@vector.ru"}));
    return c;
}

const Error* find_field(const std::vector<Error>& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field) return &e;
    return nullptr;
}

TEST(Validation, AcceptsAValidRecord) {
    EXPECT_TRUE(validate_record(valid_company()).empty());
    Record p(contact());
    p.set("name", "Иванов Иван");
    EXPECT_TRUE(validate_record(p).empty());
}

TEST(Validation, EmptyNameIsRequired) {
    Record c = valid_company();
    c.set("name", "   ");
    normalize_record(c);
    const auto errors = validate_record(c);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].code, ErrorCode::Invalid);
    EXPECT_EQ(errors[0].field, "name");
    EXPECT_EQ(errors[0].reason, "empty");
    EXPECT_NE(errors[0].message.find("required"), std::string::npos) << errors[0].message;
}

TEST(Validation, MalformedEmailAndPhoneNameTheValue) {
    Record c = valid_company();
    c.set("emails", json::array({"info@vector.ru", "not an email"})).set("phones", json::array({"12-34"}));
    const auto errors = validate_record(c);
    const Error* email = find_field(errors, "emails");
    ASSERT_NE(email, nullptr);
    EXPECT_EQ(email->reason, "malformed");
    EXPECT_NE(email->message.find("not an email"), std::string::npos) << email->message;
    const Error* phone = find_field(errors, "phones");
    ASSERT_NE(phone, nullptr);
    EXPECT_EQ(phone->reason, "malformed");
    EXPECT_NE(phone->message.find("12-34"), std::string::npos) << phone->message;
}

TEST(Validation, TooLongAndTooManyNameTheLimit) {
    Record c = valid_company();
    c.set("name", std::string(limits::kMaxNameBytes + 1, 'x'))
        .set("phones", json(std::vector<std::string>(limits::kMaxPhonesPerRecord + 1, "+7 916 123 45 67")))
        .set("notes", std::string(limits::kMaxNotesBytes + 1, 'n'));
    const auto errors = validate_record(c);
    ASSERT_NE(find_field(errors, "name"), nullptr);
    EXPECT_EQ(find_field(errors, "name")->reason, "too_long");
    EXPECT_NE(find_field(errors, "name")->message.find(std::to_string(limits::kMaxNameBytes)),
              std::string::npos);
    ASSERT_NE(find_field(errors, "phones"), nullptr);
    EXPECT_EQ(find_field(errors, "phones")->reason, "too_many");
    ASSERT_NE(find_field(errors, "notes"), nullptr);
    EXPECT_EQ(find_field(errors, "notes")->reason, "too_long");
    // Errors come field by field in descriptor order.
    ASSERT_EQ(errors.size(), 3u);
    EXPECT_EQ(errors[0].field, "name");
    EXPECT_EQ(errors[2].field, "notes");
    c = valid_company();
    c.set("name", std::string(limits::kMaxNameBytes, 'x'));
    EXPECT_TRUE(validate_record(c).empty());
}

// The limit the issue was about: a name is 300 bytes on every path, not the notes' 20,000.
TEST(Validation, ANameHasTheNameLimitNotTheNotesLimit) {
    const FieldDesc& name = *company().find("name");
    const Status refused = validate_value(name, std::string(limits::kMaxNotesBytes, 'x'));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().reason, "too_long");
    EXPECT_TRUE(validate_value(*company().find("notes"), std::string(limits::kMaxNotesBytes, 'x')).ok());
}

TEST(Validation, BadUtf8IsReported) {
    Record p(contact());
    p.set("name", "Иван\xff").set("position", "\xd0");
    const auto errors = validate_record(p);
    ASSERT_NE(find_field(errors, "name"), nullptr);
    EXPECT_EQ(find_field(errors, "name")->reason, "bad_utf8");
    ASSERT_NE(find_field(errors, "position"), nullptr);
    EXPECT_EQ(find_field(errors, "position")->reason, "bad_utf8");
}

TEST(Validation, CompanyReferenceMustLookLikeAnId) {
    Record p(contact());
    p.set("name", "Иван").set("company_id", "romashka");
    const auto errors = validate_record(p);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].field, "company_id");
    EXPECT_EQ(errors[0].reason, "malformed");
}

TEST(Validation, JourneyStageIsOneOfTheStages) {
    const FieldDesc& stage = *contact().find("journey_stage");
    for (const auto key : journey_stage_keys())
        EXPECT_TRUE(validate_value(stage, std::string(key)).ok()) << key;
    // An option of the team's list: an id (whether it exists is the repository's check).
    EXPECT_EQ(validate_value(stage, "won").error().reason, "malformed");
    EXPECT_EQ(validate_value(stage, "").error().reason, "empty");
    EXPECT_EQ(Record(contact()).text("journey_stage"), journey_stage_keys().front());  // a new record's default
}

TEST(Validation, Emails) {
    for (const char* ok : {"a@b.ru", "ivan.petrov+crm@mail.ru", "info@пример.рф", "o'brien@example.co.uk"})
        EXPECT_TRUE(is_valid_email(ok)) << ok;
    for (const char* bad : {"", "a", "a@", "@b.ru", "a@b", "a@@b.ru", "a b@c.ru", "a@b..ru", "a@-b.ru",
                            "a@b.ru.", ".a@b.ru", "a@b_c.ru", "a.@b.ru", "a@b-.ru", "a@b.ru\xff"})
        EXPECT_FALSE(is_valid_email(bad)) << bad;
    EXPECT_TRUE(is_valid_email(std::string(64, 'a') + "@b.ru"));
    EXPECT_FALSE(is_valid_email(std::string(65, 'a') + "@b.ru"));
    EXPECT_FALSE(is_valid_email("a@" + std::string(64, 'b') + ".ru"));
}

TEST(Validation, Phones) {
    for (const char* ok : {"+7 (916) 123-45-67", "8 916 123 45 67", "+44 20 7946 0123", "12345",
                           "495.123.45.67", "123456789012345"})
        EXPECT_TRUE(is_valid_phone(ok)) << ok;
    for (const char* bad : {"", "1234", "+7 (916 123", "7+916", "1234567890123456", "call me",
                            "+7 ((916)) 1234567", "+7 916) (123"})
        EXPECT_FALSE(is_valid_phone(bad)) << bad;
}

TEST(Validation, NormalizeTrimsAndDropsEmptyEntries) {
    Record p(contact());
    p.set("name", "  Иван  ")
        .set("phones", json::array({" ", " +7 916 123 45 67 ", ""}))
        .set("emails", json::array({"", "\ta@b.ru\n"}))
        .set("owner", " anna ")
        .set("company_id", "  ");
    normalize_record(p);
    EXPECT_EQ(p.text("name"), "Иван");
    EXPECT_EQ(p.list("phones"), (std::vector<std::string>{"+7 916 123 45 67"}));
    EXPECT_EQ(p.list("emails"), (std::vector<std::string>{"a@b.ru"}));
    EXPECT_EQ(p.text("owner"), "anna");
    EXPECT_TRUE(p.get("company_id").is_null());  // a blank reference is no reference
    EXPECT_TRUE(validate_record(p).empty());
}

// System fields are the repository's to set: the record check leaves them, the merge's value check does not.
TEST(Validation, SystemFieldsAreNotTheFormsBusiness) {
    Record c = valid_company();
    c.set(kCreatedAtField, -5).set(kDeletedField, 7);
    EXPECT_TRUE(validate_record(c).empty());
    EXPECT_FALSE(validate_value(*company().find(kDeletedField), 7).ok());
    EXPECT_FALSE(validate_value(*company().find(kCreatedAtField), -5).ok());
}

}  // namespace
}  // namespace crm::domain
