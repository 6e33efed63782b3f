#pragma once
//! UPS Track API codes → canonical status: the one table of the UPS plugin.

#include <optional>
#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::ups {

//! What one UPS code means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical = true;     //!< false for information-only lines (requests, confirmations, ETA updates)
    bool return_leg = false;  //!< true when the event starts (or belongs to) a return to sender
};

//! The mapping of an activity's 3-digit `status.statusCode` (`"038"`; `"38"` too), or none when the code is
//! not in UPS's table or says only "status not available" (000).
std::optional<CodeMapping> map_status_code(std::string_view status_code) noexcept;

//! True for the statusCodes that only say "On the Way" (005, 010, 025, 039, 047, 087, 158, 159, 164, 165):
//! the activity code (`status.code`) then says more.
bool is_generic_status_code(std::string_view status_code) noexcept;

//! The mapping of an activity code (`status.code`) that UPS documents: OR/PU picked up, AR arrival scan,
//! DP departure scan, OT out for delivery, MP label created, F4/KB delivered; none otherwise.
std::optional<CodeMapping> map_activity_code(std::string_view code) noexcept;

//! The mapping of the activity type letter (`status.type`): M, MV, I, D, X, P, U, DO, DD, W, NA.
std::optional<CodeMapping> map_status_type(std::string_view type) noexcept;

//! The decision for one activity: a specific statusCode wins; a generic one is refined by the activity code;
//! then the activity code, then the type letter. `known` is false when none of them is in UPS's tables (the
//! result is then UNKNOWN/other).
CodeMapping map_activity(std::string_view type, std::string_view code, std::string_view status_code,
                         bool& known) noexcept;

}  // namespace unstuck::carriers::ups
