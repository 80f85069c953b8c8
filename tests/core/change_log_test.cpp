// Finding a device's own changes after a seq: the same answer whether few or many rows follow it (the log is
// then walked by seq or read through the device index).
#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "core/storage/sqlite.hpp"
#include "tests/core/test_support.hpp"

namespace crm {
namespace {

using test::FakeClock;

TEST(ChangeLog, OwnChangesAfterASeqAreFoundWhetherFewOrManyFollow) {
    FakeClock clock;
    auto store = test::open_store("me", clock);
    ASSERT_TRUE(store);
    sync::ChangeLog& log = store->changes();
    // More rows than kChangeLogWalkRows, every third one another device's (as pulled from the server).
    const auto rows = limits::kChangeLogWalkRows + 3000;
    std::int64_t own = 0;
    {
        auto tx = storage::Transaction::begin(store->db());
        ASSERT_TRUE(tx.ok());
        for (std::int64_t i = 0; i < rows; ++i) {
            sync::Change c;
            c.table = "contacts";
            c.row_id = "row-" + std::to_string(i);
            c.field = "name";
            c.value = "n";
            c.hlc = log.clock().tick();
            c.device = i % 3 == 0 ? "other" : "me";
            own += c.device == "me" ? 1 : 0;
            ASSERT_TRUE(log.append(c).ok());
        }
        ASSERT_TRUE(tx->commit().ok());
    }
    auto last = log.last_seq();
    ASSERT_TRUE(last.ok());
    ASSERT_EQ(*last, rows);

    auto all = log.count_since_from(0, "me");  // many rows follow: the device index
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, own);
    auto recent = log.count_since_from(rows - 9, "me");  // seqs rows-8..rows: walked
    ASSERT_TRUE(recent.ok());
    EXPECT_EQ(*recent, 6);

    for (const std::int64_t after : {std::int64_t{0}, rows - 9}) {
        auto page = log.since_from(after, "me", 5);
        ASSERT_TRUE(page.ok());
        ASSERT_EQ(page->size(), 5u);
        std::int64_t previous = after;
        for (const auto& c : *page) {
            EXPECT_EQ(c.device, "me");
            EXPECT_GT(c.seq, previous);  // oldest first, none skipped: seq % 3 == 1 belongs to "other"
            EXPECT_NE(c.seq % 3, 1) << c.seq;
            EXPECT_LE(c.seq - previous, 2);
            previous = c.seq;
        }
    }
}

}  // namespace
}  // namespace crm
