#include "serve/push_merger.hpp"

#include <algorithm>

namespace unstuck::core {

sdk::Shipment merge_pushed(std::optional<sdk::Shipment> stored, const sdk::Shipment& pushed,
                           std::string_view carrier, std::string_view tracking_number) {
    sdk::Shipment merged = stored ? std::move(*stored) : sdk::Shipment{};
    merged.carrier.assign(carrier);
    merged.tracking_number.assign(tracking_number);
    const std::size_t held = merged.events.size();
    for (const auto& event : pushed.events) {
        auto end = merged.events.begin() + static_cast<std::ptrdiff_t>(held);
        bool known = std::any_of(merged.events.begin(), end, [&](const sdk::Event& e) {
            return e.code == event.code && e.at == event.at && e.location == event.location;
        });
        if (!known) merged.events.push_back(event);
    }
    if (pushed.proof_of_delivery) merged.proof_of_delivery = pushed.proof_of_delivery;
    if (pushed.estimated_delivery) merged.estimated_delivery = pushed.estimated_delivery;
    merged.warnings = pushed.warnings;
    sdk::finalize_shipment(merged);
    return merged;
}

}  // namespace unstuck::core
