#pragma once
// A token bucket: at most `burst` requests at once, then `rate` per second on average. Private to core.

#include <chrono>
#include <mutex>

namespace unstuck::core {

//! Hands out one token per request; a caller that finds the bucket empty reserves a later token and waits.
class TokenBucket {
  public:
    using Clock = std::chrono::steady_clock;

    //! `rate` tokens per second (0 or less: unlimited), at most `burst` (at least 1) saved up.
    TokenBucket(double rate, int burst);

    //! Takes a token at `now`; returns how long the caller must wait before using it (zero when one was
    //! ready). Thread-safe; reservations are served in the order they are made.
    Clock::duration reserve(Clock::time_point now);

    //! Takes a token, sleeping until it is due.
    void acquire();

  private:
    std::mutex mutex_;
    double rate_;
    double capacity_;
    double tokens_;
    Clock::time_point last_{};
    bool started_ = false;
};

}  // namespace unstuck::core
