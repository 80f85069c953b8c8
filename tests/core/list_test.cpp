#include <gtest/gtest.h>

#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using domain::Company;
using domain::Contact;
using domain::JourneyStage;
using domain::ListQuery;
using test::FakeClock;

class ListTest : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = test::open_store("dev", clock_);
        ASSERT_TRUE(store_);
        const char* names[] = {"яблоко", "Арбуз", "ёжик", "Ель", "банан", "Zebra", "apple", "Вишня", "груша", "Дыня"};
        int i = 0;
        for (const char* n : names) {
            Company c;
            c.name = n;
            c.owner = i % 2 == 0 ? "anna" : "oleg";
            c.journey_stage = domain::kJourneyStages[static_cast<std::size_t>(i % 3)];
            clock_.advance(10);
            auto r = store_->companies().create(c);
            ASSERT_TRUE(r.ok());
            ids_.push_back(r->id);
            ++i;
        }
    }
    std::vector<std::string> names(const ListQuery& q, std::int64_t* total = nullptr) {
        auto page = store_->companies().list(q);
        EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
        std::vector<std::string> out;
        if (!page.ok()) return out;
        for (const auto& c : page->rows) out.push_back(c.name);
        if (total) *total = page->total;
        return out;
    }
    FakeClock clock_;
    std::unique_ptr<Store> store_;
    std::vector<std::string> ids_;
};

using Names = std::vector<std::string>;

TEST_F(ListTest, SortsCyrillicCaseInsensitively) {
    EXPECT_EQ(names({}), (Names{"apple", "Zebra", "Арбуз", "банан", "Вишня", "груша", "Дыня", "ёжик", "Ель", "яблоко"}));
    ListQuery desc;
    desc.descending = true;
    EXPECT_EQ(names(desc), (Names{"яблоко", "Ель", "ёжик", "Дыня", "груша", "Вишня", "банан", "Арбуз", "Zebra", "apple"}));
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
}

TEST_F(ListTest, SortsByOtherFields) {
    ListQuery q;
    q.sort_field = "created_at";
    EXPECT_EQ(names(q).front(), "яблоко");
    q.descending = true;
    EXPECT_EQ(names(q).front(), "Дыня");
    q = {};
    q.sort_field = "journey_stage";  // funnel order, not alphabetical
    auto page = store_->companies().list(q);
    ASSERT_TRUE(page.ok());
    for (std::size_t i = 1; i < page->rows.size(); ++i)
        EXPECT_LE(static_cast<int>(page->rows[i - 1].journey_stage), static_cast<int>(page->rows[i].journey_stage));
    EXPECT_EQ(page->rows.front().journey_stage, JourneyStage::Awareness);
    EXPECT_EQ(page->rows.back().journey_stage, JourneyStage::Decision);
    q.sort_field = "updated_at";
    EXPECT_TRUE(store_->companies().list(q).ok());
    q.sort_field = "notes";  // not sortable
    auto bad = store_->companies().list(q);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::Invalid);
    q.sort_field = "name; DROP TABLE companies";
    EXPECT_FALSE(store_->companies().list(q).ok());
}

TEST_F(ListTest, FiltersByStageOwnerAndCompany) {
    ListQuery q;
    q.owner = "anna";
    std::int64_t total = 0;
    EXPECT_EQ(names(q, &total).size(), 5u);
    EXPECT_EQ(total, 5);
    q.journey_stage = "awareness";
    EXPECT_EQ(names(q), (Names{"apple", "яблоко"}));
    EXPECT_EQ(store_->companies().owners(), (std::vector<std::string>{"anna", "oleg"}));

    Contact p;
    p.name = "Сотрудник";
    p.company_id = ids_[0];
    ASSERT_TRUE(store_->contacts().create(p).ok());
    p.name = "Другой";
    p.company_id = ids_[1];
    ASSERT_TRUE(store_->contacts().create(p).ok());
    ListQuery of_company;
    of_company.company_id = ids_[0];
    auto page = store_->contacts().list(of_company);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->total, 1);
    EXPECT_EQ(page->rows[0].name, "Сотрудник");
    EXPECT_EQ(page->rows[0].company_name, "яблоко");
}

TEST_F(ListTest, DeletedRowsAreExcluded) {
    ASSERT_TRUE(store_->companies().remove(ids_[0]).ok());
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
    ASSERT_TRUE(store_->companies().remove(ids_[3]).ok());  // Ель
    ASSERT_TRUE(store_->companies().remove(ids_[0]).ok());  // яблоко, no match: must not be subtracted
    EXPECT_EQ(names(q, &total), (Names{"ёжик"}));
    EXPECT_EQ(total, 1);
    // With a filter beside the search the total comes from the rows themselves: the same answer.
    q.owner = "anna";
    EXPECT_EQ(names(q, &total), (Names{"ёжик"}));
    EXPECT_EQ(total, 1);
    q.owner.clear();
    ASSERT_TRUE(store_->companies().restore(ids_[3]).ok());
    EXPECT_EQ(names(q, &total), (Names{"ёжик", "Ель"}));
    EXPECT_EQ(total, 2);
    // Contacts count the same way.
    Contact c;
    c.name = "Ежов Пётр";
    auto created = store_->contacts().create(c);
    ASSERT_TRUE(created.ok());
    auto contacts = store_->contacts().list(q);
    ASSERT_TRUE(contacts.ok());
    EXPECT_EQ(contacts->total, 1);
    ASSERT_TRUE(store_->contacts().remove(created->id).ok());
    contacts = store_->contacts().list(q);
    ASSERT_TRUE(contacts.ok());
    EXPECT_EQ(contacts->total, 0);
    EXPECT_TRUE(contacts->rows.empty());
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

TEST(ListPlan, SortedPagesUseTheIndexes) {
    FakeClock clock;
    auto store = test::open_store("dev", clock);
    ASSERT_TRUE(store);
    for (const char* sql :
         {"SELECT id FROM companies c WHERE c.deleted = 0 ORDER BY c.name COLLATE crm_fold ASC, c.rowid ASC LIMIT 10",
          "SELECT id FROM contacts k WHERE k.deleted = 0 ORDER BY instr('awareness interest decision purchase "
          "retention advocacy', k.journey_stage) DESC, k.rowid DESC LIMIT 10",
          "SELECT id FROM contacts k WHERE k.deleted = 0 ORDER BY k.updated_at ASC, k.rowid ASC LIMIT 10"}) {
        auto plan = store->db().prepare(std::string("EXPLAIN QUERY PLAN ") + sql);
        ASSERT_TRUE(plan.ok()) << plan.error().message;
        std::string text;
        while (plan->step().value_or(false)) text += plan->column_text(3) + "\n";
        EXPECT_NE(text.find("USING INDEX"), std::string::npos) << sql << "\n" << text;
        EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << text;
    }
}

}  // namespace
}  // namespace crm
