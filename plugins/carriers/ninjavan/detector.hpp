#pragma once
//! Which Ninja Van tracking ids the plugin claims, by format.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::ninjavan {

//! Ninja Van tracking ids of the form `NV` + the country of the shipper's account (SG, MY, ID, PH, TH, VN or
//! MM) + the shipper's prefix and number: 12 to 30 letters and digits in all, ending in at least six digits
//! (`NVSGFSMDM010203125`); spaces ignored, letters in any case. Service: the country code. No check digit
//! (`absent`).
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::ninjavan
