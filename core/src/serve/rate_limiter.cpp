#include "serve/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace unstuck::core {

RateLimiter::RateLimiter(double rate, double burst, std::size_t max_keys)
    : rate_(rate), burst_(std::max(1.0, burst)), max_keys_(std::max<std::size_t>(1, max_keys)) {}

void RateLimiter::forget_full(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        const double elapsed = std::chrono::duration<double>(now - it->second.last).count();
        if (it->second.tokens + elapsed * rate_ >= burst_)
            it = buckets_.erase(it);
        else
            ++it;
    }
}

std::optional<long> RateLimiter::take(const std::string& key, Clock::time_point now) {
    if (rate_ <= 0) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (buckets_.size() >= max_keys_) forget_full(now);
        // Still full of callers that are all over their limit: the newcomer starts with a full bucket in
        // place of the stalest.
        if (buckets_.size() >= max_keys_)
            buckets_.erase(
                std::min_element(buckets_.begin(), buckets_.end(),
                                 [](const auto& a, const auto& b) { return a.second.last < b.second.last; }));
        it = buckets_.emplace(key, Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    if (now > b.last) {
        b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.last).count() * rate_);
        b.last = now;
    }
    if (b.tokens >= 1) {
        b.tokens -= 1;
        return std::nullopt;
    }
    return std::max(1L, static_cast<long>(std::ceil((1 - b.tokens) / rate_)));
}

}  // namespace unstuck::core
