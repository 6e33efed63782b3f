#include "carriers/common/check_digit.hpp"

namespace unstuck::carriers {

std::optional<int> mod10_char_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z') return (c - 3) % 10;
    return std::nullopt;
}

std::optional<int> mod10_check_digit(std::string_view payload, int even_weight, int odd_weight,
                                     bool from_right) noexcept {
    if (payload.empty()) return std::nullopt;
    long long sum = 0;
    const std::size_t n = payload.size();
    for (std::size_t i = 0; i < n; ++i) {
        auto v = mod10_char_value(payload[i]);
        if (!v) return std::nullopt;
        std::size_t pos = from_right ? n - 1 - i : i;
        sum += static_cast<long long>(*v) * (pos % 2 == 0 ? even_weight : odd_weight);
    }
    return static_cast<int>((10 - sum % 10) % 10);
}

std::optional<int> mod7_check_digit(std::string_view digits) noexcept {
    if (digits.empty()) return std::nullopt;
    int rem = 0;
    for (char c : digits) {
        int d = digit_value(c);
        if (d < 0) return std::nullopt;
        rem = (rem * 10 + d) % 7;
    }
    return rem;
}

std::optional<int> s10_check_digit(std::string_view serial) noexcept {
    static constexpr int kWeights[] = {8, 6, 4, 2, 3, 5, 9, 7};
    if (serial.size() != 8) return std::nullopt;
    auto sum = weighted_digit_sum(serial, kWeights);
    if (!sum) return std::nullopt;
    int r = 11 - static_cast<int>(*sum % 11);
    if (r == 10) return 0;
    if (r == 11) return 5;
    return r;
}

std::optional<long long> weighted_digit_sum(std::string_view digits, std::span<const int> weights) noexcept {
    if (weights.empty()) return std::nullopt;
    long long sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        int d = digit_value(digits[i]);
        if (d < 0) return std::nullopt;
        sum += static_cast<long long>(d) * weights[i % weights.size()];
    }
    return sum;
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace unstuck::carriers
