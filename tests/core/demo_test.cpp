#include <gtest/gtest.h>

#include <set>

#include "core/demo/demo_data.hpp"
#include "core/demo/demo_words.hpp"
#include "core/domain/validation.hpp"
#include "core/limits.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using test::FakeClock;

std::vector<std::string> all_contact_names(Store& store) {
    domain::ListQuery q;
    q.limit = limits::kMaxPageSize;
    std::vector<std::string> names;
    for (;;) {
        auto page = store.contacts().list(q);
        EXPECT_TRUE(page.ok());
        if (!page.ok() || page->rows.empty()) break;
        for (const auto& c : page->rows) names.push_back(c.name + "|" + c.phones.front() + "|" + c.emails.front());
        q.offset += static_cast<int>(page->rows.size());
    }
    return names;
}

TEST(Demo, GeneratesRequestedCountsThroughTheRepositories) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    Status s = demo::generate(*store, {limits::kDemoCompanies, limits::kDemoContacts});
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto companies = store->companies().list({});
    auto contacts = store->contacts().list({});
    ASSERT_TRUE(companies.ok() && contacts.ok());
    EXPECT_EQ(companies->total, limits::kDemoCompanies);
    EXPECT_EQ(contacts->total, limits::kDemoContacts);
    // Every created field is in the change log (created_at and deleted included).
    auto logged = store->changes().count();
    ASSERT_TRUE(logged.ok());
    EXPECT_GE(*logged, static_cast<std::int64_t>(limits::kDemoCompanies) * 9 + limits::kDemoContacts * 11);
    // 4-6 owners, all stages used.
    const auto owners = store->companies().owners();
    EXPECT_GE(owners.size(), 4u);
    EXPECT_LE(owners.size(), 6u);
    for (auto stage : domain::kJourneyStages) {
        domain::ListQuery q;
        q.journey_stage = std::string(domain::to_key(stage));
        auto page = store->companies().list(q);
        ASSERT_TRUE(page.ok());
        EXPECT_GT(page->total, 0) << q.journey_stage;
    }
}

TEST(Demo, IsDeterministicForASeed) {
    FakeClock clock_a, clock_b;
    auto a = test::open_store("a", clock_a, 1);
    auto b = test::open_store("b", clock_b, 2);
    auto c = test::open_store("c", clock_b, 3);
    ASSERT_TRUE(a && b && c);
    ASSERT_TRUE(demo::generate(*a, {40, 120}, 99).ok());
    ASSERT_TRUE(demo::generate(*b, {40, 120}, 99).ok());
    ASSERT_TRUE(demo::generate(*c, {40, 120}, 100).ok());
    const auto na = all_contact_names(*a);
    EXPECT_EQ(na.size(), 120u);
    EXPECT_EQ(na, all_contact_names(*b));
    EXPECT_NE(na, all_contact_names(*c));
}

TEST(Demo, RecordsLookRealistic) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    ASSERT_TRUE(demo::generate(*store, {200, 600}, 5).ok());
    domain::ListQuery q;
    q.limit = limits::kMaxPageSize;
    auto companies = store->companies().list(q);
    ASSERT_TRUE(companies.ok());
    int ooo = 0, ao = 0, ip = 0, english = 0;
    for (const auto& c : companies->rows) {
        if (c.name.starts_with("ООО «")) ++ooo;
        if (c.name.starts_with("АО «")) ++ao;
        if (c.name.starts_with("ИП ")) ++ip;
        if (c.name.ends_with(" Ltd") || c.name.ends_with(" LLC")) ++english;
        EXPECT_FALSE(c.phones.empty());
        EXPECT_FALSE(c.emails.empty());
    }
    EXPECT_GT(ooo, 0);
    EXPECT_GT(ao, 0);
    EXPECT_GT(ip, 0);
    EXPECT_GT(english, 0);

    auto contacts = store->contacts().list(q);
    ASSERT_TRUE(contacts.ok());
    int russian_mobile = 0, female_surname = 0;
    for (const auto& c : contacts->rows) {
        for (const auto& p : c.phones)
            if (p.starts_with("+7 (9") && p.size() == std::string("+7 (916) 123-45-67").size()) ++russian_mobile;
        if (c.name.find("ова ") != std::string::npos || c.name.find("ева ") != std::string::npos) ++female_surname;
        for (const auto& e : c.emails) EXPECT_TRUE(domain::is_valid_email(e)) << e;
    }
    EXPECT_GT(russian_mobile, 100);
    EXPECT_GT(female_surname, 20);
}

TEST(Demo, GeneratesContactsWithCompaniesSearchableAndLogged) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    constexpr int kContacts = 1200;
    Status s = demo::generate_contacts(*store, kContacts, 11);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto contacts = store->contacts().list({});
    auto companies = store->companies().list({});
    ASSERT_TRUE(contacts.ok() && companies.ok());
    EXPECT_EQ(contacts->total, kContacts);
    EXPECT_EQ(companies->total, kContacts / limits::kDemoContactsPerCompany);
    // Written through the repositories: in the change log and in the search index like user edits.
    auto logged = store->changes().count();
    ASSERT_TRUE(logged.ok());
    EXPECT_GE(*logged, static_cast<std::int64_t>(kContacts) * 11);
    domain::ListQuery q;
    q.search = "Ивано";
    auto found = store->contacts().list(q);
    ASSERT_TRUE(found.ok());
    EXPECT_GT(found->total, 0);
    EXPECT_LT(found->total, kContacts);
    for (const auto& c : found->rows) EXPECT_NE(c.name.find("Ивано"), std::string::npos) << c.name;
    // Most contacts work at one of the generated companies.
    int employed = 0;
    for (const auto& c : contacts->rows) employed += c.company_name.empty() ? 0 : 1;
    EXPECT_GT(employed, static_cast<int>(contacts->rows.size()) / 2);
}

TEST(Demo, GeneratesNoContactsForZero) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    ASSERT_TRUE(demo::generate_contacts(*store, 0).ok());
    auto companies = store->companies().list({});
    ASSERT_TRUE(companies.ok());
    EXPECT_EQ(companies->total, 0);
}

TEST(DemoWords, FeminineSurnamesAndTransliteration) {
    EXPECT_EQ(demo::feminine_surname("Иванов"), "Иванова");
    EXPECT_EQ(demo::feminine_surname("Соловьёв"), "Соловьёва");
    EXPECT_EQ(demo::feminine_surname("Никитин"), "Никитина");
    EXPECT_EQ(demo::feminine_surname("Вишневский"), "Вишневская");
    EXPECT_EQ(demo::feminine_surname("Толстой"), "Толстая");
    EXPECT_EQ(demo::feminine_surname("Шевченко"), "Шевченко");
    EXPECT_EQ(demo::feminine_surname("Черных"), "Черных");
    EXPECT_EQ(demo::transliterate("Щукина Юлия"), "shchukina yuliya");
    EXPECT_EQ(demo::transliterate("Фёдор Хрущёв"), "fedor khrushchev");
    EXPECT_EQ(demo::transliterate("Объект"), "obekt");
}

}  // namespace
}  // namespace crm
