#pragma once
//! FedEx Track API (POST /track/v1/trackingnumbers) responses into the canonical shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::fedex {

//! Normalizes a Track API response document. TRACKING.TRACKINGNUMBER.NOTFOUND (HTTP 200, per number) is a
//! typed not-found; several results for the number (a recycled number) are narrowed to one as model.md says.
//! Never throws: a malformed document is a permanent error naming what is wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! How many events with a code missing from the tables were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::fedex
