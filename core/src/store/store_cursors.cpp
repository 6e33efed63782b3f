// The store's page cursors: a kind prefix, then the place as hex (keys) and decimal (instants).
#include "store/store_cursors.hpp"

#include <charconv>

#include "unstuck/core/store/case_store.hpp"

namespace unstuck::core {
namespace {

constexpr std::string_view kOrderPrefix = "o1.";
constexpr std::string_view kDisputePrefix = "d1.";

std::string hex(std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() * 2);
    for (unsigned char c : text) {
        out += kDigits[c >> 4];
        out += kDigits[c & 0xf];
    }
    return out;
}

int nibble(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::optional<std::string> unhex(std::string_view text) {
    if (text.empty() || text.size() % 2 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 2);
    for (std::size_t i = 0; i < text.size(); i += 2) {
        int hi = nibble(text[i]);
        int lo = nibble(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>((hi << 4) | lo);
    }
    return out;
}

}  // namespace

std::string order_cursor(std::string_view order_key) {
    return std::string(kOrderPrefix) + hex(order_key);
}

std::optional<std::string> parse_order_cursor(std::string_view cursor) {
    if (!cursor.starts_with(kOrderPrefix)) return std::nullopt;
    return unhex(cursor.substr(kOrderPrefix.size()));
}

std::string dispute_cursor(const DisputeCursor& at) {
    return std::string(kDisputePrefix) + std::to_string(at.created_at_us) + "." + hex(at.key);
}

std::optional<DisputeCursor> parse_dispute_cursor(std::string_view cursor) {
    if (!cursor.starts_with(kDisputePrefix)) return std::nullopt;
    cursor.remove_prefix(kDisputePrefix.size());
    auto dot = cursor.find('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    DisputeCursor at;
    auto digits = cursor.substr(0, dot);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), at.created_at_us);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    auto key = unhex(cursor.substr(dot + 1));
    if (!key) return std::nullopt;
    at.key = std::move(*key);
    return at;
}

bool is_order_cursor(std::string_view cursor) noexcept {
    try {
        return cursor.empty() || parse_order_cursor(cursor).has_value();
    } catch (...) {
        return false;
    }
}

bool is_dispute_cursor(std::string_view cursor) noexcept {
    try {
        return cursor.empty() || parse_dispute_cursor(cursor).has_value();
    } catch (...) {
        return false;
    }
}

}  // namespace unstuck::core
