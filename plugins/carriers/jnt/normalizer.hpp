#pragma once
//! J&T Express Open Platform tracking documents (the trace response and the tracking push) into the canonical
//! shipment.

#include <cstdint>
#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::jnt {

//! The tenant's country when nothing else is configured: the Malaysia tenant.
inline constexpr std::string_view kDefaultCountry = "MY";

//! Normalizes a `/api/logistics/trace` response `{"code": 1, "msg": "success", "data": [{"billCode",
//! "details": [...]}]}`. Scan times without a `timeZone` are read in the zone of `country` (the tenant's, ISO
//! alpha-2). A code other than 1 is a typed error (docs/carriers.md lists them); no bill, or a bill without
//! scans, is not-found. Never throws: a malformed document is a permanent error naming what is wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context,
                           std::string_view country = kDefaultCountry) noexcept;

//! Reads a tracking push's `bizContent` (a JSON array of `{"billCode", "details": [...]}`, or one such
//! object) into one update per bill. An error names what is wrong; a push without any bill is one.
sdk::Result<std::vector<sdk::TrackingUpdate>> read_push(std::string_view biz_content,
                                                        std::string_view country = kDefaultCountry) noexcept;

//! How many scans with a code missing from the table were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::jnt
