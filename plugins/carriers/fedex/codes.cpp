#include "codes.hpp"

#include <array>

namespace unstuck::carriers::fedex {
namespace {

using sdk::TrackingStatus;

struct Row {
    std::string_view code;
    TrackingStatus status;
    std::string_view substatus;
    bool physical;
    bool return_leg = false;
};

// FedEx Track API scan codes (eventType, and derivedStatusCode where they differ). One place:
// docs/carriers.md prints this table.
constexpr std::array kScanCodes{
    Row{"OC", TrackingStatus::kInfoReceived, "label_created", false},
    Row{"AP", TrackingStatus::kInfoReceived, "pickup_scheduled", false},
    Row{"DS", TrackingStatus::kInfoReceived, "pickup_scheduled", false},
    Row{"EP", TrackingStatus::kInfoReceived, "pickup_scheduled", false},
    Row{"PU", TrackingStatus::kPickedUp, "picked_up", true},
    Row{"PX", TrackingStatus::kPickedUp, "picked_up", true},
    Row{"AA", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"AF", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"AR", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"FD", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"OF", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"PL", TrackingStatus::kInTransit, "arrived_facility", true},
    Row{"DP", TrackingStatus::kInTransit, "departed_facility", true},
    Row{"LO", TrackingStatus::kInTransit, "departed_facility", true},
    Row{"SF", TrackingStatus::kInTransit, "processed", true},
    Row{"IT", TrackingStatus::kInTransit, "other", true},
    Row{"IX", TrackingStatus::kInTransit, "other", true},
    Row{"EA", TrackingStatus::kInTransit, "other", true},
    Row{"EO", TrackingStatus::kInTransit, "other", true},
    Row{"TR", TrackingStatus::kInTransit, "other", true},
    Row{"CP", TrackingStatus::kInTransit, "customs_processing", true},
    Row{"CC", TrackingStatus::kInTransit, "customs_released", true},
    Row{"AC", TrackingStatus::kInTransit, "handed_to_last_mile", true},
    Row{"AX", TrackingStatus::kInTransit, "handed_to_last_mile", true},
    Row{"CH", TrackingStatus::kInTransit, "forwarded", false},
    Row{"OX", TrackingStatus::kInTransit, "info_only", false},
    Row{"AO", TrackingStatus::kInTransit, "info_only", false},
    Row{"AE", TrackingStatus::kInTransit, "info_only", false},
    Row{"RL", TrackingStatus::kInTransit, "info_only", false},
    Row{"PF", TrackingStatus::kInTransit, "info_only", false},
    Row{"PM", TrackingStatus::kInTransit, "info_only", false},
    Row{"SP", TrackingStatus::kInTransit, "info_only", false},
    Row{"OD", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"AD", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"ED", TrackingStatus::kOutForDelivery, "out_for_delivery", true},
    Row{"HL", TrackingStatus::kAvailableForPickup, "at_point", true},
    Row{"HP", TrackingStatus::kAvailableForPickup, "at_point", true},
    Row{"DE", TrackingStatus::kException, "other", true},
    Row{"SE", TrackingStatus::kException, "other", true},
    Row{"CD", TrackingStatus::kException, "customs_hold", true},
    Row{"DY", TrackingStatus::kException, "delayed", true},
    Row{"DD", TrackingStatus::kException, "delayed", true},
    Row{"PD", TrackingStatus::kException, "delayed", true},
    Row{"DL", TrackingStatus::kDelivered, "delivered", true},
    Row{"RS", TrackingStatus::kReturning, "initiated", true, true},
    Row{"CA", TrackingStatus::kCancelled, "other", false},
};

struct ExceptionRow {
    std::string_view code;  // without leading zeros
    TrackingStatus status;
    std::string_view substatus;
};

// Delivery exception codes (`exceptionCode` of a DE scan) that record a delivery attempt. A DE with any other
// code, or none, stays a delivery EXCEPTION.
constexpr std::array kAttemptCodes{
    ExceptionRow{"3", TrackingStatus::kAttemptFailed, "address_issue"},           // incorrect address
    ExceptionRow{"A12", TrackingStatus::kAttemptFailed, "address_issue"},         // address needs correction
    ExceptionRow{"A13", TrackingStatus::kAttemptFailed, "address_issue"},         // address incomplete
    ExceptionRow{"7", TrackingStatus::kAttemptFailed, "other"},                   // refused by recipient
    ExceptionRow{"8", TrackingStatus::kAttemptFailed, "recipient_unavailable"},   // recipient not in
    ExceptionRow{"15", TrackingStatus::kAttemptFailed, "recipient_unavailable"},  // not available or closed
    ExceptionRow{"17", TrackingStatus::kAttemptFailed, "rescheduled"},  // customer requested future delivery
};

std::string_view strip_leading_zeros(std::string_view code) noexcept {
    while (code.size() > 1 && code.front() == '0') code.remove_prefix(1);
    return code;
}

CodeMapping from_row(const Row& row) noexcept {
    return {row.status, row.substatus, row.physical, row.return_leg, true};
}

std::string_view delay_substatus(std::string_view delay_type) noexcept {
    if (delay_type == "WEATHER") return "weather";
    if (delay_type == "CLEARANCE") return "customs_hold";
    if (delay_type == "OPERATIONAL") return "processing_delay";
    return {};
}

}  // namespace

CodeMapping map_code(std::string_view code) noexcept {
    for (const Row& row : kScanCodes)
        if (row.code == code) return from_row(row);
    return {};
}

CodeMapping map_scan(const ScanCodes& scan) noexcept {
    CodeMapping m = map_code(scan.event_type);
    std::string_view code = scan.event_type;
    if (!m.known && !scan.derived_code.empty()) {
        m = map_code(scan.derived_code);
        code = scan.derived_code;
    }
    if (!m.known) return m;

    if (code == "DE" && !scan.exception_code.empty()) {
        std::string_view exception = strip_leading_zeros(scan.exception_code);
        for (const ExceptionRow& row : kAttemptCodes)
            if (row.code == exception) return {row.status, row.substatus, true, false, true};
    }
    if (m.status == sdk::TrackingStatus::kException && !scan.delay_type.empty()) {
        std::string_view sub = delay_substatus(scan.delay_type);
        if (!sub.empty()) m.substatus = sub;
    }
    if ((code == "IT" || code == "IX") && !scan.has_location) {
        m.substatus = "info_only";
        m.physical_scan = false;
    }
    return m;
}

}  // namespace unstuck::carriers::fedex
