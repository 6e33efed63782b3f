#pragma once
//! Which tracking numbers USPS claims: Intelligent Mail package barcodes and UPU S10 international numbers.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::usps {

//! Claims (spaces ignored, any case):
//! - IMpb: 22 or 26 digits starting with 9, or the same behind a `420` + ZIP (5 or 9 digits) routing prefix
//!   (30 or 34 digits); mod 10 check digit with weights 3 and 1 from the right, the routing prefix excluded;
//! - S10: 2 letters, 8 digits, a check digit (mod 11, weights 8 6 4 2 3 5 9 7), a 2-letter country code.
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::usps
