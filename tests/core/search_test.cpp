#include <gtest/gtest.h>

#include <algorithm>

#include "core/domain/record_codec.hpp"
#include "core/limits.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using domain::Company;
using domain::Contact;
using domain::ListQuery;
using test::FakeClock;

class SearchTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = test::open_store("dev", clock_);
        ASSERT_TRUE(store_);
        auto romashka = add_company("ООО «Ромашка»", {"+7 (495) 111-22-33"}, {"info@romashka.ru"});
        add_contact("Иванов Иван Петрович", romashka, {"+7 (916) 123-45-67"}, {"i.ivanov@romashka.ru"}, "Генеральный директор");
        add_contact("Фёдорова Алёна", "", {"8 (926) 555-00-11"}, {"alena@mail.ru"}, "Главный бухгалтер");
        add_contact("John Smith", "", {"+44 20 7946 0123"}, {"john.smith@example.com"}, "CEO");
        add_contact("Ивановская Мария", "", {"+7 (903) 000-11-22"}, {}, "Юрист");
    }

    std::string add_company(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails) {
        Company c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        auto r = store_->companies().create(c);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
        return r.ok() ? r->id : std::string();
    }
    void add_contact(const std::string& name, const std::string& company, std::vector<std::string> phones,
                     std::vector<std::string> emails, const std::string& position) {
        Contact c;
        c.name = name;
        c.company_id = company;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        c.position = position;
        auto r = store_->contacts().create(c);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    }
    std::vector<std::string> find(const std::string& search) {
        ListQuery q;
        q.search = search;
        auto page = store_->contacts().list(q);
        EXPECT_TRUE(page.ok()) << search << ": " << (page.ok() ? "" : page.error().message);
        std::vector<std::string> names;
        if (!page.ok()) return names;
        for (const auto& c : page->rows) names.push_back(c.name);
        EXPECT_EQ(page->total, static_cast<std::int64_t>(names.size()));
        return names;
    }

    FakeClock clock_;
    std::unique_ptr<Store> store_;
};

using Names = std::vector<std::string>;

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

TEST_F(SearchTest, HostileInputNeverFails) {
    const char* inputs[] = {"\"", "\"\"", "иван\"", "(", ")", "(иван", "AND", "OR", "NOT", "NEAR", "NEAR(иван, 2)",
                            "*", "-", "-иван", "иван*", "^", ":", "name:иван", "{name}: x", "иван OR мария", "'",
                            "\\", "«", "»", "—", "\xff\xfe", "\xd0", "....", "+", "иван AND", "a b c d e f g h i j k l"};
    for (const char* input : inputs) {
        ListQuery q;
        q.search = input;
        auto contacts = store_->contacts().list(q);
        EXPECT_TRUE(contacts.ok()) << input << ": " << (contacts.ok() ? "" : contacts.error().message);
        auto companies = store_->companies().list(q);
        EXPECT_TRUE(companies.ok()) << input << ": " << (companies.ok() ? "" : companies.error().message);
    }
    // Operators are plain words: "иван OR мария" needs all three words, so nothing matches.
    EXPECT_EQ(find("иван OR мария"), Names{});
    EXPECT_EQ(find("(иван"), (Names{"Иванов Иван Петрович", "Ивановская Мария"}));
}

TEST(MatchExpression, QuotesEachWordWithPrefixStar) {
    EXPECT_EQ(domain::build_match_expression("  иван  петр "), "\"иван\"* AND \"петр\"*");
    EXPECT_EQ(domain::build_match_expression("a\"b"), "\"a\"\"b\"*");
    EXPECT_EQ(domain::build_match_expression("( - *"), "");
    EXPECT_EQ(domain::build_match_expression(""), "");
    // At most kMaxSearchTerms words are used.
    const std::string many = "a b c d e f g h i j k";
    const std::string expr = domain::build_match_expression(many);
    EXPECT_EQ(std::count(expr.begin(), expr.end(), '*'), limits::kMaxSearchTerms);
}

TEST_F(SearchTest, CompaniesSearchByNameAndEmail) {
    ListQuery q;
    q.search = "ромаш";
    auto page = store_->companies().list(q);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->rows.size(), 1u);
    EXPECT_EQ(page->rows[0].name, "ООО «Ромашка»");
    EXPECT_EQ(page->rows[0].contact_count, 1);
    q.search = "4951112233";
    page = store_->companies().list(q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 1);
}

TEST_F(SearchTest, EditedAndDeletedRecordsLeaveTheIndex) {
    auto page = store_->contacts().list({.search = "john"});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->rows.size(), 1u);
    Contact john = page->rows[0];
    john.name = "Джон Смит";
    ASSERT_TRUE(store_->contacts().update(john).ok());
    EXPECT_EQ(find("john"), (Names{"Джон Смит"}));  // still found by e-mail
    EXPECT_EQ(find("джон"), (Names{"Джон Смит"}));
    EXPECT_EQ(find("smith@"), (Names{"Джон Смит"}));
    ASSERT_TRUE(store_->contacts().remove(john.id).ok());
    EXPECT_EQ(find("джон"), Names{});
    ASSERT_TRUE(store_->contacts().restore(john.id).ok());
    EXPECT_EQ(find("джон"), (Names{"Джон Смит"}));
}

}  // namespace
}  // namespace crm
