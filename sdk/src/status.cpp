#include "unstuck/sdk/status.hpp"

#include <algorithm>

namespace unstuck::sdk {

std::string_view to_string(TrackingStatus status) noexcept {
    return kStatusModel[static_cast<std::size_t>(status)].name;
}

std::optional<TrackingStatus> parse_tracking_status(std::string_view name) noexcept {
    for (const StatusEntry& entry : kStatusModel)
        if (entry.name == name) return entry.status;
    return std::nullopt;
}

bool is_valid_substatus(TrackingStatus status, std::string_view substatus) noexcept {
    if (substatus == "other") return true;
    const auto list = substatuses_of(status);
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
