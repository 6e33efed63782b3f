#pragma once
//! The 13 canonical tracking statuses of the model.

#include <cstdint>
#include <optional>
#include <string_view>

namespace unstuck::sdk {

//! Canonical tracking status of an event or a shipment.
enum class TrackingStatus : std::uint8_t {
    kUnknown,
    kInfoReceived,
    kPickedUp,
    kInTransit,
    kOutForDelivery,
    kAvailableForPickup,
    kAttemptFailed,
    kDelivered,
    kException,
    kReturning,
    kReturned,
    kCancelled,
    kExpired,
};

//! The status's JSON name, e.g. `PICKED_UP`.
std::string_view to_string(TrackingStatus status) noexcept;

//! The status for a JSON name, or nothing when the name is not one of the 13.
std::optional<TrackingStatus> parse_tracking_status(std::string_view name) noexcept;

//! True when `substatus` is listed for `status` in the model (`other` is valid for every status).
bool is_valid_substatus(TrackingStatus status, std::string_view substatus) noexcept;

//! The default of `physical_scan` for an event of this status: false for UNKNOWN, INFO_RECEIVED, CANCELLED,
//! EXPIRED.
bool default_physical_scan(TrackingStatus status) noexcept;

}  // namespace unstuck::sdk
