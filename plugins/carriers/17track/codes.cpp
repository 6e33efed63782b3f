#include "codes.hpp"

#include <array>

namespace unstuck::carriers::track17 {
namespace {

using sdk::TrackingStatus;

struct Row {
    std::string_view code;
    TrackingStatus status;
    std::string_view substatus;
    bool physical;
    bool return_leg = false;
};

// 17TRACK API v2.2 sub-statuses (`sub_status` of an event and of `latest_status`). One place:
// docs/carriers.md prints this table. A refusal is a failed delivery attempt: the return leg starts with the
// event that says the parcel goes back (Exception_Returning), as for the other carriers.
constexpr std::array kSubStatuses{
    Row{"NotFound_Other", TrackingStatus::kUnknown, "other", false},
    Row{"NotFound_InvalidCode", TrackingStatus::kUnknown, "other", false},
    Row{"InfoReceived", TrackingStatus::kInfoReceived, "label_created", false},
    Row{"InTransit_PickedUp", TrackingStatus::kPickedUp, "picked_up", true},
    Row{"InTransit_Other", TrackingStatus::kInTransit, "other", true},
    Row{"InTransit_Departure", TrackingStatus::kInTransit, "departed_facility", true},
    Row{"InTransit_Arrival", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"InTransit_CustomsProcessing", TrackingStatus::kInTransit, "customs_processing", true},
    Row{"InTransit_CustomsReleased", TrackingStatus::kInTransit, "customs_released", true},
    Row{"InTransit_CustomsRequiringInformation", TrackingStatus::kInTransit, "customs_info_required", true},
    Row{"Expired_Other", TrackingStatus::kExpired, "other", false},
    Row{"AvailableForPickup_Other", TrackingStatus::kAvailableForPickup, "at_point", true},
    Row{"OutForDelivery_Other", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"DeliveryFailure_Other", TrackingStatus::kAttemptFailed, "other", true},
    Row{"DeliveryFailure_NoBody", TrackingStatus::kAttemptFailed, "recipient_unavailable", true},
    Row{"DeliveryFailure_Security", TrackingStatus::kAttemptFailed, "no_access", true},
    Row{"DeliveryFailure_Rejected", TrackingStatus::kAttemptFailed, "other", true},
    Row{"DeliveryFailure_InvalidAddress", TrackingStatus::kAttemptFailed, "address_issue", true},
    Row{"Delivered_Other", TrackingStatus::kDelivered, "delivered", true},
    Row{"Exception_Other", TrackingStatus::kException, "other", true},
    Row{"Exception_Returning", TrackingStatus::kReturning, "initiated", true, true},
    Row{"Exception_Returned", TrackingStatus::kReturned, "other", true, true},
    Row{"Exception_NoBody", TrackingStatus::kAttemptFailed, "recipient_unavailable", true},
    Row{"Exception_Security", TrackingStatus::kException, "held", true},
    Row{"Exception_Damage", TrackingStatus::kException, "damaged", true},
    Row{"Exception_Rejected", TrackingStatus::kAttemptFailed, "other", true},
    Row{"Exception_Delayed", TrackingStatus::kException, "delayed", true},
    Row{"Exception_Lost", TrackingStatus::kException, "lost", true},
    Row{"Exception_Destroyed", TrackingStatus::kException, "disposed", true},
    Row{"Exception_Cancel", TrackingStatus::kCancelled, "other", false},
};

// Key stages (`stage` of an event, `milestone[].key_stage`), for an event without a known sub-status.
constexpr std::array kStages{
    Row{"InfoReceived", TrackingStatus::kInfoReceived, "label_created", false},
    Row{"PickedUp", TrackingStatus::kPickedUp, "picked_up", true},
    Row{"Departure", TrackingStatus::kInTransit, "departed_facility", true},
    Row{"Arrival", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"AvailableForPickup", TrackingStatus::kAvailableForPickup, "at_point", true},
    Row{"OutForDelivery", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"Delivered", TrackingStatus::kDelivered, "delivered", true},
    Row{"Returning", TrackingStatus::kReturning, "initiated", true, true},
    Row{"Returned", TrackingStatus::kReturned, "other", true, true},
};

template <std::size_t N>
const Row* find(const std::array<Row, N>& table, std::string_view code) noexcept {
    for (const Row& row : table)
        if (row.code == code) return &row;
    return nullptr;
}

CodeMapping from_row(const Row& row) noexcept {
    return {row.status, row.substatus, row.physical, row.return_leg, true};
}

}  // namespace

CodeMapping map_event(std::string_view sub_status, std::string_view stage) noexcept {
    const Row* stage_row = find(kStages, stage);
    if (const Row* row = find(kSubStatuses, sub_status)) {
        CodeMapping m = from_row(*row);
        if (sub_status == "InTransit_Other" && stage_row && stage_row->status == TrackingStatus::kInTransit)
            m.substatus = stage_row->substatus;
        return m;
    }
    if (stage_row) return from_row(*stage_row);
    return {};
}

}  // namespace unstuck::carriers::track17
