#pragma once
//! Which UPS tracking numbers this plugin claims: the 1Z format with its mod 10 check digit.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::ups {

//! Claims `1Z` + 15 letters or digits + a check digit (spaces ignored, any case): service `1Z`, with whether
//! the mod 10 check digit holds (letters count as (ASCII - 3) mod 10, odd positions doubled).
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::ups
