#pragma once
//! USPS Tracking API v3 (GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL) responses into the
//! canonical shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::usps {

//! Normalizes a tracking details document, an array of them (several mail pieces for one number: a recycled
//! number, narrowed to one as model.md says), or USPS's error document (`{"apiVersion", "error": {"code",
//! "message", "errors"}}`, code 404 is a typed not-found). Never throws.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! How many events with a code missing from the USPS table were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::usps
