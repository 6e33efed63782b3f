#pragma once
// Private: a pushed shipment merged into the one the store held for the package.

#include <optional>
#include <string_view>

#include "unstuck/sdk/model.hpp"

namespace unstuck::core {

//! `stored` (none: nothing yet) with the events of `pushed` it does not hold (same code, instant and location
//! is the same event), pushed proof of delivery and estimate winning, then finalized (sorted, statuses
//! derived). The result names `carrier` and `tracking_number`; its warnings are the push's.
sdk::Shipment merge_pushed(std::optional<sdk::Shipment> stored, const sdk::Shipment& pushed,
                           std::string_view carrier, std::string_view tracking_number);

}  // namespace unstuck::core
