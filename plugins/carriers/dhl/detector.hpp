#pragma once
//! Which DHL services claim a tracking number, by format and check digit.

#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::dhl {

//! Every DHL format the number matches (spaces ignored, letters case-insensitive):
//! Express waybill of 10 or 11 digits (the last digit is the rest mod 7), Express piece id (`J` + 2–3 letters
//! + 9–10 digits), eCommerce (GM, LX, RX, UV, CN, SG, TH, IN, HK or MY + 10–39 digits) and Post & Parcel
//! Germany international items in the UPU S10 form ending in `DE` (S10 check digit). Formats without a check
//! digit report it as holding.
std::vector<sdk::CarrierClaim> detect(std::string_view number);

}  // namespace unstuck::carriers::dhl
