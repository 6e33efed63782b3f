#include "detector.hpp"

#include <array>
#include <string>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::carriers::fedex {
namespace {

constexpr std::string_view kCarrier = "fedex";

// Digits only, with the spaces people paste between groups removed; empty when anything else appears.
std::string compact_digits(std::string_view number) {
    std::string out;
    out.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '\t') continue;
        if (kit::digit_value(c) < 0) return {};
        out.push_back(c);
    }
    return out;
}

int last_digit(std::string_view s) {
    return kit::digit_value(s.back());
}

// Sum of digit × weight (weights from the left), mod 11, mod 10.
bool mod11_weighted(std::string_view serial, std::span<const int> weights, int check) {
    auto sum = kit::weighted_digit_sum(serial, weights);
    return sum && static_cast<int>(*sum % 11 % 10) == check;
}

bool express12(std::string_view n) {
    static constexpr std::array kWeights{3, 1, 7};  // = 1,3,7 counted from the right of the 11 serial digits
    return mod11_weighted(n.substr(0, 11), kWeights, last_digit(n));
}

bool serial13_mod11(std::string_view n) {  // Express 34 and Ground GSN: digits 20..32 are the serial
    static constexpr std::array kWeights{1, 7, 3};
    return mod11_weighted(n.substr(20, 13), kWeights, last_digit(n));
}

bool mod10(std::string_view payload, int even_weight, int odd_weight, int check) {
    auto expected = kit::mod10_check_digit(payload, even_weight, odd_weight);
    return expected && *expected == check;
}

}  // namespace

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::vector<sdk::CarrierClaim> claims;
    const std::string n = compact_digits(number);
    if (n.empty()) return claims;
    auto claim = [&](std::string_view service, bool valid) {
        claims.push_back({std::string(kCarrier), std::string(service), sdk::check_digit_from(valid)});
    };
    const std::string_view v = n;
    switch (v.size()) {
        case 12:
            claim("Express", express12(v));
            break;
        case 15:
            claim("Ground", mod10(v.substr(0, 14), 1, 3, last_digit(v)));
            break;
        case 18:
            claim("SSCC-18", mod10(v.substr(0, 17), 3, 1, last_digit(v)));
            break;
        case 20:  // SmartPost without its `92` application identifier
            claim("SmartPost", mod10("92" + n.substr(0, 19), 3, 1, last_digit(v)));
            break;
        case 22:
            if (v.starts_with("96")) claim("Ground 96", mod10(v.substr(7, 14), 1, 3, last_digit(v)));
            if (v.starts_with("92")) claim("SmartPost", mod10(v.substr(0, 21), 3, 1, last_digit(v)));
            break;
        case 34:
            if (v.starts_with("100")) claim("Express", serial13_mod11(v));
            if (v.starts_with("96")) claim("Ground GSN", serial13_mod11(v));
            break;
        default:
            break;
    }
    return claims;
}

}  // namespace unstuck::carriers::fedex
