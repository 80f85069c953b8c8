#include <gtest/gtest.h>

#include "core/limits.hpp"
#include "core/sync/hlc.hpp"
#include "tests/core/test_support.hpp"

namespace crm::sync {
namespace {

using test::FakeClock;

TEST(Hlc, PacksAndSortsAsANumber) {
    const Hlc h{1'700'000'000'123, 42};
    EXPECT_EQ(Hlc::unpack(h.packed()), h);
    EXPECT_EQ(h.packed(), (std::int64_t{1'700'000'000'123} << 16) | 42);
    EXPECT_LT((Hlc{5, 9}).packed(), (Hlc{6, 0}).packed());
    EXPECT_LT((Hlc{5, 9}), (Hlc{6, 0}));
}

TEST(Hlc, TickFollowsWallClockAndNeverGoesBack) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    const Hlc a = clock.tick();
    EXPECT_EQ(a, (Hlc{*wall.ms, 0}));
    const Hlc b = clock.tick();  // same millisecond: the counter moves
    EXPECT_EQ(b, (Hlc{*wall.ms, 1}));
    wall.advance(-5000);         // the wall clock jumps back
    const Hlc c = clock.tick();
    EXPECT_GT(c, b);
    EXPECT_EQ(c.ms, b.ms);
    wall.advance(10'000);
    EXPECT_EQ(clock.tick(), (Hlc{*wall.ms, 0}));
}

TEST(Hlc, CounterOverflowCarriesIntoMilliseconds) {
    FakeClock wall;
    HlcClock clock(wall.fn(), Hlc{*wall.ms, 0xFFFF});
    const Hlc next = clock.tick();
    EXPECT_EQ(next, (Hlc{*wall.ms + 1, 0}));
}

TEST(Hlc, ObserveAdvancesPastRemote) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    const Hlc remote{*wall.ms + 500, 7};
    auto seen = clock.observe(remote);
    ASSERT_TRUE(seen.ok());
    EXPECT_GT(*seen, remote);
    EXPECT_GT(clock.tick(), remote);
    // An older remote still moves the clock forward, never back.
    const Hlc before = clock.last();
    auto old = clock.observe(Hlc{*wall.ms - 100000, 0});
    ASSERT_TRUE(old.ok());
    EXPECT_GT(*old, before);
}

TEST(Hlc, RefusesRemoteClockTooFarAhead) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    const Hlc before = clock.tick();
    auto refused = clock.observe(Hlc{*wall.ms + limits::kMaxClockSkewMs + 1, 0});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::Protocol);
    EXPECT_EQ(clock.last(), before);  // not poisoned by the refused value
    EXPECT_TRUE(clock.observe(Hlc{*wall.ms + limits::kMaxClockSkewMs, 0}).ok());
}

TEST(Hlc, ManyTicksAreStrictlyIncreasing) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    Hlc prev = clock.tick();
    for (int i = 0; i < 100000; ++i) {
        if (i % 1000 == 0) wall.advance(i % 3000 == 0 ? -3 : 1);
        const Hlc next = clock.tick();
        ASSERT_GT(next, prev);
        prev = next;
    }
}

}  // namespace
}  // namespace crm::sync
