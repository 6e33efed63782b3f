#include "detector.hpp"

#include <string>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::carriers::jnt {

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::vector<sdk::CarrierClaim> claims;
    std::string n;
    n.reserve(number.size());
    for (char c : number)
        if (c != ' ' && c != '\t') n.push_back(c);
    if (n.size() == 12 && n[0] == '6' && kit::all_digits(n))
        claims.push_back({"jnt", "Malaysia", sdk::CheckDigit::kAbsent});
    return claims;
}

}  // namespace unstuck::carriers::jnt
