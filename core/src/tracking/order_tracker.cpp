#include "tracking/order_tracker.hpp"

#include <string>

#include "unstuck/core/tracking/raw_tracking.hpp"

namespace unstuck::core {
namespace {

std::string retry_text(const std::optional<std::chrono::seconds>& after) {
    return after ? " (retry after " + std::to_string(after->count()) + " s)" : std::string();
}

// The package takes a shipment's events and proof of delivery.
void take(PackageCase& p, sdk::Shipment shipment) {
    p.events = std::move(shipment.events);
    if (shipment.proof_of_delivery) p.proof_of_delivery = std::move(shipment.proof_of_delivery);
}

}  // namespace

std::optional<TrackFailure> OrderTracker::track(OrderCase& order, const OnFetched& on_fetched,
                                                const PushedTracking* pushed) {
    was_raw_.assign(order.packages.size(), false);
    bool any_raw = false;
    for (std::size_t i = 0; i < order.packages.size(); ++i)
        any_raw |= was_raw_[i] = order.packages[i].raw.has_value();
    if (any_raw) {
        RawNormalizer normalize = [this](std::string_view carrier, std::string_view payload,
                                         const sdk::TrackContext& context) -> sdk::Result<sdk::TrackResult> {
            auto plugin = carriers_.carrier(carrier);
            if (!plugin) return plugin.error();
            return (*plugin)->normalize(payload, context);
        };
        if (auto s = normalize_raw_packages(order, normalize); !s) return TrackFailure{true, s.message()};
    }
    for (std::size_t i = 0; i < order.packages.size(); ++i) {
        PackageCase& p = order.packages[i];
        if (was_raw_[i] || !p.events.empty() || p.tracking_number.empty()) continue;
        const std::string where = "packages[" + std::to_string(i) + "]";
        if (pushed) {
            if (auto it = pushed->find(p.tracking_number); it != pushed->end()) {
                if (p.carrier.empty()) p.carrier = it->second.carrier;
                take(p, it->second);
                continue;
            }
        }
        if (p.carrier.empty()) {
            auto carrier = carriers_.detect(p.tracking_number);
            if (!carrier) return TrackFailure{false, where + ": " + carrier.error().message};
            p.carrier = std::move(*carrier);
        }
        const std::string_view fetcher = carriers_.fetcher(p.carrier);
        if (carriers_.pushes(fetcher)) {
            std::optional<sdk::Shipment> stored = stored_ ? stored_(order, p) : std::nullopt;
            if (stored) {
                take(p, std::move(*stored));
            } else {
                p.events
                    .clear();  // nothing pushed yet: tracking unknown, as a carrier that has not scanned it
                p.carrier_not_found = true;
            }
            continue;
        }
        auto plugin = carriers_.carrier(fetcher);
        if (!plugin) return TrackFailure{false, where + ".carrier: " + plugin.error().message};
        sdk::TrackContext context{p.tracking_number, std::nullopt, p.carrier};
        sdk::TrackResult result = (*plugin)->fetch(context);
        switch (result.kind) {
            case sdk::TrackResult::Kind::kOk:
                if (on_fetched) on_fetched(p, result.shipment);
                take(p, std::move(result.shipment));
                break;
            case sdk::TrackResult::Kind::kNotFound:
                p.events.clear();  // the carrier does not know it (yet): tracking unknown
                p.carrier_not_found = true;
                break;
            case sdk::TrackResult::Kind::kTransient:
                return TrackFailure{false, where + ": " + p.carrier + " " + p.tracking_number +
                                               ": temporary failure: " + result.message +
                                               retry_text(result.retry_after)};
            case sdk::TrackResult::Kind::kPermanent:
                return TrackFailure{
                    false, where + ": " + p.carrier + " " + p.tracking_number + ": " + result.message};
        }
    }
    return std::nullopt;
}

}  // namespace unstuck::core
