// The rate limit: a bucket per caller, a burst then the rate, and how long to wait.
#include <gtest/gtest.h>

#include "serve/rate_limiter.hpp"

namespace unstuck::core {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, AllowsTheBurstThenTheRate) {
    RateLimiter limiter(2, 3);
    const auto t0 = RateLimiter::Clock::time_point{} + 100s;
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.take("a", t0).has_value()) << i;
    auto wait = limiter.take("a", t0);
    ASSERT_TRUE(wait.has_value());
    EXPECT_EQ(*wait, 1);
    EXPECT_FALSE(limiter.take("a", t0 + 500ms).has_value()) << "half a second earns one at 2/s";
    EXPECT_TRUE(limiter.take("a", t0 + 500ms).has_value());
}

TEST(RateLimiter, KeepsCallersApart) {
    RateLimiter limiter(1, 1);
    const auto t0 = RateLimiter::Clock::time_point{} + 100s;
    EXPECT_FALSE(limiter.take("token:erp", t0).has_value());
    EXPECT_TRUE(limiter.take("token:erp", t0).has_value());
    EXPECT_FALSE(limiter.take("client:127.0.0.1", t0).has_value());
}

TEST(RateLimiter, RetryAfterGrowsWithTheDebtAtASlowRate) {
    RateLimiter limiter(0.1, 1);
    const auto t0 = RateLimiter::Clock::time_point{} + 100s;
    EXPECT_FALSE(limiter.take("a", t0).has_value());
    EXPECT_EQ(limiter.take("a", t0).value(), 10);
}

TEST(RateLimiter, ZeroRateIsUnlimited) {
    RateLimiter limiter(0, 1);
    for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.take("a", RateLimiter::Clock::now()).has_value());
}

TEST(RateLimiter, ForgetsFullBucketsBeyondItsSize) {
    RateLimiter limiter(1, 1, 2);
    const auto t0 = RateLimiter::Clock::time_point{} + 100s;
    EXPECT_FALSE(limiter.take("a", t0).has_value());
    EXPECT_FALSE(limiter.take("b", t0).has_value());
    EXPECT_FALSE(limiter.take("c", t0).has_value()) << "a newcomer is served even when the table is full";
    EXPECT_TRUE(limiter.take("c", t0).has_value());
}

}  // namespace
}  // namespace unstuck::core
