#include "runtime/token_bucket.hpp"

#include <algorithm>
#include <thread>

namespace unstuck::core {

TokenBucket::TokenBucket(double rate, int burst)
    : rate_(rate), capacity_(static_cast<double>(std::max(burst, 1))), tokens_(capacity_) {}

TokenBucket::Clock::duration TokenBucket::reserve(Clock::time_point now) {
    if (rate_ <= 0) return Clock::duration::zero();
    std::lock_guard lock(mutex_);
    if (started_ && now > last_) {
        std::chrono::duration<double> elapsed = now - last_;
        tokens_ = std::min(capacity_, tokens_ + elapsed.count() * rate_);
    }
    if (!started_ || now > last_) last_ = now;
    started_ = true;
    // The balance may go below zero: each caller owns the token it reserved and waits for it to be refilled.
    tokens_ -= 1;
    if (tokens_ >= 0) return Clock::duration::zero();
    return std::chrono::ceil<Clock::duration>(std::chrono::duration<double>(-tokens_ / rate_));
}

void TokenBucket::acquire() {
    auto wait = reserve(Clock::now());
    if (wait > Clock::duration::zero()) std::this_thread::sleep_for(wait);
}

}  // namespace unstuck::core
