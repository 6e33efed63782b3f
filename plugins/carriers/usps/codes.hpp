#pragma once
//! USPS tracking event codes (Publication 199, Appendix G-4) → canonical status: the one table of the USPS
//! plugin.

#include <optional>
#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::usps {

//! What one USPS event code means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical =
        true;  //!< false for information-only lines (TL "In Transit to Next Facility", MA manifest)
    bool return_leg = false;  //!< true for the return-to-sender codes
};

//! The mapping of an `eventCode` (`"01"`, `"OF"`, ...), or none when USPS's table does not list it.
std::optional<CodeMapping> map_event_code(std::string_view event_code) noexcept;

}  // namespace unstuck::carriers::usps
