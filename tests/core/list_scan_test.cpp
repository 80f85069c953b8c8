// ListScan: a list query read a bounded slice at a time. Over 20,000 contacts, every advance() runs at most
// the steps asked, a step reads one row, the first page comes before the count, and page and count equal what
// Repository::list answers in one go. A write underneath starts the scan over; dropping it abandons it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/domain/list_scan.hpp"
#include "core/storage/sqlite.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using test::message_of;

constexpr int kContacts = 20'000;
constexpr int kIvanovEvery = 3;  // every third contact is an Иванов: 6,667 matches
constexpr int kPage = 40;

std::vector<std::string> ids_of(const std::vector<Record>& rows) {
    std::vector<std::string> ids;
    for (const Record& r : rows) ids.push_back(r.id);
    return ids;
}

class ListScanTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        clock_ = new test::FakeClock;
        store_ = test::open_store("dev", *clock_).release();
        ASSERT_NE(store_, nullptr);
        auto tx = storage::Transaction::begin(store_->db());
        ASSERT_TRUE(tx.ok());
        Repository repo = store_->records(entity::kContact);
        for (int i = 0; i < kContacts; ++i) {
            Record r(repo.entity());
            const std::string n = std::to_string(i);
            r.set("name", i % kIvanovEvery == 0 ? "Иванов Пётр " + n : "Петров Сидор " + n);
            r.set("owner", i % 2 == 0 ? "ivanova" : "petrov");
            auto made = repo.create(std::move(r));
            ASSERT_TRUE(made.ok()) << message_of(made);
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    static void TearDownTestSuite() {
        delete store_;
        delete clock_;
        store_ = nullptr;
        clock_ = nullptr;
    }

    static ListQuery query(const std::string& search) {
        ListQuery q;
        q.search = search;
        q.limit = kPage;
        return q;
    }
    static Page whole(const ListQuery& q) {
        auto page = store_->records(entity::kContact).list(q);
        EXPECT_TRUE(page.ok()) << message_of(page);
        return page.ok() ? std::move(page).value() : Page{};
    }

    static test::FakeClock* clock_;
    static Store* store_;
};

test::FakeClock* ListScanTest::clock_ = nullptr;
Store* ListScanTest::store_ = nullptr;

TEST_F(ListScanTest, EverySliceStaysWithinItsStepsAndThePageComesBeforeTheCount) {
    const ListQuery q = query("иванов");
    const Page expected = whole(q);
    ASSERT_EQ(expected.total, (kContacts + kIvanovEvery - 1) / kIvanovEvery);

    auto scan = ListScan::start(store_->records(entity::kContact), q);
    ASSERT_TRUE(scan.ok()) << message_of(scan);
    EXPECT_EQ(scan->steps(), 0);  // prepared, nothing read yet
    constexpr int kSlice = 256;
    int slices = 0;
    std::vector<std::string> page;
    std::int64_t counted_when_page_done = -1;
    while (!scan->done()) {
        const std::int64_t before = scan->steps();
        auto ran = scan->advance(kSlice);
        ASSERT_TRUE(ran.ok()) << message_of(ran);
        ASSERT_LE(*ran, kSlice);
        ASSERT_EQ(scan->steps() - before, *ran);
        ++slices;
        if (scan->page_done() && counted_when_page_done < 0) {
            counted_when_page_done = scan->counted();
            page = ids_of(scan->rows());
        }
    }
    EXPECT_EQ(page, ids_of(expected.rows));
    EXPECT_LT(counted_when_page_done, kSlice);  // ready after the first slice, long before the count
    EXPECT_EQ(scan->counted(), expected.total);
    // One row a step: the page's rows and its end, then every match and the end of the count.
    EXPECT_EQ(scan->steps(), kPage + 1 + expected.total + 1);
    EXPECT_GT(slices, static_cast<int>(expected.total / kSlice));
    EXPECT_EQ(scan->restarts(), 0);
}

TEST_F(ListScanTest, StepByStepTheFirstPageIsReadyAfterItsRows) {
    auto scan = ListScan::start(store_->records(entity::kContact), query("петров"));
    ASSERT_TRUE(scan.ok());
    for (int i = 0; i < kPage; ++i) {
        ASSERT_FALSE(scan->page_done()) << "after " << i << " steps";
        ASSERT_EQ(*scan->advance(1), 1);
    }
    EXPECT_EQ(scan->rows().size(), static_cast<std::size_t>(kPage));
    ASSERT_EQ(*scan->advance(1), 1);  // the page statement's end
    EXPECT_TRUE(scan->page_done());
    EXPECT_TRUE(scan->counting());
    EXPECT_EQ(scan->pages_done(), 1);
}

TEST_F(ListScanTest, FiltersSortsAndTheWholeListScanLikeList) {
    ListQuery q = query("");
    q.equals.emplace_back("owner", "petrov");
    q.sort_field = "name";
    q.descending = true;
    q.offset = 100;
    const Page expected = whole(q);
    auto scan = ListScan::start(store_->records(entity::kContact), q);
    ASSERT_TRUE(scan.ok());
    while (!scan->done()) ASSERT_TRUE(scan->advance(1000).ok());
    EXPECT_EQ(ids_of(scan->rows()), ids_of(expected.rows));
    EXPECT_EQ(scan->counted(), kContacts / 2);
    EXPECT_EQ(scan->counted(), expected.total);
}

TEST_F(ListScanTest, ASearchWithAFilterCountsLikeList) {
    ListQuery q = query("иванов");
    q.equals.emplace_back("owner", "ivanova");
    const Page expected = whole(q);
    ASSERT_GT(expected.total, 0);
    auto scan = ListScan::start(store_->records(entity::kContact), q);
    ASSERT_TRUE(scan.ok());
    while (!scan->done()) ASSERT_TRUE(scan->advance(1000).ok());
    EXPECT_EQ(ids_of(scan->rows()), ids_of(expected.rows));
    EXPECT_EQ(scan->counted(), expected.total);
}

TEST_F(ListScanTest, AWriteUnderneathStartsTheScanOver) {
    auto scan = ListScan::start(store_->records(entity::kContact), query("иванов"));
    ASSERT_TRUE(scan.ok());
    ASSERT_TRUE(scan->advance(kPage + 100).ok());
    ASSERT_TRUE(scan->counting());
    const std::int64_t before = whole(query("иванов")).total;

    Repository repo = store_->records(entity::kContact);
    Record r(repo.entity());
    r.set("name", "Иванов Новый");
    auto made = repo.create(std::move(r));
    ASSERT_TRUE(made.ok()) << message_of(made);

    while (!scan->done()) ASSERT_TRUE(scan->advance(1000).ok());
    EXPECT_EQ(scan->restarts(), 1);
    EXPECT_EQ(scan->pages_done(), 2);
    EXPECT_EQ(scan->counted(), before + 1);
    ASSERT_TRUE(repo.remove(made->id).ok());
}

TEST_F(ListScanTest, ARollbackUnderneathDoesNotBreakTheScan) {
    const std::int64_t expected = whole(query("иванов")).total;
    auto scan = ListScan::start(store_->records(entity::kContact), query("иванов"));
    ASSERT_TRUE(scan.ok());
    ASSERT_TRUE(scan->advance(kPage + 100).ok());
    {
        auto tx = storage::Transaction::begin(store_->db());
        ASSERT_TRUE(tx.ok());
    }  // rolled back: SQLite aborts the connection's pending reads
    while (!scan->done()) {
        auto ran = scan->advance(1000);
        ASSERT_TRUE(ran.ok()) << message_of(ran);
    }
    EXPECT_EQ(scan->counted(), expected);
}

TEST_F(ListScanTest, AnAbandonedScanLeavesTheDatabaseWritable) {
    {
        auto scan = ListScan::start(store_->records(entity::kContact), query("иванов"));
        ASSERT_TRUE(scan.ok());
        ASSERT_TRUE(scan->advance(kPage + 10).ok());
    }  // dropped mid-count, as a newer keystroke drops it
    Repository repo = store_->records(entity::kContact);
    Record r(repo.entity());
    r.set("name", "Петров После");
    auto made = repo.create(std::move(r));
    ASSERT_TRUE(made.ok()) << message_of(made);
    ASSERT_TRUE(repo.remove(made->id).ok());
}

TEST_F(ListScanTest, ABadQueryFailsAtStart) {
    ListQuery q = query("");
    q.sort_field = "no_such_field";
    auto scan = ListScan::start(store_->records(entity::kContact), q);
    EXPECT_FALSE(scan.ok());
}

}  // namespace
}  // namespace crm::domain
