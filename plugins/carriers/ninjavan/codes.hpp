#pragma once
//! Ninja Van webhook events (v2 `event`, else `status`) mapped to the canonical model.

#include <span>
#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::ninjavan {

//! What one Ninja Van event means in the canonical model.
struct CodeMapping {
    std::string_view name;  //!< the event as Ninja Van writes it (compared without regard to case)
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the event starts (or is part of) a return to the sender
};

//! Every event the table knows: full names first, then the groups (`Delivery Exception`) a full name falls
//! back to (docs/carriers.md lists them).
std::span<const CodeMapping> code_table() noexcept;

//! The mapping of an event: its full name, else its group (the text before `, `); null when neither is known.
const CodeMapping* map_event(std::string_view event) noexcept;

}  // namespace unstuck::carriers::ninjavan
