#include "unstuck/core/runtime/redactor.hpp"

#include <algorithm>

namespace unstuck::core {

Redactor& Redactor::global() {
    static Redactor instance;
    return instance;
}

void Redactor::add(std::string value) {
    if (value.size() < 4) return;
    std::lock_guard lock(mutex_);
    if (std::find(secrets_.begin(), secrets_.end(), value) == secrets_.end())
        secrets_.push_back(std::move(value));
    // Longer secrets first, so one that contains another is redacted whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Redactor::redact(std::string_view text) const {
    std::string out(text);
    std::lock_guard lock(mutex_);
    for (const auto& secret : secrets_) {
        for (std::size_t pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3))
            out.replace(pos, secret.size(), "***");
    }
    return out;
}

}  // namespace unstuck::core
