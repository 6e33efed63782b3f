#include "detector.hpp"

#include <array>
#include <string>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::carriers::dhl {
namespace {

constexpr std::string_view kCarrier = "dhl";
constexpr std::array<std::string_view, 10> kEcommercePrefixes{"GM", "LX", "RX", "UV", "CN",
                                                              "SG", "TH", "IN", "HK", "MY"};

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}

bool all_upper(std::string_view s) {
    for (char c : s)
        if (!is_upper(c)) return false;
    return !s.empty();
}

// Uppercase, spaces removed; empty when a character is neither a letter nor a digit.
std::string compact(std::string_view number) {
    std::string out;
    out.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!is_upper(c) && kit::digit_value(c) < 0) return {};
        out.push_back(c);
    }
    return out;
}

bool express_valid(std::string_view n) {
    auto check = kit::mod7_check_digit(n.substr(0, n.size() - 1));
    return check && *check == kit::digit_value(n.back());
}

}  // namespace

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::vector<sdk::CarrierClaim> claims;
    const std::string n = compact(number);
    if (n.empty()) return claims;
    const std::string_view v = n;
    auto claim = [&](std::string_view service, sdk::CheckDigit verdict) {
        claims.push_back({std::string(kCarrier), std::string(service), verdict});
    };

    if ((v.size() == 10 || v.size() == 11) && kit::all_digits(v))
        claim("Express", sdk::check_digit_from(express_valid(v)));

    // Express piece id: J + 2 or 3 letters + 9 or 10 digits.
    if (v.size() >= 12 && v.size() <= 14 && v[0] == 'J') {
        for (std::size_t letters = 2; letters <= 3; ++letters) {
            std::string_view digits = v.substr(1 + letters);
            if (all_upper(v.substr(1, letters)) && kit::all_digits(digits) && digits.size() >= 9 &&
                digits.size() <= 10) {
                claim("Express piece", sdk::CheckDigit::kAbsent);
                break;
            }
        }
    }

    if (v.size() >= 12 && v.size() <= 41 && kit::all_digits(v.substr(2))) {
        for (std::string_view prefix : kEcommercePrefixes)
            if (v.starts_with(prefix)) claim("eCommerce", sdk::CheckDigit::kAbsent);
    }

    // UPU S10: two letters, 8 serial digits, check digit, country DE.
    if (v.size() == 13 && all_upper(v.substr(0, 2)) && kit::all_digits(v.substr(2, 9)) && v.ends_with("DE")) {
        auto check = kit::s10_check_digit(v.substr(2, 8));
        claim("Post & Parcel Germany (S10)",
              sdk::check_digit_from(check && *check == kit::digit_value(v[10])));
    }
    return claims;
}

}  // namespace unstuck::carriers::dhl
