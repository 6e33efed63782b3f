// USPS domestic tracking scan events (Publication 199, Appendix G-4), mapped as docs/model.md says.
#include "carriers/usps/codes.hpp"

namespace unstuck::carriers::usps {
namespace {

using S = sdk::TrackingStatus;

struct Row {
    std::string_view code;
    CodeMapping mapping;
};

constexpr CodeMapping info(S s, std::string_view sub) {
    return {s, sub, false, false};
}
constexpr CodeMapping scan(S s, std::string_view sub) {
    return {s, sub, true, false};
}
constexpr CodeMapping ret(std::string_view sub) {
    return {S::kReturning, sub, true, true};
}

constexpr Row kCodes[] = {
    {"01", scan(S::kDelivered, "delivered")},                  // Delivered
    {"02", scan(S::kAttemptFailed, "recipient_unavailable")},  // Attempted / Notice Left
    {"03", scan(S::kPickedUp, "picked_up")},                   // Accept or Pickup
    {"04", ret("refused")},                                    // Refused
    {"05", ret("undeliverable")},                              // Undeliverable as Addressed
    {"06", scan(S::kInTransit, "forwarded")},                  // Forwarded
    {"07", scan(S::kInTransit, "arrived_facility")},           // Arrival at Unit
    {"08", scan(S::kException, "processing_delay")},           // Missent
    {"09", ret("initiated")},                                  // Return to Sender
    {"10", scan(S::kInTransit, "processed")},                  // Processed
    {"11", scan(S::kException, "other")},                      // Dead Letter
    {"14", scan(S::kAvailableForPickup, "at_point")},          // Arrival at Pickup Point
    {"15", scan(S::kException, "processing_delay")},           // Mis-shipped
    {"16", scan(S::kAvailableForPickup, "at_point")},          // Available for Pickup
    {"17", scan(S::kDelivered, "collected")},                  // Picked Up By Agent
    {"19", scan(S::kInTransit, "arrived_facility")},           // DC eVS Arrive
    {"21", ret("undeliverable")},                              // RTS: No Such Number
    {"22", ret("undeliverable")},                              // RTS: Insufficient Address
    {"23", ret("undeliverable")},                              // RTS: Moved, Left No Address
    {"24", ret("undeliverable")},                              // RTS: Forward Expired
    {"25", ret("undeliverable")},                              // RTS: Addressee Unknown
    {"26", ret("undeliverable")},                              // RTS: Vacant
    {"27", ret("unclaimed")},                                  // RTS: Unclaimed
    {"28", ret("undeliverable")},                              // RTS: Deceased
    {"29", ret("other")},                                      // RTS: Other
    {"30", scan(S::kAttemptFailed, "no_access")},              // Delivery Attempted - No Access
    {"31", ret("unclaimed")},                                  // RTS: Not Picked Up
    {"41", scan(S::kInTransit, "arrived_facility")},           // Received at Opening Unit
    {"42", scan(S::kInTransit, "handed_to_last_mile")},        // USPS Handoff to Shipping Partner
    {"43", scan(S::kPickedUp, "picked_up")},                   // Picked Up
    {"44", ret("initiated")},                                  // Customer Recall
    {"51", scan(S::kAttemptFailed, "business_closed")},        // Business Closed
    {"52", scan(S::kAttemptFailed, "recipient_unavailable")},  // Notice Left
    {"53", scan(S::kAttemptFailed, "no_access")},              // Receptacle Blocked
    {"54", scan(S::kAttemptFailed, "other")},                  // Receptacle Full / Item Oversized
    {"55", scan(S::kAttemptFailed, "other")},                  // No Secure Location Available
    {"56", scan(S::kAttemptFailed, "recipient_unavailable")},  // No Authorized Recipient Available
    {"71", scan(S::kException, "delayed")},                    // Rescheduled to Next Delivery Day
    {"80", scan(S::kPickedUp, "picked_up")},                   // Picked Up by Shipping Partner
    {"81", scan(S::kInTransit, "arrived_facility")},           // Arrived Shipping Partner Facility
    {"82", scan(S::kInTransit, "departed_facility")},          // Departed Shipping Partner Facility
    {"A1", scan(S::kInTransit, "arrived_facility")},           // Arrived at USPS Regional Facility
    {"DX", info(S::kInTransit, "info_only")},                  // Delivery Status Not Updated
    {"EF", scan(S::kInTransit, "departed_facility")},          // Departed Sort Facility
    {"MA", info(S::kInfoReceived, "label_created")},           // Manifest Acknowledgement (pre-shipment)
    {"NT", info(S::kException, "delayed")},                    // Arriving Late
    {"OF", scan(S::kOutForDelivery, "out_for_delivery")},      // Out for Delivery
    {"PA", info(S::kInfoReceived, "other")},                   // Passive Acceptance (shipment acceptance)
    {"PC", scan(S::kInTransit, "processed")},                  // Sorting / Processing Complete
    {"SF", scan(S::kInTransit, "departed_facility")},          // Departed Post Office
    {"TL", info(S::kInTransit, "info_only")},                  // In Transit to Next Facility
    {"TM", info(S::kInfoReceived, "other")},                   // Truck Manifest (shipment acceptance)
};

constexpr unsigned pack(std::string_view code) {
    return code.size() == 2 ? (static_cast<unsigned char>(code[0]) << 8) | static_cast<unsigned char>(code[1])
                            : 0;
}

}  // namespace

std::optional<CodeMapping> map_event_code(std::string_view event_code) noexcept {
    // Every USPS code is two characters: compare them as one integer.
    const unsigned key = pack(event_code);
    if (key == 0) return std::nullopt;
    for (const Row& r : kCodes)
        if (pack(r.code) == key) return r.mapping;
    return std::nullopt;
}

}  // namespace unstuck::carriers::usps
