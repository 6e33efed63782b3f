#pragma once
//! Ninja Van webhook bodies (v2) into the canonical shipment: Ninja Van has no tracking API to ask, so its
//! saved documents are the pushes themselves.

#include <cstdint>
#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::carriers::ninjavan {

//! The country assumed when nothing else is configured.
inline constexpr std::string_view kDefaultCountry = "MY";

//! Normalizes one saved webhook body or a JSON array of them into the shipment of one tracking id: the
//! context's number when given (bodies of other ids are left out), else the first body's. Each body is one
//! event; pushes Ninja Van repeated (same event and timestamp) are dropped as duplicates. A timestamp without
//! offset is read in the zone of its hub's country, else of `country`. Never throws: a malformed document is
//! a permanent error naming what is wrong; no body for the number is not-found.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context,
                           std::string_view country = kDefaultCountry) noexcept;

//! Reads a verified push body (one webhook body, or an array of them) into one update per tracking id. An
//! error names what is wrong.
sdk::Result<std::vector<sdk::TrackingUpdate>> read_push(std::string_view body,
                                                        std::string_view country = kDefaultCountry) noexcept;

//! How many events missing from the table were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::ninjavan
