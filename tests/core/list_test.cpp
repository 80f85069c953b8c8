// The company list as the UI asks for it: Cyrillic order, pages, other sort fields, filters, totals.
// (Every entity's every sort order is in paging_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>

#include "core/limits.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using test::FakeClock;
using test::message_of;
using Names = std::vector<std::string>;

class ListTest : public ::testing::Test {
  protected:
    void SetUp() override {
        store_ = test::open_store("dev", clock_);
        ASSERT_TRUE(store_);
        const char* names[] = {"яблоко", "Арбуз", "ёжик",  "Ель",   "банан",
                               "Zebra",  "apple", "Вишня", "груша", "Дыня"};
        int i = 0;
        for (const char* n : names) {
            Record c(companies().entity());
            c.set("name", n)
                .set("owner", i % 2 == 0 ? "anna" : "oleg")
                .set("journey_stage", std::string(journey_stage_keys()[static_cast<std::size_t>(i % 3)]));
            clock_.advance(10);
            auto r = companies().create(c);
            ASSERT_TRUE(r.ok()) << message_of(r);
            ids_.push_back(r->id);
            ++i;
        }
    }
    Repository companies() { return store_->records(entity::kCompany); }
    Repository contacts() { return store_->records(entity::kContact); }
    Names names(const ListQuery& q, std::int64_t* total = nullptr) {
        auto page = companies().list(q);
        EXPECT_TRUE(page.ok()) << message_of(page);
        if (!page.ok()) return {};
        if (total) *total = page->total;
        return test::titles(*page);
    }
    FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::vector<std::string> ids_;
};

TEST_F(ListTest, SortsCyrillicCaseInsensitively) {
    EXPECT_EQ(names({}),
              (Names{"apple", "Zebra", "Арбуз", "банан", "Вишня", "груша", "Дыня", "ёжик", "Ель", "яблоко"}));
    ListQuery desc;
    desc.descending = true;
    EXPECT_EQ(names(desc),
              (Names{"яблоко", "Ель", "ёжик", "Дыня", "груша", "Вишня", "банан", "Арбуз", "Zebra", "apple"}));
}

TEST_F(ListTest, PagesWithoutOverlap) {
    ListQuery q;
    q.limit = 4;
    std::int64_t total = 0;
    Names all;
    for (q.offset = 0; q.offset < 12; q.offset += 4) {
        auto page = names(q, &total);
        EXPECT_EQ(total, 10);
        all.insert(all.end(), page.begin(), page.end());
    }
    EXPECT_EQ(all, names({}));
    q.offset = 8;
    EXPECT_EQ(names(q).size(), 2u);
    q.limit = 100000;  // clamped, not an error
    q.offset = -5;
    EXPECT_EQ(names(q).size(), 10u);
    q.limit = 0;
    auto empty = companies().list(q);
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->rows.empty());
    EXPECT_FALSE(empty->next.has_value());
}

TEST_F(ListTest, SortsByOtherFields) {
    ListQuery q;
    q.sort_field = "created_at";
    EXPECT_EQ(names(q).front(), "яблоко");
    q.descending = true;
    EXPECT_EQ(names(q).front(), "Дыня");
    q = {};
    q.sort_field = "journey_stage";  // funnel order, not alphabetical
    auto page = companies().list(q);
    ASSERT_TRUE(page.ok());
    const auto& keys = journey_stage_keys();
    auto rank = [&keys](const Record& r) {
        return std::find(keys.begin(), keys.end(), r.text("journey_stage")) - keys.begin();
    };
    for (std::size_t i = 1; i < page->rows.size(); ++i)
        EXPECT_LE(rank(page->rows[i - 1]), rank(page->rows[i]));
    EXPECT_EQ(page->rows.front().text("journey_stage"), keys[0]);
    EXPECT_EQ(page->rows.back().text("journey_stage"), keys[2]);
    q.sort_field = "updated_at";
    EXPECT_TRUE(companies().list(q).ok());
    for (const char* bad : {"notes", "phones", "name; DROP TABLE companies", "no_such_field"}) {
        q.sort_field = bad;
        auto refused = companies().list(q);
        ASSERT_FALSE(refused.ok()) << bad;
        EXPECT_EQ(refused.error().code, ErrorCode::Invalid);
        EXPECT_EQ(refused.error().field, "sort_field");
    }
    EXPECT_EQ(companies().list({}).value().total, 10);  // the table is still there
}

TEST_F(ListTest, FiltersByStageOwnerAndCompany) {
    ListQuery q;
    q.equals = {{"owner", "anna"}};
    std::int64_t total = 0;
    EXPECT_EQ(names(q, &total).size(), 5u);
    EXPECT_EQ(total, 5);
    q.equals.emplace_back("journey_stage", std::string(journey_stage_keys()[0]));
    EXPECT_EQ(names(q), (Names{"apple", "яблоко"}));
    EXPECT_EQ(companies().distinct("owner"), (std::vector<std::string>{"anna", "oleg"}));

    Record p(contacts().entity());
    p.set("name", "Сотрудник").set("company_id", ids_[0]);
    ASSERT_TRUE(contacts().create(p).ok());
    p.set("name", "Другой").set("company_id", ids_[1]);
    ASSERT_TRUE(contacts().create(p).ok());
    ListQuery of_company;
    of_company.equals = {{"company_id", ids_[0]}};
    auto page = contacts().list(of_company);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->total, 1);
    EXPECT_EQ(page->rows[0].text("name"), "Сотрудник");
    EXPECT_EQ(page->rows[0].ref_title("company_id"), "яблоко");

    // Filters name real fields of a filterable shape.
    for (const char* bad : {"colour", "phones"}) {
        ListQuery refused;
        refused.equals = {{bad, "x"}};
        EXPECT_EQ(companies().list(refused).error().code, ErrorCode::Invalid) << bad;
    }
}

TEST_F(ListTest, DistinctSkipsDeletedAndEmptyValues) {
    Record c(companies().entity());
    c.set("name", "Без владельца");
    ASSERT_TRUE(companies().create(c).ok());
    c.set("name", "Удаляемая").set("owner", "boris");
    auto doomed = companies().create(c);
    ASSERT_TRUE(doomed.ok());
    EXPECT_EQ(companies().distinct("owner"), (std::vector<std::string>{"anna", "boris", "oleg"}));
    ASSERT_TRUE(companies().remove(doomed->id).ok());
    EXPECT_EQ(companies().distinct("owner"), (std::vector<std::string>{"anna", "oleg"}));
    EXPECT_TRUE(companies().distinct("phones").empty());
}

TEST_F(ListTest, DeletedRowsAreExcluded) {
    ASSERT_TRUE(companies().remove(ids_[0]).ok());
    std::int64_t total = 0;
    const auto list = names({}, &total);
    EXPECT_EQ(total, 9);
    EXPECT_EQ(std::find(list.begin(), list.end(), "яблоко"), list.end());
}

TEST_F(ListTest, SearchTotalsCountOnlyLiveRows) {
    // "Ель" and "ёжик" match "е" (ё folds to е); a deleted and then restored match counts again.
    ListQuery q;
    q.search = "е";
    std::int64_t total = 0;
    EXPECT_EQ(names(q, &total), (Names{"ёжик", "Ель"}));
    EXPECT_EQ(total, 2);
    ASSERT_TRUE(companies().remove(ids_[3]).ok());  // Ель
    ASSERT_TRUE(companies().remove(ids_[0]).ok());  // яблоко, no match: must not be subtracted
    EXPECT_EQ(names(q, &total), (Names{"ёжик"}));
    EXPECT_EQ(total, 1);
    // With a filter beside the search the total comes from the rows themselves: the same answer.
    q.equals = {{"owner", "anna"}};
    EXPECT_EQ(names(q, &total), (Names{"ёжик"}));
    EXPECT_EQ(total, 1);
    q.equals.clear();
    ASSERT_TRUE(companies().restore(ids_[3]).ok());
    EXPECT_EQ(names(q, &total), (Names{"ёжик", "Ель"}));
    EXPECT_EQ(total, 2);
    // Contacts count the same way.
    Record c(contacts().entity());
    c.set("name", "Ежов Пётр");
    auto created = contacts().create(c);
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(contacts().list(q).value().total, 1);
    ASSERT_TRUE(contacts().remove(created->id).ok());
    auto after = contacts().list(q);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->total, 0);
    EXPECT_TRUE(after->rows.empty());
}

TEST_F(ListTest, ANextPageCanSkipTheCount) {
    ListQuery q;
    q.offset = 4;
    q.limit = 3;
    std::int64_t counted = 0;
    const Names page = names(q, &counted);
    EXPECT_EQ(counted, 10);
    q.count_total = false;
    std::int64_t uncounted = 0;
    EXPECT_EQ(names(q, &uncounted), page);
    EXPECT_EQ(uncounted, -1);
}

// Deep pages among thousands of tied names: an offset page deep in the list is the same rows a keyset walk
// reaches there, and the walk neither repeats nor skips a row.
TEST(DeepList, DeepOffsetsAgreeWithTheKeysetWalk) {
    FakeClock clock;
    auto store = test::open_store("dev", clock);
    ASSERT_TRUE(store);
    Repository companies = store->records(entity::kCompany);
    constexpr int kRows = 3000;
    {
        auto tx = storage::Transaction::begin(store->db());
        ASSERT_TRUE(tx.ok());
        const char* names[] = {"Ромашка", "ромашка", "Альфа", "Ёлка", "ель"};
        for (int i = 0; i < kRows; ++i) {
            Record c(companies.entity());
            c.set("name", names[i % 5]);  // 600 rows per name: ties decide almost every position
            ASSERT_TRUE(companies.create(c).ok());
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    for (const bool descending : {false, true}) {
        ListQuery walk;
        walk.descending = descending;
        walk.limit = 250;
        walk.count_total = false;
        std::vector<std::string> ids;
        std::vector<std::int64_t> rowids;
        Names names;
        for (;;) {
            auto page = companies.list(walk);
            ASSERT_TRUE(page.ok()) << message_of(page);
            for (const Record& r : page->rows) {
                ids.push_back(r.id);
                rowids.push_back(r.rowid);
                names.push_back(r.text("name"));
            }
            if (!page->next) break;
            walk.after = page->next;
        }
        ASSERT_EQ(ids.size(), static_cast<std::size_t>(kRows));
        std::vector<std::string> unique = ids;
        std::sort(unique.begin(), unique.end());
        EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end());
        for (const int offset : {0, 599, 600, 1777, 2950, 2999}) {
            ListQuery deep;
            deep.descending = descending;
            deep.offset = offset;
            deep.limit = 50;
            auto page = companies.list(deep);
            ASSERT_TRUE(page.ok());
            ASSERT_EQ(page->total, kRows);
            const std::size_t expected = std::min<std::size_t>(50, static_cast<std::size_t>(kRows - offset));
            ASSERT_EQ(page->rows.size(), expected) << offset;
            for (std::size_t k = 0; k < expected; ++k)
                EXPECT_EQ(page->rows[k].id, ids[static_cast<std::size_t>(offset) + k]) << offset << "+" << k;
        }
        // Within a name, rows follow their insertion (rowid), reversed when descending.
        for (std::size_t i = 1; i < rowids.size(); ++i)
            if (names[i - 1] == names[i]) {
                ASSERT_EQ(rowids[i - 1] < rowids[i], !descending) << i;
            }
    }
}

}  // namespace
}  // namespace crm::domain
