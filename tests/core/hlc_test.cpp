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
    wall.advance(-5000);  // the wall clock jumps back
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
    const Hlc seen = clock.observe(remote);
    EXPECT_GT(seen, remote);
    EXPECT_GT(clock.tick(), remote);
    // An older remote still moves the clock forward, never back.
    const Hlc before = clock.last();
    EXPECT_GT(clock.observe(Hlc{*wall.ms - 100000, 0}), before);
}

TEST(Hlc, AFarAheadRemoteDoesNotDragTheClockPastTheServersBound) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    clock.observe(Hlc{*wall.ms + 20LL * 3600 * 1000, 0});  // an old app 20 h fast, accepted by the server
    EXPECT_LE(clock.tick().ms, *wall.ms + limits::kMaxPushClockAheadMs)
        << "this device's next edit must still be one the server takes";
    clock.observe(Hlc{*wall.ms + 1000, 3});
    EXPECT_GT(clock.tick(), (Hlc{*wall.ms + 1000, 3})) << "within the bound the clock follows as usual";
}

TEST(Hlc, TheOffsetLearntFromTheServerCorrectsTheWallClock) {
    FakeClock wall;
    HlcClock clock(wall.fn());
    clock.set_offset_ms(-5 * 3600 * 1000LL);
    EXPECT_EQ(clock.now(), *wall.ms - 5 * 3600 * 1000LL);
    EXPECT_EQ(clock.raw_now(), *wall.ms);
    EXPECT_EQ(clock.tick().ms, *wall.ms - 5 * 3600 * 1000LL);
    clock.restart_at(Hlc{1000, 0});
    EXPECT_EQ(clock.last(), (Hlc{1000, 0})) << "restart_at may go back (re-stamping refused edits)";
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
