#pragma once
// TikTok Shop's webhooks: the `Authorization` signature checked, order status changes (type 1) and package
// updates (type 4) read as changed orders.

#include "marketplaces/tiktok-shop/config.hpp"
#include "unstuck/sdk/marketplace.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! Verifies a push (hex HMAC-SHA256(app_secret, app_key + raw body) in `Authorization`, in constant time)
//! and reads which order changed; other types are accepted with no orders.
sdk::MarketplacePushResult receive_push(const Config& config, const sdk::WebhookRequest& request);

}  // namespace unstuck::marketplaces::tiktok_shop
