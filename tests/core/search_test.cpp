#include <gtest/gtest.h>

#include <algorithm>

#include "core/domain/row_io.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::FakeClock;
using test::message_of;
using Names = std::vector<std::string>;

class SearchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev", clock_);
        ASSERT_TRUE(store_);
        const std::string romashka =
            add(entity::kCompany, "ООО «Ромашка»", {"+7 (495) 111-22-33"}, {"info@romashka.ru"});
        add(entity::kContact, "Иванов Иван Петрович", {"+7 (916) 123-45-67"}, {"i.ivanov@romashka.ru"},
            "Генеральный директор", romashka);
        add(entity::kContact, "Фёдорова Алёна", {"8 (926) 555-00-11"}, {"alena@mail.ru"},
            "Главный бухгалтер");
        add(entity::kContact, "John Smith", {"+44 20 7946 0123"}, {"john.smith@example.com"}, "CEO");
        add(entity::kContact, "Ивановская Мария", {"+7 (903) 000-11-22"}, {}, "Юрист");
    }

    std::string add(std::string_view kind, const std::string& name, std::vector<std::string> phones,
                    std::vector<std::string> emails, const std::string& position = "",
                    const std::string& company = "") {
        Repository repo = store_->records(kind);
        Record r(repo.entity());
        r.set("name", name).set("phones", phones).set("emails", emails);
        if (!position.empty()) r.set("position", position);
        if (!company.empty()) r.set("company_id", company);
        auto made = repo.create(r);
        EXPECT_TRUE(made.ok()) << message_of(made);
        return made.ok() ? made->id : std::string();
    }
    Names find(const std::string& search, std::string_view kind = entity::kContact) {
        ListQuery q;
        q.search = search;
        auto page = store_->records(kind).list(q);
        EXPECT_TRUE(page.ok()) << search << ": " << message_of(page);
        if (!page.ok()) return {};
        EXPECT_EQ(page->total, static_cast<std::int64_t>(page->rows.size()));
        return test::titles(*page);
    }

    FakeClock clock_;
    std::unique_ptr<Store> store_;
};

TEST_F(SearchTest, CyrillicIsCaseInsensitiveAndPrefix) {
    EXPECT_EQ(find("иван"), (Names{"Иванов Иван Петрович", "Ивановская Мария"}));
    EXPECT_EQ(find("ИВАН"), (Names{"Иванов Иван Петрович", "Ивановская Мария"}));
    EXPECT_EQ(find("Иванов"), (Names{"Иванов Иван Петрович", "Ивановская Мария"}));
    EXPECT_EQ(find("ивановс"), (Names{"Ивановская Мария"}));
    EXPECT_EQ(find("иван петр"), (Names{"Иванов Иван Петрович"}));
    EXPECT_EQ(find("ИВАН мария"), (Names{"Ивановская Мария"}));
    EXPECT_EQ(find("сидоров"), Names{});
}

TEST_F(SearchTest, YoMatchesYe) {
    EXPECT_EQ(find("федорова"), (Names{"Фёдорова Алёна"}));
    EXPECT_EQ(find("ФЁДОР"), (Names{"Фёдорова Алёна"}));
    EXPECT_EQ(find("алена"), (Names{"Фёдорова Алёна"}));
}

TEST_F(SearchTest, FindsByEmailPositionAndPhoneDigits) {
    EXPECT_EQ(find("john.smith@example"), (Names{"John Smith"}));
    EXPECT_EQ(find("бухгалтер"), (Names{"Фёдорова Алёна"}));
    EXPECT_EQ(find("9161234567"), (Names{"Иванов Иван Петрович"}));
    EXPECT_EQ(find("89161234"), (Names{"Иванов Иван Петрович"}));
    EXPECT_EQ(find("+7916123"), (Names{"Иванов Иван Петрович"}));
    EXPECT_EQ(find("7926555"), (Names{"Фёдорова Алёна"}));  // stored with a leading 8
    EXPECT_EQ(find("123-45-67"), (Names{"Иванов Иван Петрович"}));
    EXPECT_EQ(find("442079460"), (Names{"John Smith"}));
}

TEST(PhoneDigits, RussianNumbersGetEveryTrunkForm) {
    EXPECT_EQ(phone_search_digits(json::array({"+7 (916) 123-45-67"})), "79161234567 89161234567 9161234567");
    EXPECT_EQ(phone_search_digits(json::array({"8 926 555 00 11", "+44 20 7946 0123"})),
              "89265550011 79265550011 9265550011 442079460123");
    EXPECT_EQ(phone_search_digits(json::array({"12345"})), "12345");
    EXPECT_EQ(phone_search_digits(json::array()), "");
    EXPECT_EQ(phone_search_digits("+7 916"), "");  // not a list
}

TEST_F(SearchTest, HostileInputNeverFails) {
    const char* inputs[] = {"\"",
                            "\"\"",
                            "иван\"",
                            "(",
                            ")",
                            "(иван",
                            "AND",
                            "OR",
                            "NOT",
                            "NEAR",
                            "NEAR(иван, 2)",
                            "*",
                            "-",
                            "-иван",
                            "иван*",
                            "^",
                            ":",
                            "name:иван",
                            "{name}: x",
                            "иван OR мария",
                            "'",
                            "\\",
                            "«",
                            "»",
                            "—",
                            "\xff\xfe",
                            "\xd0",
                            "....",
                            "+",
                            "иван AND",
                            "a b c d e f g h i j k l"};
    for (const char* input : inputs) {
        for (const EntityDesc& e : store_->registry().entities()) {
            ListQuery q;
            q.search = input;
            auto page = store_->records(e).list(q);
            EXPECT_TRUE(page.ok()) << e.name << " " << input << ": " << message_of(page);
        }
    }
    // Operators are plain words: "иван OR мария" needs all three words, so nothing matches.
    EXPECT_EQ(find("иван OR мария"), Names{});
    EXPECT_EQ(find("(иван"), (Names{"Иванов Иван Петрович", "Ивановская Мария"}));
    // A query longer than the limit is cut, not refused, and never splits a letter.
    std::string many_letters;
    while (many_letters.size() < limits::kMaxSearchBytes + 7) many_letters += "ж";
    EXPECT_TRUE(store_->records(entity::kContact).list({.search = many_letters}).ok());
}

TEST(MatchExpression, QuotesEachWordWithPrefixStar) {
    EXPECT_EQ(build_match_expression("  иван  петр "), "\"иван\"* AND \"петр\"*");
    EXPECT_EQ(build_match_expression("a\"b"), "\"a\"\"b\"*");
    EXPECT_EQ(build_match_expression("( - *"), "");
    EXPECT_EQ(build_match_expression(""), "");
    // At most kMaxSearchTerms words are used.
    const std::string expr = build_match_expression("a b c d e f g h i j k");
    EXPECT_EQ(std::count(expr.begin(), expr.end(), '*'), limits::kMaxSearchTerms);
    // Cut at kMaxSearchBytes on a letter boundary: "ж" is two bytes, so an odd limit drops the half letter.
    const std::string long_word =
        build_match_expression(std::string(2 * limits::kMaxSearchBytes, 'x') + " y");
    EXPECT_EQ(long_word, "\"" + std::string(limits::kMaxSearchBytes, 'x') + "\"*");
    std::string cyrillic = "x";  // shifts every "ж" so the cut lands inside one
    while (cyrillic.size() <= limits::kMaxSearchBytes) cyrillic += "ж";
    const std::string cut = build_match_expression(cyrillic);
    EXPECT_LE(cut.size(), limits::kMaxSearchBytes + 3);
    EXPECT_TRUE(text::is_valid_utf8(cut)) << cut;
}

TEST_F(SearchTest, CompaniesSearchByNameAndPhone) {
    EXPECT_EQ(find("ромаш", entity::kCompany), (Names{"ООО «Ромашка»"}));
    EXPECT_EQ(find("4951112233", entity::kCompany), (Names{"ООО «Ромашка»"}));
    EXPECT_EQ(find("info@romashka", entity::kCompany), (Names{"ООО «Ромашка»"}));
    // The company's name is not a contact's field: contacts are found by their own e-mail only.
    EXPECT_EQ(find("ромашка"), Names{});
    EXPECT_EQ(find("romashka"), (Names{"Иванов Иван Петрович"}));
}

TEST_F(SearchTest, EditedAndDeletedRecordsLeaveTheIndex) {
    Repository contacts = store_->records(entity::kContact);
    auto page = contacts.list({.search = "john"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->rows.size(), 1u);
    Record john = page->rows[0];
    john.set("name", "Джон Смит");
    ASSERT_TRUE(contacts.update(john).ok());
    EXPECT_EQ(find("john"), (Names{"Джон Смит"}));  // still found by e-mail
    EXPECT_EQ(find("джон"), (Names{"Джон Смит"}));
    EXPECT_EQ(find("smith@"), (Names{"Джон Смит"}));
    ASSERT_TRUE(contacts.remove(john.id).ok());
    EXPECT_EQ(find("джон"), Names{});
    ASSERT_TRUE(contacts.restore(john.id).ok());
    EXPECT_EQ(find("джон"), (Names{"Джон Смит"}));
    john.set("phones", json::array({"+7 (999) 000-00-01"}));
    ASSERT_TRUE(contacts.update(john).ok());
    EXPECT_EQ(find("89990000001"), (Names{"Джон Смит"}));
    EXPECT_EQ(find("442079460"), Names{});
}

// Every registered entity: each searchable field finds its record (by a word, a prefix, in another case,
// with ё typed as е); a non-searchable field does not.
class SearchSuite : public ::testing::TestWithParam<test::EntityCase> {};

// A token only one field of one record holds: "q<k>ёлкин" (q1ёлкин, q2ёлкин ...).
std::string token(std::size_t k) {
    return "q" + std::to_string(k) + "ёлкин";
}

json holding(const FieldDesc& f, std::size_t k) {
    const std::string t = token(k);
    switch (f.format) {
        case TextFormat::Email:
            return json::array({"q" + std::to_string(k) + "elkin@example.ru"});
        case TextFormat::Phone:
            return json::array({"+7 (931) 4" + std::to_string(10 + k) + "-00-00"});
        case TextFormat::Plain:
            break;
    }
    const std::string text = "Запись " + t;
    if (text.size() > test::text_limit(f)) return f.type == FieldType::TextList ? json::array({t}) : json(t);
    return f.type == FieldType::TextList ? json::array({text}) : json(text);
}

// What a user types to find `holding(f, k)`.
std::string query_for(const FieldDesc& f, std::size_t k) {
    switch (f.format) {
        case TextFormat::Email:
            return "Q" + std::to_string(k) + "ELKIN@exa";
        case TextFormat::Phone:
            return "89314" + std::to_string(10 + k);  // the trunk-8 form of the digits
        case TextFormat::Plain:
            break;
    }
    return "Q" + std::to_string(k) + "ЕЛК";
}

TEST_P(SearchSuite, EachSearchableFieldFindsItsRecordAndNoOtherFieldDoes) {
    FakeClock clock;
    auto env = test::Env::open(*GetParam().registry, clock);
    ASSERT_TRUE(env);
    const EntityDesc& e = GetParam().desc();
    test::Drafts drafts(*env);
    Repository repo = env->repo(e);
    for (int i = 0; i < 4; ++i) drafts.create(e, i);  // noise
    std::size_t k = 0;
    int searchable = 0;
    for (const FieldDesc& f : e.fields) {
        ++k;
        const bool textual =
            f.type == FieldType::Text || f.type == FieldType::LongText || f.type == FieldType::TextList;
        if (!textual || !test::is_written(f)) continue;
        Record draft = drafts.draft(e, 100 + static_cast<int>(k));
        draft.set(f.name, holding(f, k));
        auto made = repo.create(draft);
        ASSERT_TRUE(made.ok()) << f.name << ": " << message_of(made);
        ListQuery q;
        q.search = query_for(f, k);
        auto page = repo.list(q);
        ASSERT_TRUE(page.ok()) << message_of(page);
        if (!f.searchable) {
            EXPECT_EQ(page->total, 0) << f.name << " is not searchable";
            continue;
        }
        ++searchable;
        ASSERT_EQ(page->total, 1) << f.name << ": " << q.search;
        EXPECT_EQ(page->rows[0].id, made->id) << f.name;
        // Edits move the record in the index; deletes take it out.
        Record edited = *made;
        edited.set(f.name, holding(f, k + 50));
        // A field only core writes (a history row's title) is updated the way core writes it.
        ASSERT_TRUE(
            repo.update(edited, f.editable ? domain::WriteScope::Editable : domain::WriteScope::Rules).ok());
        EXPECT_EQ(repo.list(q).value().total, 0) << f.name;
        q.search = query_for(f, k + 50);
        EXPECT_EQ(repo.list(q).value().total, 1) << f.name;
        ASSERT_TRUE(repo.remove(made->id).ok());
        EXPECT_EQ(repo.list(q).value().total, 0) << f.name;
    }
    EXPECT_GT(searchable, 0) << e.name
                             << " has no searchable field: the list's search box would find nothing";
}

INSTANTIATE_TEST_SUITE_P(Registered, SearchSuite, ::testing::ValuesIn(test::every_entity()),
                         test::param_name);

}  // namespace
}  // namespace crm::domain
