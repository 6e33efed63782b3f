#include "detector.hpp"

#include <unstuck/kit/check_digit.hpp>

namespace @IDENT@ {

std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number) {
    if (number.size() != 11 || number.substr(0, 2) != "EX") return {};
    const std::string_view serial = number.substr(2, 8);
    if (!unstuck::kit::all_digits(serial) || !unstuck::kit::all_digits(number.substr(10))) return {};
    // Weights 3 and 1 from the left, as many mod 10 formats use.
    const auto expected = unstuck::kit::mod10_check_digit(serial, 3, 1);
    const bool holds = expected && *expected == unstuck::kit::digit_value(number[10]);
    return {{"@NAME@", "Standard", unstuck::sdk::check_digit_from(holds)}};
}

}  // namespace @IDENT@
