#include "unstuck/sdk/status.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace unstuck::sdk {
namespace {

struct StatusInfo {
    std::string_view name;
    std::initializer_list<std::string_view> substatuses;
};

// The model's table of statuses and their substatuses, in enum order.
const std::array<StatusInfo, 13> kStatuses{{
    {"UNKNOWN", {}},
    {"INFO_RECEIVED", {"label_created", "pickup_scheduled", "pickup_failed"}},
    {"PICKED_UP", {"picked_up", "dropped_off"}},
    {"IN_TRANSIT",
     {"arrived_facility", "departed_facility", "processed", "customs_processing", "customs_released",
      "customs_info_required", "arrived_destination_country", "handed_to_last_mile", "forwarded",
      "info_only"}},
    {"OUT_FOR_DELIVERY", {"out_for_delivery", "customer_contacted", "appointment"}},
    {"AVAILABLE_FOR_PICKUP", {"at_point", "final_notice"}},
    {"ATTEMPT_FAILED",
     {"recipient_unavailable", "business_closed", "address_issue", "no_access", "signature_required",
      "cod_unpaid", "rescheduled"}},
    {"DELIVERED", {"delivered", "signed", "collected", "safe_place", "neighbour", "locker", "cod_collected"}},
    {"EXCEPTION",
     {"delayed", "weather", "processing_delay", "late_flight", "held", "held_for_payment", "customs_hold",
      "documents_missing", "address_incorrect", "damaged", "lost", "disposed", "rejected_by_carrier",
      "unclaimed"}},
    {"RETURNING", {"initiated", "refused", "unclaimed", "undeliverable"}},
    {"RETURNED", {}},
    {"CANCELLED", {}},
    {"EXPIRED", {}},
}};

}  // namespace

std::string_view to_string(TrackingStatus status) noexcept {
    return kStatuses[static_cast<std::size_t>(status)].name;
}

std::optional<TrackingStatus> parse_tracking_status(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
        if (kStatuses[i].name == name) return static_cast<TrackingStatus>(i);
    return std::nullopt;
}

bool is_valid_substatus(TrackingStatus status, std::string_view substatus) noexcept {
    if (substatus == "other") return true;
    const auto& list = kStatuses[static_cast<std::size_t>(status)].substatuses;
    return std::find(list.begin(), list.end(), substatus) != list.end();
}

bool default_physical_scan(TrackingStatus status) noexcept {
    switch (status) {
        case TrackingStatus::kUnknown:
        case TrackingStatus::kInfoReceived:
        case TrackingStatus::kCancelled:
        case TrackingStatus::kExpired:
            return false;
        default:
            return true;
    }
}

}  // namespace unstuck::sdk
