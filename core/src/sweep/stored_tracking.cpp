#include "sweep/stored_tracking.hpp"

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/model_json.hpp"

namespace unstuck::core {

OrderTracker::StoredTracking stored_tracking(CaseStore& store) {
    return [&store](const OrderCase& order, const PackageCase& package) -> std::optional<sdk::Shipment> {
        const OrderRef ref = OrderRef::of(order);
        auto snapshots = store.snapshots(ref);
        if (!snapshots) {
            logger("sweep")->warn("order {}: reading its stored tracking: {}", ref.key(),
                                  snapshots.error().message);
            return std::nullopt;
        }
        const std::string package_ref = package.ref();
        for (const auto& s : *snapshots) {
            if (s.package != package_ref || s.tracking_number != package.tracking_number) continue;
            auto shipment = sdk::shipment_from_json(s.shipment_json);
            if (shipment) return std::move(*shipment);
            logger("sweep")->warn("order {}: stored tracking of {}: {}", ref.key(), package_ref,
                                  shipment.error().message);
            return std::nullopt;
        }
        return std::nullopt;
    };
}

}  // namespace unstuck::core
