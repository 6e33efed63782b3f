#pragma once
// Private: refuses a webhook delivery signed outside the replay window, or seen before within it.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! The deliveries of the last `window`, by plugin and delivery id (or body digest). Thread-safe; holds at
//! most `capacity` deliveries (the oldest are forgotten first) and forgets each one `window` after it came.
class ReplayGuard {
  public:
    //! What check() found.
    enum class Verdict : std::uint8_t {
        kFresh,          //!< new: now remembered
        kOutsideWindow,  //!< signed more than `window` before or after now
        kSeen,           //!< the same delivery came within the window
    };

    explicit ReplayGuard(std::chrono::seconds window, std::size_t capacity = 100000);

    //! The key of a delivery: the plugin and its delivery id, else the SHA-256 of the body.
    static std::string key_of(std::string_view plugin, std::string_view delivery_id, std::string_view body);

    //! Checks `signed_at` (when the scheme signs a time) against `now`, then whether `key` came within the
    //! window; a fresh delivery is remembered from `now`.
    Verdict check(const std::optional<sdk::Timestamp>& signed_at, const std::string& key, sdk::Timestamp now);
    //! Forgets a delivery (one that could not be processed, so that the sender's retry gets through).
    void forget(const std::string& key);

    //! Deliveries remembered now.
    std::size_t size() const;

  private:
    void expire(sdk::Timestamp now);

    std::chrono::seconds window_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, sdk::Timestamp> seen_;        // key to when it came
    std::deque<std::pair<sdk::Timestamp, std::string>> arrival_;  // oldest first
};

}  // namespace unstuck::core
