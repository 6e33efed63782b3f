#include "carriers/ups/detector.hpp"

#include <string>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::carriers::ups {

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::string n;
    n.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        n += c;
    }
    if (n.size() != 18 || n[0] != '1' || n[1] != 'Z') return {};
    std::string_view payload = std::string_view(n).substr(2, 15);
    for (char c : payload)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return {};
    int check = kit::digit_value(n[17]);
    if (check < 0) return {};
    auto expected = kit::mod10_check_digit(payload, 1, 2);
    return {sdk::CarrierClaim{"ups", "1Z", sdk::check_digit_from(expected && *expected == check)}};
}

}  // namespace unstuck::carriers::ups
