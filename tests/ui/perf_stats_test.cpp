// The timing ring behind the perf.* automation keys: nearest-rank percentiles over the newest samples.
#include <gtest/gtest.h>

#include "ui/perf_stats.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {
namespace {

TEST(UiPerfStats, PercentilesAreNearestRank) {
    SampleRing ring;
    EXPECT_FALSE(ring.percentile(50).has_value());
    for (int i = 100; i >= 1; --i) ring.add(static_cast<double>(i));  // order must not matter
    EXPECT_EQ(ring.size(), 100u);
    EXPECT_EQ(ring.percentile(50), 50.0);
    EXPECT_EQ(ring.percentile(95), 95.0);
    EXPECT_EQ(ring.percentile(100), 100.0);
    EXPECT_EQ(ring.percentile(0), 1.0);

    ring.clear();
    EXPECT_EQ(ring.size(), 0u);
    ring.add(3.5);
    EXPECT_EQ(ring.percentile(95), 3.5);
}

TEST(UiPerfStats, KeepsOnlyTheNewestSamples) {
    SampleRing ring;
    const auto n = static_cast<int>(limits::kPerfSamples);
    for (int i = 0; i < n; ++i) ring.add(1000.0);  // an old slow phase...
    for (int i = 0; i < n; ++i) ring.add(1.0);     // ...pushed out entirely by newer samples
    EXPECT_EQ(ring.size(), limits::kPerfSamples);
    EXPECT_EQ(ring.percentile(100), 1.0);

    PerfStats stats;
    stats.frame_ms.add(2.0);
    stats.ui_ms.add(1.0);
    stats.search_ms.add(4.0);
    stats.clear();
    EXPECT_EQ(stats.frame_ms.size() + stats.ui_ms.size() + stats.search_ms.size(), 0u);
}

}  // namespace
}  // namespace crm::ui
