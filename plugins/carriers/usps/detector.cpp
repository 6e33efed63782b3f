#include "carriers/usps/detector.hpp"

#include <string>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::carriers::usps {
namespace {

bool is_letter(char c) {
    return c >= 'A' && c <= 'Z';
}

// An IMpb without routing prefix: 22 or 26 digits, the first a 9, the last the check digit.
bool impb_check_holds(std::string_view digits) {
    auto expected = kit::mod10_check_digit(digits.substr(0, digits.size() - 1), 3, 1, true);
    return expected && *expected == kit::digit_value(digits.back());
}

bool impb_shape(std::string_view digits) {
    return (digits.size() == 22 || digits.size() == 26) && digits[0] == '9';
}

}  // namespace

std::vector<sdk::CarrierClaim> detect(std::string_view number) {
    std::string n;
    n.reserve(number.size());
    for (char c : number) {
        if (c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        n += c;
    }
    std::vector<sdk::CarrierClaim> claims;
    if (kit::all_digits(n)) {
        std::string_view v(n);
        if (impb_shape(v)) {
            claims.push_back({"usps", "IMpb", sdk::check_digit_from(impb_check_holds(v))});
        } else if (v.size() == 30 || v.size() == 34) {
            // 420 + ZIP5 or ZIP+4, then the barcode; 34 digits may also be 420 + ZIP5 + a 26-digit barcode.
            bool shaped = false, valid = false;
            if (v.substr(0, 3) == "420") {
                for (std::size_t prefix : {std::size_t{8}, std::size_t{12}}) {
                    if (v.size() <= prefix) continue;
                    std::string_view rest = v.substr(prefix);
                    if (!impb_shape(rest)) continue;
                    shaped = true;
                    valid = valid || impb_check_holds(rest);
                }
            }
            if (shaped) claims.push_back({"usps", "IMpb (420 ZIP routing)", sdk::check_digit_from(valid)});
        }
    } else if (n.size() == 13 && is_letter(n[0]) && is_letter(n[1]) &&
               kit::all_digits(std::string_view(n).substr(2, 9)) && is_letter(n[11]) && is_letter(n[12])) {
        auto expected = kit::s10_check_digit(std::string_view(n).substr(2, 8));
        claims.push_back({"usps", "S10 (" + n.substr(11, 2) + ")",
                          sdk::check_digit_from(expected && *expected == kit::digit_value(n[10]))});
    }
    return claims;
}

}  // namespace unstuck::carriers::usps
