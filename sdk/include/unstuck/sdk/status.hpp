#pragma once
//! The 13 canonical tracking statuses of the model and, for each, the substatuses it allows (`kStatusModel`).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
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

//! The substatuses each status allows, one list per status (`other` is allowed for every status and is not
//! listed). `kStatusModel` gathers them; docs/model.md has the same table.
namespace substatuses {
//! INFO_RECEIVED: the carrier knows the shipment, nothing has moved.
inline constexpr std::string_view kInfoReceived[] = {"label_created", "pickup_scheduled", "pickup_failed"};
//! PICKED_UP: the carrier has the parcel.
inline constexpr std::string_view kPickedUp[] = {"picked_up", "dropped_off"};
//! IN_TRANSIT: moving through the network.
inline constexpr std::string_view kInTransit[] = {"arrived_facility",
                                                  "departed_facility",
                                                  "processed",
                                                  "customs_processing",
                                                  "customs_released",
                                                  "customs_info_required",
                                                  "arrived_destination_country",
                                                  "handed_to_last_mile",
                                                  "forwarded",
                                                  "info_only"};
//! OUT_FOR_DELIVERY: on the vehicle for delivery.
inline constexpr std::string_view kOutForDelivery[] = {"out_for_delivery", "customer_contacted",
                                                       "appointment"};
//! AVAILABLE_FOR_PICKUP: waiting at a point for the recipient.
inline constexpr std::string_view kAvailableForPickup[] = {"at_point", "final_notice"};
//! ATTEMPT_FAILED: a delivery attempt that did not deliver.
inline constexpr std::string_view kAttemptFailed[] = {
    "recipient_unavailable", "business_closed", "address_issue", "no_access",
    "signature_required",    "cod_unpaid",      "rescheduled"};
//! DELIVERED: in the recipient's hands or place.
inline constexpr std::string_view kDelivered[] = {"delivered", "signed", "collected",    "safe_place",
                                                  "neighbour", "locker", "cod_collected"};
//! EXCEPTION: something stops or delays the parcel.
inline constexpr std::string_view kException[] = {"delayed",
                                                  "weather",
                                                  "processing_delay",
                                                  "late_flight",
                                                  "held",
                                                  "held_for_payment",
                                                  "customs_hold",
                                                  "documents_missing",
                                                  "address_incorrect",
                                                  "damaged",
                                                  "lost",
                                                  "disposed",
                                                  "rejected_by_carrier",
                                                  "unclaimed"};
//! RETURNING: on its way back to the sender.
inline constexpr std::string_view kReturning[] = {"initiated", "refused", "unclaimed", "undeliverable"};
}  // namespace substatuses

//! One row of the model: a status, its JSON name and the substatuses it allows besides `other`.
struct StatusEntry {
    TrackingStatus status;                          //!< the status
    std::string_view name;                          //!< its JSON name, e.g. `IN_TRANSIT`
    std::span<const std::string_view> substatuses;  //!< its own substatuses; empty: only `other`
};

//! The model: every status in enum order with its substatuses. UNKNOWN, RETURNED, CANCELLED and EXPIRED
//! allow only `other`. A shipment whose event carries a substatus not listed under its status breaks the
//! model, and the host refuses it.
inline constexpr std::array<StatusEntry, 13> kStatusModel{{
    {TrackingStatus::kUnknown, "UNKNOWN", {}},
    {TrackingStatus::kInfoReceived, "INFO_RECEIVED", substatuses::kInfoReceived},
    {TrackingStatus::kPickedUp, "PICKED_UP", substatuses::kPickedUp},
    {TrackingStatus::kInTransit, "IN_TRANSIT", substatuses::kInTransit},
    {TrackingStatus::kOutForDelivery, "OUT_FOR_DELIVERY", substatuses::kOutForDelivery},
    {TrackingStatus::kAvailableForPickup, "AVAILABLE_FOR_PICKUP", substatuses::kAvailableForPickup},
    {TrackingStatus::kAttemptFailed, "ATTEMPT_FAILED", substatuses::kAttemptFailed},
    {TrackingStatus::kDelivered, "DELIVERED", substatuses::kDelivered},
    {TrackingStatus::kException, "EXCEPTION", substatuses::kException},
    {TrackingStatus::kReturning, "RETURNING", substatuses::kReturning},
    {TrackingStatus::kReturned, "RETURNED", {}},
    {TrackingStatus::kCancelled, "CANCELLED", {}},
    {TrackingStatus::kExpired, "EXPIRED", {}},
}};

//! The substatuses `status` allows besides `other` (its row of `kStatusModel`).
constexpr std::span<const std::string_view> substatuses_of(TrackingStatus status) noexcept {
    return kStatusModel[static_cast<std::size_t>(status)].substatuses;
}

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
