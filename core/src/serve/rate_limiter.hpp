#pragma once
// Private: the API's rate limit, one token bucket per caller (an API token's name, else the client's
// address).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace unstuck::core {

//! Token buckets by key: `burst` requests at once, then `rate` a second. Thread-safe.
class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    //! `rate` requests a second per key (0 or less: unlimited), `burst` (at least 1) saved up; at most
    //! `max_keys` buckets are kept (full ones are forgotten first).
    RateLimiter(double rate, double burst, std::size_t max_keys = 10000);

    //! Takes a request for `key` at `now`: none when allowed, else the seconds until one would be (at
    //! least 1, rounded up, for `Retry-After`).
    std::optional<long> take(const std::string& key, Clock::time_point now);

  private:
    struct Bucket {
        double tokens = 0;
        Clock::time_point last{};
    };
    void forget_full(Clock::time_point now);

    std::mutex mutex_;
    double rate_;
    double burst_;
    std::size_t max_keys_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace unstuck::core
