#include "mapping_cache.hpp"

#include <cstring>
#include <functional>

namespace unstuck::carriers::dhl {
namespace {

bool key_equals(const std::string& key, std::string_view code, std::string_view description,
                std::string_view status_text) noexcept {
    if (key.size() != code.size() + description.size() + status_text.size() + 3) return false;
    const char* p = key.data();
    for (std::string_view part : {code, description, status_text}) {
        if (!part.empty() && std::memcmp(p, part.data(), part.size()) != 0) return false;
        if (p[part.size()] != '\0') return false;
        p += part.size() + 1;
    }
    return true;
}

}  // namespace

std::uint64_t MappingCache::hash(std::string_view code, std::string_view description,
                                 std::string_view status_text) noexcept {
    std::hash<std::string_view> h;
    std::uint64_t x = h(description);
    x ^= h(status_text) + 0x9e3779b97f4a7c15ULL + (x << 6) + (x >> 2);
    x ^= h(code) + 0x9e3779b97f4a7c15ULL + (x << 6) + (x >> 2);
    return x;
}

const CodeMapping* MappingCache::find(std::uint64_t hash, std::string_view code, std::string_view description,
                                      std::string_view status_text) const noexcept {
    const Slot& slot = slots_[hash % kSlots];
    if (!slot.used || slot.hash != hash || !key_equals(slot.key, code, description, status_text))
        return nullptr;
    return &slot.mapping;
}

void MappingCache::add(std::uint64_t hash, std::string_view code, std::string_view description,
                       std::string_view status_text, const CodeMapping& mapping) noexcept {
    Slot& slot = slots_[hash % kSlots];
    slot.used = false;
    try {
        slot.key.clear();
        for (std::string_view part : {code, description, status_text}) {
            slot.key.append(part);
            slot.key.push_back('\0');
        }
    } catch (...) {
        return;
    }
    slot.hash = hash;
    slot.mapping = mapping;
    slot.used = true;
}

}  // namespace unstuck::carriers::dhl
