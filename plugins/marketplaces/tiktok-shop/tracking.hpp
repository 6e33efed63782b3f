#pragma once
// An order's platform tracking (`/fulfillment/202309/orders/{id}/tracking`): when the platform last said
// something about the order.

#include <cstdint>
#include <optional>
#include <string>

#include "marketplaces/tiktok-shop/client.hpp"
#include "marketplaces/tiktok-shop/shops.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! What the platform's tracking of an order gives the order case.
struct PlatformTracking {
    std::optional<std::int64_t> newest_millis;  //!< the newest line's update_time_millis; none without lines
    std::string
        error;  //!< the order's data is bad: one line naming the field (the order becomes an OrderError)
};

//! Reads an order's tracking lines. Retry and rejected results are the API's (a rejected one becomes an error
//! on that order); an answer without `data.tracking` is no tracking.
sdk::MarketplaceResult<PlatformTracking> platform_tracking(Client& client, const Shop& shop,
                                                           const std::string& order_id);

//! The newest `update_time_millis` of a `tracking` array, or the error naming the bad line's field (a value
//! below 10^11 is seconds, not milliseconds).
PlatformTracking newest_tracking(simdjson::dom::element tracking);

}  // namespace unstuck::marketplaces::tiktok_shop
