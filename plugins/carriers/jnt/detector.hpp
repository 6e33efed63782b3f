#pragma once
//! Which J&T Express tracking numbers the plugin claims, by format.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::jnt {

//! J&T Express Malaysia bill codes: 12 digits starting with 6 (`630002864925`), spaces ignored, service
//! `Malaysia`. The format has no check digit (`absent`).
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::jnt
