#pragma once
// Private: tracking one order's packages before it is decided: raw documents normalized, the others detected
// (when the order names no carrier) and then fetched through the carrier plugins.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tracking/carrier_set.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/tracking/pushed_tracking.hpp"
#include "unstuck/sdk/model.hpp"

namespace unstuck::core {

//! Why an order could not be tracked.
struct TrackFailure {
    //! True when the order's own document is at fault (a raw payload refused, no plugin for it): a bad line.
    //! False for a carrier failure: the order stays due.
    bool bad_input = false;
    //! Names the package: `packages[1]: ups 1Z...: temporary failure: ... (retry after 30 s)`.
    std::string message;
};

//! Tracks orders with one set of carrier plugins. One per thread (it reuses its buffers).
class OrderTracker {
  public:
    //! Called for each live fetch that found the package, before its events move into the package.
    using OnFetched = std::function<void(const PackageCase& package, const sdk::Shipment& shipment)>;

    //! The package's latest stored shipment, if there is one.
    using StoredTracking =
        std::function<std::optional<sdk::Shipment>(const OrderCase& order, const PackageCase& package)>;

    //! `stored` (optional) is where the packages of a push carrier (manifest `"tracking": "push"`) take their
    //! tracking from: such a carrier is never fetched.
    explicit OrderTracker(const CarrierSet& carriers, StoredTracking stored = {})
        : carriers_(carriers), stored_(std::move(stored)) {}

    //! Normalizes every `raw` package, then detects and fetches every package with a tracking number and no
    //! events. A package the carrier does not know keeps no events and is marked `carrier_not_found`, and so
    //! does a push carrier's package with no stored tracking (the carrier has pushed nothing yet). A package
    //! whose number `pushed` holds takes that shipment instead of a fetch, whatever its carrier.
    std::optional<TrackFailure> track(OrderCase& order, const OnFetched& on_fetched = {},
                                      const PushedTracking* pushed = nullptr);

  private:
    const CarrierSet& carriers_;
    StoredTracking stored_;
    std::vector<bool> was_raw_;
};

}  // namespace unstuck::core
