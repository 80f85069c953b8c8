// Failed sign-ins per key in a sliding window.
#include <gtest/gtest.h>

#include "sync-server/auth_rate_limit.hpp"

namespace crm::server {
namespace {

using namespace std::chrono_literals;

TEST(ServerAuthRateLimit, LimitsAfterMaxFailuresUntilTheOldestAgesOut) {
    FailureLimiter limiter(3, 60s, 100);
    EXPECT_EQ(limiter.retry_after_seconds("k", 0), 0);
    limiter.record_failure("k", 0);
    limiter.record_failure("k", 10'000);
    EXPECT_EQ(limiter.retry_after_seconds("k", 10'000), 0);
    limiter.record_failure("k", 20'000);
    EXPECT_EQ(limiter.retry_after_seconds("k", 20'000), 40) << "the first failure leaves the window at 60 s";
    EXPECT_EQ(limiter.retry_after_seconds("other", 20'000), 0) << "keys are independent";
    EXPECT_EQ(limiter.retry_after_seconds("k", 59'500), 1) << "rounded up, never 0 while limited";
    EXPECT_EQ(limiter.retry_after_seconds("k", 60'000), 0);
}

TEST(ServerAuthRateLimit, ClearForgetsTheKey) {
    FailureLimiter limiter(2, 60s, 100);
    limiter.record_failure("k", 0);
    limiter.record_failure("k", 0);
    EXPECT_GT(limiter.retry_after_seconds("k", 0), 0);
    limiter.clear("k");
    EXPECT_EQ(limiter.retry_after_seconds("k", 0), 0);
}

TEST(ServerAuthRateLimit, KeyCountIsBounded) {
    FailureLimiter limiter(1, 60s, 3);
    for (int i = 0; i < 10; ++i) limiter.record_failure("k" + std::to_string(i), 0);
    int limited = 0;
    for (int i = 0; i < 10; ++i) limited += limiter.retry_after_seconds("k" + std::to_string(i), 0) > 0;
    EXPECT_LE(limited, 3);
    EXPECT_GT(limiter.retry_after_seconds("k9", 0), 0) << "the newest key is kept";
}

}  // namespace
}  // namespace crm::server
