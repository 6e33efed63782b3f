#include "detector.hpp"

namespace example {

std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number) {
    if (number.size() != 11 || number.substr(0, 2) != "EX") return {};
    int sum = 0;
    for (std::size_t i = 2; i < 10; ++i) {
        char c = number[i];
        if (c < '0' || c > '9') return {};
        sum += (c - '0') * (i % 2 == 0 ? 3 : 1);
    }
    char check = number[10];
    if (check < '0' || check > '9') return {};
    bool valid = (10 - sum % 10) % 10 == check - '0';
    return {{"example", "Standard", valid}};
}

}  // namespace example
