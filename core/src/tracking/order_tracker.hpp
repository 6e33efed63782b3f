#pragma once
// Private: tracking one order's packages before it is decided: raw documents normalized, the others detected
// (when the order names no carrier) and then fetched through the carrier plugins.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tracking/carrier_set.hpp"
#include "unstuck/core/policy/order_case.hpp"
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

    explicit OrderTracker(const CarrierSet& carriers) : carriers_(carriers) {}

    //! Normalizes every `raw` package, then detects and fetches every package with a tracking number and no
    //! events. A package the carrier does not know keeps no events and is marked `carrier_not_found`.
    std::optional<TrackFailure> track(OrderCase& order, const OnFetched& on_fetched = {});

  private:
    const CarrierSet& carriers_;
    std::vector<bool> was_raw_;
};

}  // namespace unstuck::core
