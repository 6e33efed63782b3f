// The HTTP client's rate limiter, driven with made-up instants (no sleeping, no timing).

#include "runtime/token_bucket.hpp"

#include <gtest/gtest.h>

namespace unstuck::core {
namespace {

using namespace std::chrono_literals;
using Clock = TokenBucket::Clock;

TEST(TokenBucket, LetsABurstThroughThenSpacesRequestsAtTheRate) {
    TokenBucket bucket(10, 2);  // 10 per second: one token every 100 ms
    const Clock::time_point t0{1h};
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0), Clock::duration(100ms));
    EXPECT_EQ(bucket.reserve(t0), Clock::duration(200ms));
}

TEST(TokenBucket, RefillsWithTimeButNoFurtherThanTheBurst) {
    TokenBucket bucket(10, 2);
    const Clock::time_point t0{1h};
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    // After 100 ms one token is back.
    EXPECT_EQ(bucket.reserve(t0 + 100ms), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0 + 100ms), Clock::duration(100ms));
    // After a long pause the bucket is full again, but holds only `burst` tokens.
    const auto later = t0 + 1h;
    EXPECT_EQ(bucket.reserve(later), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(later), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(later), Clock::duration(100ms));
}

TEST(TokenBucket, ReservationsWaitInTurn) {
    TokenBucket bucket(4, 1);  // one token every 250 ms
    const Clock::time_point t0{1h};
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0), Clock::duration(250ms));
    // A caller 100 ms later queues behind the one already waiting.
    EXPECT_EQ(bucket.reserve(t0 + 100ms), Clock::duration(400ms));
}

TEST(TokenBucket, NeverWaitsWithoutARate) {
    TokenBucket bucket(0, 1);
    const Clock::time_point t0{1h};
    for (int i = 0; i < 100; ++i) EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
}

TEST(TokenBucket, TreatsABurstBelowOneAsOne) {
    TokenBucket bucket(10, 0);
    const Clock::time_point t0{1h};
    EXPECT_EQ(bucket.reserve(t0), Clock::duration::zero());
    EXPECT_EQ(bucket.reserve(t0), Clock::duration(100ms));
}

}  // namespace
}  // namespace unstuck::core
