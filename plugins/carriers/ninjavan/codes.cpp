#include "codes.hpp"

#include <array>

namespace unstuck::carriers::ninjavan {
namespace {

using S = sdk::TrackingStatus;

constexpr std::array kTable{
    CodeMapping{"Pending Pickup", S::kInfoReceived, "label_created", false, false},
    CodeMapping{"Picked Up, In Transit to Origin Hub", S::kPickedUp, "picked_up", true, false},
    CodeMapping{"In Transit to Origin Hub", S::kPickedUp, "picked_up", true, false},
    CodeMapping{"Arrived at Origin Hub", S::kInTransit, "arrived_facility", true, false},
    CodeMapping{"Arrived at Transit Hub", S::kInTransit, "arrived_facility", true, false},
    CodeMapping{"Arrived at Destination Hub", S::kInTransit, "arrived_facility", true, false},
    CodeMapping{"In Transit to Next Sorting Hub", S::kInTransit, "departed_facility", true, false},
    CodeMapping{"On Vehicle for Delivery", S::kOutForDelivery, "out_for_delivery", true, false},
    CodeMapping{"Arrived at Distribution Point", S::kAvailableForPickup, "at_point", true, false},
    CodeMapping{"Delivered, Received by Customer", S::kDelivered, "delivered", true, false},
    CodeMapping{"Delivered, Left at Doorstep", S::kDelivered, "safe_place", true, false},
    CodeMapping{"Delivered, Collected by Customer", S::kDelivered, "collected", true, false},
    CodeMapping{"Delivery Exception, Pending Reschedule", S::kAttemptFailed, "other", true, false},
    CodeMapping{"Delivery Exception, Max Attempts Reached", S::kReturning, "undeliverable", true, true},
    CodeMapping{"Delivery Exception, Return to Sender Initiated", S::kReturning, "initiated", true, true},
    CodeMapping{"Delivery Exception, Parcel Lost", S::kException, "lost", true, false},
    CodeMapping{"Delivery Exception, Parcel Damaged", S::kException, "damaged", true, false},
    CodeMapping{"Returned to Sender", S::kReturned, "other", true, true},
    CodeMapping{"Cancelled", S::kCancelled, "other", false, false},
    CodeMapping{"Parcel Measurements Update", S::kInTransit, "info_only", false, false},
    CodeMapping{"Parcel Size Update", S::kInTransit, "info_only", false, false},
    CodeMapping{"Parcel Weight Update", S::kInTransit, "info_only", false, false},
    // Groups: a full name missing above falls back to the text before its first ", ".
    CodeMapping{"Picked Up", S::kPickedUp, "picked_up", true, false},
    CodeMapping{"Delivered", S::kDelivered, "delivered", true, false},
    CodeMapping{"Delivery Exception", S::kAttemptFailed, "other", true, false},
    CodeMapping{"Pickup Exception", S::kInfoReceived, "pickup_failed", false, false},
};

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

const CodeMapping* find(std::string_view name) noexcept {
    for (const CodeMapping& m : kTable)
        if (iequals(m.name, name)) return &m;
    return nullptr;
}

}  // namespace

std::span<const CodeMapping> code_table() noexcept {
    return kTable;
}

const CodeMapping* map_event(std::string_view event) noexcept {
    if (const CodeMapping* m = find(event)) return m;
    std::size_t comma = event.find(", ");
    return comma == std::string_view::npos ? nullptr : find(event.substr(0, comma));
}

}  // namespace unstuck::carriers::ninjavan
