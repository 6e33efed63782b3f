// The UPS Track API's status codes (3 digits, "Status/Description Codes" in the Track API appendix), activity
// codes and activity types, mapped as docs/model.md says. Every code UPS documents is listed; a code that
// is not here is unknown and maps to UNKNOWN/other.
#include "carriers/ups/codes.hpp"

#include <array>

namespace unstuck::carriers::ups {
namespace {

using S = sdk::TrackingStatus;

struct Row {
    int code;
    CodeMapping mapping;
};

constexpr CodeMapping info(S s, std::string_view sub) {
    return {s, sub, false, false};
}
constexpr CodeMapping scan(S s, std::string_view sub) {
    return {s, sub, true, false};
}
constexpr CodeMapping note() {
    return {S::kInTransit, "info_only", false, false};
}
constexpr CodeMapping ret(S s, std::string_view sub, bool physical = true) {
    return {s, sub, physical, true};
}

// statusCode → mapping. The "On the Way" codes map to IN_TRANSIT/other and are refined by the activity code.
constexpr Row kStatusCodes[] = {
    {3, info(S::kInfoReceived, "label_created")},         // Shipment Ready for UPS
    {5, scan(S::kInTransit, "other")},                    // On the Way
    {6, scan(S::kOutForDelivery, "out_for_delivery")},    // Out for Delivery
    {7, info(S::kCancelled, "other")},                    // Shipment Information Voided
    {10, scan(S::kInTransit, "other")},                   // On the Way
    {11, scan(S::kDelivered, "delivered")},               // Delivered
    {12, scan(S::kInTransit, "customs_processing")},      // Clearance in Progress
    {13, scan(S::kException, "other")},                   // Exception
    {14, scan(S::kInTransit, "customs_released")},        // Clearance Completed
    {16, scan(S::kInTransit, "other")},                   // In Warehouse
    {17, scan(S::kAvailableForPickup, "at_point")},       // Held for Customer Pickup
    {18, note()},                                         // Delivery Change Requested: Hold for Pickup
    {19, scan(S::kException, "held")},                    // Held for Future Delivery
    {20, note()},                                         // Held for Future Delivery Requested
    {21, scan(S::kOutForDelivery, "out_for_delivery")},   // Out for Delivery
    {22, scan(S::kAttemptFailed, "other")},               // First Attempt Made
    {23, scan(S::kAttemptFailed, "other")},               // Second Delivery Attempted
    {24, scan(S::kAttemptFailed, "other")},               // Final Attempt Made
    {25, scan(S::kInTransit, "other")},                   // On the Way
    {26, scan(S::kDelivered, "delivered")},               // Delivered by Local Post Office
    {27, note()},                                         // Delivery Address Change Requested
    {28, info(S::kInTransit, "forwarded")},               // Delivery Address Changed
    {29, scan(S::kException, "other")},                   // Exception: Action Required
    {30, scan(S::kException, "other")},                   // Local Post Office Exception
    {32, info(S::kException, "weather")},                 // Adverse Weather May Cause Delay
    {33, ret(S::kReturning, "initiated", false)},         // Return to Sender Requested
    {34, ret(S::kReturned, "other")},                     // Returned to Sender
    {35, ret(S::kReturning, "initiated")},                // Returning to Sender
    {36, ret(S::kReturning, "other")},                    // Returning to Sender: In Transit
    {37, scan(S::kOutForDelivery, "out_for_delivery")},   // Out for Delivery
    {38, scan(S::kPickedUp, "picked_up")},                // Picked Up by UPS
    {39, scan(S::kInTransit, "other")},                   // On the Way
    {40, scan(S::kAvailableForPickup, "at_point")},       // Ready for Customer Pickup
    {41, note()},                                         // Service Upgrade Requested
    {42, note()},                                         // Service Upgraded
    {43, info(S::kInfoReceived, "pickup_failed")},        // Voided Pickup
    {44, scan(S::kInTransit, "other")},                   // On the Way to UPS
    {45, scan(S::kInTransit, "other")},                   // On the Way to UPS
    {46, scan(S::kException, "delayed")},                 // Delay
    {47, scan(S::kInTransit, "other")},                   // On the Way
    {48, scan(S::kException, "delayed")},                 // Delay
    {49, scan(S::kException, "delayed")},                 // Delay: Action Required
    {50, scan(S::kException, "address_incorrect")},       // Address Information Required
    {51, scan(S::kException, "weather")},                 // Delay: Emergency Situation or Severe Weather
    {52, scan(S::kException, "weather")},                 // Delay: Severe Weather
    {53, scan(S::kException, "weather")},                 // Delay: Severe Weather
    {54, note()},                                         // Delivery Change Requested
    {55, scan(S::kException, "delayed")},                 // Rescheduled Delivery
    {56, note()},                                         // Service Upgrade Requested
    {57, scan(S::kInTransit, "other")},                   // On the Way to a Local UPS Access Point
    {58, scan(S::kInTransit, "customs_info_required")},   // Clearance Information Required
    {59, scan(S::kException, "damaged")},                 // Damage Reported
    {60, scan(S::kAttemptFailed, "other")},               // Delivery Attempted
    {61, scan(S::kAttemptFailed, "signature_required")},  // Delivery Attempted: Adult Signature Required
    {62, scan(S::kAttemptFailed, "cod_unpaid")},          // Delivery Attempted: Funds Required
    {63, note()},                                         // Delivery Change Completed
    {64, ret(S::kReturning, "refused")},                  // Delivery Refused
    {65, info(S::kInfoReceived, "pickup_failed")},        // Pickup Attempted
    {66, scan(S::kAttemptFailed, "other")},               // Post Office Delivery Attempted
    {67, ret(S::kReturned, "other")},                     // Returned to Sender by Post Office
    {68, scan(S::kException, "lost")},                    // Sent to Lost and Found
    {69, scan(S::kException, "other")},                   // Unable to Deliver
    {70, note()},                                         // Package not at UPS Access Point yet
    {71, scan(S::kInTransit, "processed")},               // Preparing for Delivery
    {72, scan(S::kOutForDelivery, "out_for_delivery")},   // Loaded on Delivery Vehicle
    {73, scan(S::kInTransit, "other")},                   // In Transit to UPS Delivery Partner
    {74, scan(S::kInTransit, "handed_to_last_mile")},     // UPS Delivery Partner has Shipment
    {75, note()},                                         // Scheduled for Delivery
    {76, scan(S::kException, "other")},                   // UPS Delivery Partner Exception
    {77, info(S::kInfoReceived, "pickup_scheduled")},     // Scheduled for Pickup Today
    {78, scan(S::kOutForDelivery, "out_for_delivery")},   // Your Driver is Arriving Soon!
    {79, info(S::kInfoReceived, "other")},                // Order Processed: In Transit to UPS
    {80, info(S::kInfoReceived, "label_created")},        // Order Processed: Ready for UPS
    {81, ret(S::kException, "damaged")},                  // Returned - Damage Reported
    {82, note()},                                         // Delivery Instructions Received
    {83, scan(S::kException, "held")},                    // Held
    {84, scan(S::kInTransit, "customs_released")},        // Cleared
    {85, scan(S::kException, "held_for_payment")},        // Held for COD Payment
    {86, scan(S::kException, "delayed")},                 // Delay
    {87, scan(S::kInTransit, "other")},                   // On the Way
    {88, info(S::kUnknown, "other")},                     // Test
    {89, scan(S::kOutForDelivery, "out_for_delivery")},   // Out for Delivery
    {90, scan(S::kException, "delayed")},                 // Delay
    {91, scan(S::kOutForDelivery, "out_for_delivery")},   // Out for Delivery
    {92, scan(S::kInTransit, "customs_processing")},      // Customs Clearance in Progress
    {93, scan(S::kException, "other")},                   // Premier Recovery In Progress
    {94, scan(S::kInTransit, "other")},                   // Premier Recovery Completed
    {95, note()},                                         // Additional Attempt Requested
    {96, note()},                                         // Address Change Confirmed
    {97, note()},                                         // Address Change Requested
    {98, note()},                                         // Deliver to Original Address Requested
    {99, note()},                                         // Deliver to Original Address Confirmed
    {100, note()},                                        // Hold at UPS Access Point Confirmed
    {101, note()},                                        // Hold at UPS Access Point Requested
    {102, note()},                                        // Hold for Courier Requested
    {103, note()},                                        // Hold for Courier Confirmed
    {104, note()},                                        // Hold for Instructions Confirmed
    {105, note()},                                        // Hold for Instructions Requested
    {106, note()},                                        // Hold for Pickup Confirmed
    {107, note()},                                        // Hold for Pickup Requested
    {108, note()},                                        // Hold for Pickup Today Confirmed
    {109, note()},                                        // Hold for Pickup Today Requested
    {110, note()},                                        // Refrigeration Confirmed
    {111, note()},                                        // Refrigeration Requested
    {112, note()},                                        // Re-Ice Confirmed
    {113, note()},                                        // Re-Ice Requested
    {114, note()},                                        // Request Canceled
    {115, note()},                                        // Reschedule Delivery Confirmed
    {116, note()},                                        // Reschedule Delivery Requested
    {117, note()},                                        // Return by Saturday Confirmed
    {118, ret(S::kReturning, "initiated", false)},        // Return to Sender Confirmed
    {119, ret(S::kReturning, "initiated", false)},        // Return to Sender Requested
    {120, note()},                                        // Saturday Delivery Confirmed
    {121, note()},                                        // Saturday Delivery Requested
    {122, note()},                                        // Upgrade Confirmed
    {123, scan(S::kException, "customs_hold")},           // Pending Release From Non-UPS Broker
    {124, scan(S::kInTransit, "customs_info_required")},  // Clearance Information Needed
    {125, scan(S::kInTransit, "customs_info_required")},  // Clearance Information Needed
    {126, scan(S::kException, "customs_hold")},           // Pending Government Agency Release
    {127, info(S::kException, "other")},                  // Investigation Closed
    {128, info(S::kException, "other")},                  // Investigation Canceled
    {129, info(S::kException, "other")},                  // Investigation Opened
    {130, info(S::kException, "other")},                  // Claim in Progress
    {131, info(S::kInfoReceived, "pickup_failed")},       // Final Pickup Attempted
    {132, scan(S::kException, "delayed")},                // Airport Security Delay
    {133, note()},                                        // Return Label Left With Customer
    {134, scan(S::kInTransit, "customs_released")},       // Cleared Import Customs
    {135, info(S::kInfoReceived, "pickup_failed")},       // Second Pickup Attempted
    {136, note()},                                        // Delivery Rescheduled for Saturday
    {137, scan(S::kInTransit, "handed_to_last_mile")},    // Transferred to UPS Delivery Partner
    {138, scan(S::kInTransit, "other")},                  // Awaiting Scheduled Departure
    {139, scan(S::kAttemptFailed, "no_access")},          // Security Access Required
    {140, info(S::kException, "other")},                  // Claim Paid
    {141, scan(S::kException, "documents_missing")},      // Incomplete Documentation Received
    {142, info(S::kException, "other")},                  // Claim Voided
    {143, scan(S::kDelivered, "other")},                  // Delivered to Agent
    {144, scan(S::kAvailableForPickup, "at_point")},      // Delivered to Post Office for Pickup
    {145, scan(S::kAttemptFailed, "other")},              // Delivery Attempted
    {146, scan(S::kOutForDelivery, "out_for_delivery")},  // Out for Delivery
    {147, scan(S::kException, "other")},                  // Seized by Law Enforcement
    {148, info(S::kUnknown, "other")},                    // Package Information Unavailable
    {149, scan(S::kException, "disposed")},               // Prohibited Contents, Package Destroyed
    {153, note()},                                        // Updated Delivery Time
    {154, note()},                                        // Updated Delivery Date
    {155, info(S::kDelivered, "other")},                  // Delivery Photo
    {156, scan(S::kDelivered, "other")},                  // Commercial Inside Release
    {157, info(S::kInfoReceived, "label_created")},       // Shipment Ready for UPS
    {158, scan(S::kInTransit, "other")},                  // On the Way
    {159, scan(S::kInTransit, "other")},                  // On the Way
    {160, scan(S::kPickedUp, "picked_up")},               // We Have Your Package
    {161, scan(S::kAvailableForPickup, "at_point")},      // Delivered to UPS Access Point
    {162, scan(S::kOutForDelivery, "out_for_delivery")},  // Out for Delivery
    {163, info(S::kUnknown, "other")},                    // Package Information Unavailable
    {164, scan(S::kInTransit, "other")},                  // On the Way
    {165, scan(S::kInTransit, "other")},                  // On the Way
    {166, info(S::kInfoReceived, "label_created")},       // Shipment Ready for Roadie
    {167, scan(S::kPickedUp, "dropped_off")},             // Dropped off at UPS Store by Customer
    {168, scan(S::kPickedUp, "dropped_off")},             // Dropped off at Retail Location by Customer
    {169, scan(S::kPickedUp, "dropped_off")},             // Dropped off at a UPS Access Point by Customer
};

constexpr int kMaxCode = 169;

struct Table {
    std::array<std::optional<CodeMapping>, kMaxCode + 1> rows{};
    constexpr Table() {
        for (const Row& r : kStatusCodes) rows[static_cast<std::size_t>(r.code)] = r.mapping;
    }
};

constexpr Table kTable{};

constexpr int kGeneric[] = {5, 10, 25, 39, 47, 87, 158, 159, 164, 165};

// "038", "38", "0038" → 38; -1 for anything that is not 1 to 4 digits.
int parse_code(std::string_view s) noexcept {
    if (s.empty() || s.size() > 4) return -1;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

}  // namespace

std::optional<CodeMapping> map_status_code(std::string_view status_code) noexcept {
    int v = parse_code(status_code);
    if (v <= 0 || v > kMaxCode) return std::nullopt;
    return kTable.rows[static_cast<std::size_t>(v)];
}

bool is_generic_status_code(std::string_view status_code) noexcept {
    int v = parse_code(status_code);
    for (int g : kGeneric)
        if (v == g) return true;
    return false;
}

std::optional<CodeMapping> map_activity_code(std::string_view code) noexcept {
    if (code == "OR" || code == "PU") return scan(S::kPickedUp, "picked_up");
    if (code == "AR") return scan(S::kInTransit, "arrived_facility");
    if (code == "DP") return scan(S::kInTransit, "departed_facility");
    if (code == "OT") return scan(S::kOutForDelivery, "out_for_delivery");
    if (code == "MP") return info(S::kInfoReceived, "label_created");
    if (code == "F4" || code == "KB") return scan(S::kDelivered, "delivered");
    return std::nullopt;
}

std::optional<CodeMapping> map_status_type(std::string_view type) noexcept {
    if (type == "M") return info(S::kInfoReceived, "label_created");
    if (type == "MV") return info(S::kCancelled, "other");
    if (type == "P") return scan(S::kPickedUp, "picked_up");
    if (type == "I") return scan(S::kInTransit, "other");
    if (type == "D") return scan(S::kDelivered, "delivered");
    if (type == "X") return scan(S::kException, "other");
    if (type == "U") return note();
    if (type == "DO" || type == "DD" || type == "W") return scan(S::kInTransit, "other");
    if (type == "NA") return info(S::kUnknown, "other");
    return std::nullopt;
}

CodeMapping map_activity(std::string_view type, std::string_view code, std::string_view status_code,
                         bool& known) noexcept {
    known = true;
    auto by_status = map_status_code(status_code);
    if (by_status && !is_generic_status_code(status_code)) return *by_status;
    if (auto by_code = map_activity_code(code)) {
        // A generic "On the Way" statusCode says IN_TRANSIT; the activity code only refines it, except that
        // an origin scan is the pickup (model.md: activity codes OR/PU → PICKED_UP).
        return *by_code;
    }
    if (by_status) return *by_status;
    if (auto by_type = map_status_type(type)) {
        // An unknown statusCode beside a known type letter: the letter decides, the code is still reported.
        known = status_code.empty() || parse_code(status_code) == 0;
        return *by_type;
    }
    known = false;
    return info(S::kUnknown, "other");
}

}  // namespace unstuck::carriers::ups
