#include "unstuck/kit/check_digit.hpp"

namespace unstuck::kit {

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

std::optional<int> mod11_check_digit(std::string_view digits, std::span<const int> weights) noexcept {
    if (digits.empty()) return std::nullopt;
    auto sum = weighted_digit_sum(digits, weights);
    if (!sum) return std::nullopt;
    return static_cast<int>((11 - *sum % 11) % 11);
}

std::optional<int> luhn_check_digit(std::string_view payload) noexcept {
    if (payload.empty()) return std::nullopt;
    int sum = 0;
    bool doubled = true;  // the rightmost payload digit sits next to the check digit
    for (std::size_t i = payload.size(); i-- > 0;) {
        int d = digit_value(payload[i]);
        if (d < 0) return std::nullopt;
        if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum = (sum + d) % 10;
        doubled = !doubled;
    }
    return (10 - sum) % 10;
}

bool luhn_valid(std::string_view number) noexcept {
    if (number.size() < 2) return false;
    auto check = luhn_check_digit(number.substr(0, number.size() - 1));
    return check && *check == digit_value(number.back());
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace unstuck::kit
