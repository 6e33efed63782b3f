#pragma once
//! AfterShip tags and subtags mapped to the canonical model.

#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::aftership {

//! What one AfterShip checkpoint means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the checkpoint starts (or belongs to) a return to the sender
    bool known = false;       //!< false when the subtag (or, without one, the tag) is not in the tables
};

//! Maps a checkpoint by its `subtag` (e.g. `Exception_013`); without a subtag, by its `tag` (`Delivered` as
//! `Delivered_001`). `InTransit_001` without a place is information only (not physical). An unknown subtag is
//! UNKNOWN/other with `known` false, whatever its tag.
CodeMapping map_checkpoint(std::string_view tag, std::string_view subtag, bool has_location) noexcept;

}  // namespace unstuck::carriers::aftership
