#pragma once
//! Which FedEx services claim a tracking number, by format and check digit.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::fedex {

//! Every FedEx format the number matches (spaces ignored), each with its check-digit verdict:
//! Express 12 digits (weights 1,3,7 from the right, mod 11 mod 10), Express 34 digits (`100` prefix, weights
//! 1,7,3 on the 13-digit serial, mod 11 mod 10), Ground 15 digits (mod 10, weights 1/3), Ground 96 22 digits
//! (mod 10 on the 14-digit serial), Ground GSN 34 digits (`96` prefix, like Express 34), SmartPost 20/22
//! digits
//! (`92` application identifier, mod 10 weights 3/1) and SSCC-18 (mod 10 weights 3/1).
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::fedex
