#include <gtest/gtest.h>

#include <set>

#include "core/demo/demo_data.hpp"
#include "core/demo/demo_words.hpp"
#include "core/domain/field.hpp"
#include "core/domain/repository.hpp"
#include "core/limits.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using test::FakeClock;

domain::Repository companies(Store& s) {
    return s.records(domain::entity::kCompany);
}
domain::Repository contacts(Store& s) {
    return s.records(domain::entity::kContact);
}

std::vector<std::string> all_contact_names(Store& store) {
    domain::ListQuery q;
    q.limit = limits::kMaxPageSize;
    std::vector<std::string> names;
    for (;;) {
        auto page = contacts(store).list(q);
        EXPECT_TRUE(page.ok());
        if (!page.ok() || page->rows.empty()) break;
        for (const auto& c : page->rows) {
            const auto phones = c.list("phones");
            const auto emails = c.list("emails");
            EXPECT_FALSE(phones.empty() || emails.empty()) << c.text("name");
            if (phones.empty() || emails.empty()) continue;
            names.push_back(c.text("name") + "|" + phones.front() + "|" + emails.front());
        }
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
    auto made_companies = companies(*store).list({});
    auto made_contacts = contacts(*store).list({});
    ASSERT_TRUE(made_companies.ok() && made_contacts.ok());
    EXPECT_EQ(made_companies->total, limits::kDemoCompanies);
    EXPECT_EQ(made_contacts->total, limits::kDemoContacts);
    // Every created field is in the change log (created_at and deleted included).
    auto logged = store->changes().count();
    ASSERT_TRUE(logged.ok());
    EXPECT_GE(*logged, static_cast<std::int64_t>(limits::kDemoCompanies) * 9 + limits::kDemoContacts * 11);
    // 4-6 owners, all stages used.
    const auto owners = companies(*store).distinct("owner_id");
    EXPECT_GE(owners.size(), 4u);
    EXPECT_LE(owners.size(), 6u);
    for (const auto stage : domain::journey_stage_keys()) {
        domain::ListQuery q;
        q.equals = {{"journey_stage", std::string(stage)}};
        auto page = companies(*store).list(q);
        ASSERT_TRUE(page.ok());
        EXPECT_GT(page->total, 0) << stage;
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
    auto made_companies = companies(*store).list(q);
    ASSERT_TRUE(made_companies.ok());
    int ooo = 0, ao = 0, ip = 0, english = 0;
    for (const auto& c : made_companies->rows) {
        const std::string name = c.text("name");
        if (name.starts_with("ООО «")) ++ooo;
        if (name.starts_with("АО «")) ++ao;
        if (name.starts_with("ИП ")) ++ip;
        if (name.ends_with(" Ltd") || name.ends_with(" LLC")) ++english;
        EXPECT_FALSE(c.list("phones").empty());
        EXPECT_FALSE(c.list("emails").empty());
    }
    EXPECT_GT(ooo, 0);
    EXPECT_GT(ao, 0);
    EXPECT_GT(ip, 0);
    EXPECT_GT(english, 0);

    auto made_contacts = contacts(*store).list(q);
    ASSERT_TRUE(made_contacts.ok());
    int russian_mobile = 0, female_surname = 0;
    for (const auto& c : made_contacts->rows) {
        for (const auto& p : c.list("phones"))
            if (p.starts_with("+7 (9") && p.size() == std::string("+7 (916) 123-45-67").size())
                ++russian_mobile;
        const std::string name = c.text("name");
        if (name.find("ова ") != std::string::npos || name.find("ева ") != std::string::npos)
            ++female_surname;
        for (const auto& e : c.list("emails")) EXPECT_TRUE(domain::is_valid_email(e)) << e;
        // Demo records are ordinary records: every value passes the one validation path.
        EXPECT_TRUE(domain::validate_record(c).empty()) << name;
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
    auto made_contacts = contacts(*store).list({});
    auto made_companies = companies(*store).list({});
    ASSERT_TRUE(made_contacts.ok() && made_companies.ok());
    EXPECT_EQ(made_contacts->total, kContacts);
    EXPECT_EQ(made_companies->total, kContacts / limits::kDemoContactsPerCompany);
    // Written through the repositories: in the change log and in the search index like user edits.
    auto logged = store->changes().count();
    ASSERT_TRUE(logged.ok());
    EXPECT_GE(*logged, static_cast<std::int64_t>(kContacts) * 11);
    domain::ListQuery q;
    q.search = "Ивано";
    auto found = contacts(*store).list(q);
    ASSERT_TRUE(found.ok());
    EXPECT_GT(found->total, 0);
    EXPECT_LT(found->total, kContacts);
    for (const auto& c : found->rows)
        EXPECT_NE(c.text("name").find("Ивано"), std::string::npos) << c.text("name");
    // Most contacts work at one of the generated companies.
    int employed = 0;
    for (const auto& c : made_contacts->rows) employed += c.ref_title("company_id").empty() ? 0 : 1;
    EXPECT_GT(employed, static_cast<int>(made_contacts->rows.size()) / 2);
}

TEST(Demo, GeneratesNoContactsForZero) {
    FakeClock clock;
    auto store = test::open_store("demo", clock);
    ASSERT_TRUE(store);
    ASSERT_TRUE(demo::generate_contacts(*store, 0).ok());
    auto made = companies(*store).list({});
    ASSERT_TRUE(made.ok());
    EXPECT_EQ(made->total, 0);
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
