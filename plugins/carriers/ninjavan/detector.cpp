#include "detector.hpp"

#include <array>
#include <string>

namespace unstuck::carriers::ninjavan {
namespace {

constexpr std::array<std::string_view, 7> kCountries{"SG", "MY", "ID", "PH", "TH", "VN", "MM"};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

}  // namespace

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::vector<sdk::CarrierClaim> claims;
    std::string n;
    n.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!is_digit(c) && (c < 'A' || c > 'Z')) return claims;
        n.push_back(c);
    }
    if (n.size() < 12 || n.size() > 30 || !n.starts_with("NV")) return claims;
    std::size_t digits = 0;
    while (digits < n.size() && is_digit(n[n.size() - 1 - digits])) ++digits;
    if (digits < 6) return claims;
    const std::string_view country = std::string_view(n).substr(2, 2);
    for (std::string_view c : kCountries)
        if (c == country) claims.push_back({"ninjavan", std::string(c), sdk::CheckDigit::kAbsent});
    return claims;
}

}  // namespace unstuck::carriers::ninjavan
