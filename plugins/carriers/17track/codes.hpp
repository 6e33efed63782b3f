#pragma once
//! 17TRACK sub-statuses and key stages mapped to the canonical model.

#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::track17 {

//! What one 17TRACK event means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the event starts (or belongs to) a return to the sender
    bool known = false;       //!< false when neither code is in the tables (UNKNOWN/other)
};

//! Maps an event by its `sub_status` (e.g. `Exception_Lost`); an event without a known one is mapped by its
//! `stage` (`PickedUp`, `Departure`, `Arrival`, ...); `InTransit_Other` is refined by a Departure or Arrival
//! stage. Neither known: UNKNOWN/other with `known` false.
CodeMapping map_event(std::string_view sub_status, std::string_view stage) noexcept;

}  // namespace unstuck::carriers::track17
