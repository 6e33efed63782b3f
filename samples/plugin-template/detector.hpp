#pragma once
// Which tracking numbers belong to Example Parcel Co.: "EX" + 9 digits, the last a mod-10 check digit.

#include <string_view>
#include <vector>

#include <unstuck/sdk/carrier.hpp>

namespace example {

std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number);

}  // namespace example
