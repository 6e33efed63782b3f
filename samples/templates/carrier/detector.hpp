#pragma once
// Which tracking numbers belong to @DISPLAY_NAME@: "EX" and 9 digits, the last a mod 10 check digit.

#include <string_view>
#include <vector>

#include <unstuck/sdk/carrier.hpp>

namespace @IDENT@ {

//! The claims on `number`: one `Standard` claim with the check digit's verdict, or none.
std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number);

}  // namespace @IDENT@
