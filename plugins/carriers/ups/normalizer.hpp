#pragma once
//! UPS Track API v1 (GET /api/track/v1/details/{inquiryNumber}) responses into the canonical shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::ups {

//! Normalizes a Track API response document (or its error document). Warning TW0001 (with HTTP 200) is a
//! typed not-found; several packages with the same number (a recycled number) are narrowed to one as model.md
//! says. Never throws: a malformed document is a permanent error naming what is wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! How many activities with a code missing from the UPS tables were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::ups
