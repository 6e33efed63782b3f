#include "codes.hpp"

#include <array>

namespace unstuck::carriers::jnt {
namespace {

using S = sdk::TrackingStatus;

// The scan nodes of the Open Platform (Malaysia tenant). 200 "Collected" is the recipient collecting the
// parcel, the model's DELIVERED/collected; 300-306 end the parcel's life with J&T.
constexpr std::array<CodeMapping, 16> kTable{{
    {"10", "Pick up", S::kPickedUp, "picked_up", true, false},
    {"20", "Departure", S::kInTransit, "departed_facility", true, false},
    {"30", "Arrival", S::kInTransit, "arrived_facility", true, false},
    {"94", "Delivery", S::kOutForDelivery, "out_for_delivery", true, false},
    {"100", "Delivery signature", S::kDelivered, "delivered", true, false},
    {"110", "Problematic", S::kException, "other", true, false},
    {"172", "Return", S::kReturning, "initiated", true, true},
    {"173", "Return delivery signature", S::kReturned, "other", true, true},
    {"200", "Collected", S::kDelivered, "collected", true, false},
    {"300", "Damaged", S::kException, "damaged", true, false},
    {"301", "Lost", S::kException, "lost", true, false},
    {"302", "Disposed", S::kException, "disposed", true, false},
    {"303", "Rejected", S::kException, "rejected_by_carrier", true, false},
    {"304", "Customs", S::kException, "customs_hold", true, false},
    {"305", "Expired", S::kException, "other", true, false},
    {"306", "Cross-border disposal", S::kException, "disposed", true, false},
}};

}  // namespace

std::span<const CodeMapping> code_table() noexcept {
    return kTable;
}

const CodeMapping* map_code(std::string_view scan_type_code) noexcept {
    for (const CodeMapping& m : code_table())
        if (m.code == scan_type_code) return &m;
    return nullptr;
}

}  // namespace unstuck::carriers::jnt
