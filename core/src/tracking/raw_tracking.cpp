#include "unstuck/core/tracking/raw_tracking.hpp"

#include <string>

namespace unstuck::core {

sdk::Status normalize_raw_packages(OrderCase& order, const RawNormalizer& normalize) {
    for (std::size_t i = 0; i < order.packages.size(); ++i) {
        PackageCase& p = order.packages[i];
        if (!p.raw) continue;
        std::string where = "packages[" + std::to_string(i) + "].raw";
        if (!normalize) return sdk::Error{where + ".carrier: no carrier plugin \"" + p.raw->carrier + "\""};
        sdk::TrackContext context{p.tracking_number, std::nullopt, p.raw->carrier};
        auto normalized = normalize(p.raw->carrier, p.raw->payload, context);
        if (!normalized) return sdk::Error{where + ".carrier: " + normalized.error().message};
        sdk::TrackResult& result = *normalized;
        switch (result.kind) {
            case sdk::TrackResult::Kind::kOk:
                p.events = std::move(result.shipment.events);
                if (result.shipment.proof_of_delivery)
                    p.proof_of_delivery = std::move(result.shipment.proof_of_delivery);
                if (p.tracking_number.empty()) p.tracking_number = result.shipment.tracking_number;
                break;
            case sdk::TrackResult::Kind::kNotFound:
                p.events.clear();
                p.carrier_not_found = true;
                if (p.carrier.empty()) p.carrier = p.raw->carrier;
                break;
            default:
                return sdk::Error{
                    where + ".payload: " +
                    (result.message.empty() ? std::string("the carrier plugin refused it") : result.message)};
        }
        p.raw.reset();
    }
    return {};
}

}  // namespace unstuck::core
