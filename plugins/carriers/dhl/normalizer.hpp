#pragma once
//! DHL Shipment Tracking - Unified (GET /track/shipments) responses into the canonical shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::dhl {

//! Normalizes a Shipment Tracking - Unified response document. The API's 404 problem document ("No result
//! found") is a typed not-found, as is an empty `shipments` list; several shipments for the number are
//! narrowed to one as model.md says. Never throws: a malformed document is a permanent error naming what is
//! wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! How many events with a code missing from the tables were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::dhl
