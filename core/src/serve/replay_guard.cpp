#include "serve/replay_guard.hpp"

#include "unstuck/kit/signature.hpp"

namespace unstuck::core {

ReplayGuard::ReplayGuard(std::chrono::seconds window, std::size_t capacity)
    : window_(window), capacity_(capacity == 0 ? 1 : capacity) {}

std::string ReplayGuard::key_of(std::string_view plugin, std::string_view delivery_id,
                                std::string_view body) {
    std::string key(plugin);
    if (delivery_id.empty()) {
        key += "\nsha256:";
        key += kit::to_hex(kit::sha256(body));
    } else {
        key += "\nid:";
        key += delivery_id;
    }
    return key;
}

ReplayGuard::Verdict ReplayGuard::check(const std::optional<sdk::Timestamp>& signed_at,
                                        const std::string& key, sdk::Timestamp now) {
    if (signed_at && (*signed_at < now - window_ || *signed_at > now + window_))
        return Verdict::kOutsideWindow;
    std::lock_guard lock(mutex_);
    expire(now);
    if (seen_.count(key)) return Verdict::kSeen;
    while (seen_.size() >= capacity_ && !arrival_.empty()) {
        auto& [at, oldest] = arrival_.front();
        if (auto it = seen_.find(oldest); it != seen_.end() && it->second == at) seen_.erase(it);
        arrival_.pop_front();
    }
    seen_.emplace(key, now);
    arrival_.emplace_back(now, key);
    return Verdict::kFresh;
}

void ReplayGuard::forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    seen_.erase(key);  // its arrival entry no longer matches and is dropped when it expires
}

std::size_t ReplayGuard::size() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

void ReplayGuard::expire(sdk::Timestamp now) {
    while (!arrival_.empty() && arrival_.front().first + window_ < now) {
        auto& [at, key] = arrival_.front();
        if (auto it = seen_.find(key); it != seen_.end() && it->second == at) seen_.erase(it);
        arrival_.pop_front();
    }
}

}  // namespace unstuck::core
