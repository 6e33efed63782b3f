#include "codes.hpp"

#include <array>

namespace unstuck::carriers::aftership {
namespace {

using sdk::TrackingStatus;

struct Row {
    std::string_view code;
    TrackingStatus status;
    std::string_view substatus;
    bool physical;
    bool return_leg = false;
};

// AfterShip subtags. One place: docs/carriers.md prints this table. Exception_014 and Exception_015 are left
// out on purpose: their meaning is not settled, so they stay UNKNOWN with the subtag kept. A refusal
// (Exception_003) is a failed delivery attempt: the return leg starts with Exception_010, as for the other
// carriers.
constexpr std::array kSubtags{
    Row{"Pending_001", TrackingStatus::kUnknown, "other", false},
    Row{"Pending_002", TrackingStatus::kUnknown, "other", false},
    Row{"Pending_003", TrackingStatus::kUnknown, "other", false},
    Row{"Pending_004", TrackingStatus::kUnknown, "other", false},
    Row{"Pending_005", TrackingStatus::kUnknown, "other", false},
    Row{"Pending_006", TrackingStatus::kUnknown, "other", false},
    Row{"InfoReceived_001", TrackingStatus::kInfoReceived, "label_created", false},
    Row{"InTransit_001", TrackingStatus::kInTransit, "other", true},
    Row{"InTransit_002", TrackingStatus::kPickedUp, "picked_up", true},
    Row{"InTransit_003", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"InTransit_004", TrackingStatus::kInTransit, "arrived_destination_country", true},
    Row{"InTransit_005", TrackingStatus::kInTransit, "customs_released", true},
    Row{"InTransit_006", TrackingStatus::kInTransit, "customs_processing", true},
    Row{"InTransit_007", TrackingStatus::kInTransit, "departed_facility", true},
    Row{"InTransit_008", TrackingStatus::kInTransit, "other", true},
    Row{"InTransit_009", TrackingStatus::kInTransit, "forwarded", false},
    Row{"OutForDelivery_001", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"OutForDelivery_003", TrackingStatus::kOutForDelivery, "customer_contacted", false},
    Row{"OutForDelivery_004", TrackingStatus::kOutForDelivery, "appointment", false},
    Row{"AttemptFail_001", TrackingStatus::kAttemptFailed, "other", true},
    Row{"AttemptFail_002", TrackingStatus::kAttemptFailed, "recipient_unavailable", true},
    Row{"AttemptFail_003", TrackingStatus::kAttemptFailed, "business_closed", true},
    Row{"Delivered_001", TrackingStatus::kDelivered, "delivered", true},
    Row{"Delivered_002", TrackingStatus::kDelivered, "collected", true},
    Row{"Delivered_003", TrackingStatus::kDelivered, "signed", true},
    Row{"Delivered_004", TrackingStatus::kDelivered, "cod_collected", true},
    Row{"Delivered_005", TrackingStatus::kDelivered, "neighbour", true},
    Row{"AvailableForPickup_001", TrackingStatus::kAvailableForPickup, "at_point", true},
    Row{"Exception_001", TrackingStatus::kException, "other", true},
    Row{"Exception_002", TrackingStatus::kException, "address_incorrect", true},
    Row{"Exception_003", TrackingStatus::kAttemptFailed, "other", true},
    Row{"Exception_004", TrackingStatus::kException, "customs_hold", true},
    Row{"Exception_005", TrackingStatus::kException, "delayed", true},
    Row{"Exception_006", TrackingStatus::kException, "held_for_payment", true},
    Row{"Exception_007", TrackingStatus::kException, "address_incorrect", true},
    Row{"Exception_008", TrackingStatus::kException, "unclaimed", true},
    Row{"Exception_009", TrackingStatus::kException, "rejected_by_carrier", true},
    Row{"Exception_010", TrackingStatus::kReturning, "initiated", true, true},
    Row{"Exception_011", TrackingStatus::kReturned, "other", true, true},
    Row{"Exception_012", TrackingStatus::kException, "damaged", true},
    Row{"Exception_013", TrackingStatus::kException, "lost", true},
    Row{"Exception_016", TrackingStatus::kException, "processing_delay", true},
    Row{"Exception_017", TrackingStatus::kException, "weather", true},
    Row{"Exception_018", TrackingStatus::kException, "documents_missing", true},
    Row{"Exception_019", TrackingStatus::kException, "late_flight", true},
    Row{"Exception_020", TrackingStatus::kCancelled, "other", false},
    Row{"Exception_021", TrackingStatus::kException, "disposed", true},
    Row{"Expired_001", TrackingStatus::kExpired, "other", false},
};

// A tag without a subtag reads as the tag's first subtag.
constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTagDefaults{{
    {"Pending", "Pending_001"},
    {"InfoReceived", "InfoReceived_001"},
    {"InTransit", "InTransit_001"},
    {"OutForDelivery", "OutForDelivery_001"},
    {"AttemptFail", "AttemptFail_001"},
    {"Delivered", "Delivered_001"},
    {"AvailableForPickup", "AvailableForPickup_001"},
    {"Exception", "Exception_001"},
    {"Expired", "Expired_001"},
}};

const Row* find(std::string_view code) noexcept {
    for (const Row& row : kSubtags)
        if (row.code == code) return &row;
    return nullptr;
}

}  // namespace

CodeMapping map_checkpoint(std::string_view tag, std::string_view subtag, bool has_location) noexcept {
    std::string_view code = subtag;
    if (code.empty())
        for (const auto& [t, first] : kTagDefaults)
            if (t == tag) code = first;
    const Row* row = find(code);
    if (!row) return {};
    CodeMapping m{row->status, row->substatus, row->physical, row->return_leg, true};
    if (code == "InTransit_001" && !has_location) {
        m.substatus = "info_only";
        m.physical_scan = false;
    }
    return m;
}

}  // namespace unstuck::carriers::aftership
