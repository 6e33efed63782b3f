#pragma once
// Proof of delivery for Seller Own Fleet packages: the proof uploaded (images/upload or files/upload), then
// `packages/deliver` with DELIVERY_SUCCESS; and the package's status, to settle an update left pending.

#include "marketplaces/tiktok-shop/client.hpp"
#include "marketplaces/tiktok-shop/shops.hpp"
#include "unstuck/sdk/marketplace.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! Marks a package delivered with its proof. Rejected for a shop not set up as Seller Own Fleet, a proof the
//! API does not take (only JPG, PNG and PDF), or a package the API refuses; retry for the codes that say so.
sdk::MarketplaceResult<sdk::PodReceipt> deliver_package(Client& client, Shops& shops,
                                                        const sdk::PodUpdate& update);

//! Ok when the package is COMPLETED (delivered), not found when it is not.
sdk::MarketplaceResult<sdk::PodReceipt> delivered_status(Client& client, Shops& shops,
                                                         const sdk::PodUpdate& update);

}  // namespace unstuck::marketplaces::tiktok_shop
