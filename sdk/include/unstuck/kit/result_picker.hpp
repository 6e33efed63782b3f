#pragma once
//! Choosing one result when a carrier returns several for one tracking number (a recycled number).

#include <cstddef>
#include <span>
#include <string>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::kit {

//! The index of the result to keep among finalized shipments: where the order's creation is
//! known, the one whose events all fall at or after it (the latest scan among several such); otherwise, or
//! when none does, the one with the latest scan. `warning` (when given) receives a sentence saying which was
//! kept and why. An empty span gives 0.
std::size_t pick_result(std::span<const sdk::Shipment> candidates, const sdk::TrackContext& context,
                        std::string* warning = nullptr);

}  // namespace unstuck::kit
