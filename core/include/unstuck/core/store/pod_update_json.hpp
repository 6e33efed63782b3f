#pragma once
//! A delivery-status update as JSON, as the case store keeps it to send the same update again after a crash.

#include <string>
#include <string_view>

#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The update as one compact JSON object: `key`, `marketplace`, `shop_id`, `order_id`, `package_id`,
//! `tracking_number`, `delivered_at` (ISO UTC), `proof` [{name, path, media_type}], `proof_url`.
std::string to_json(const sdk::PodUpdate& update);

//! Reads what to_json wrote; errors name the field (`update.delivered_at: ...`).
sdk::Result<sdk::PodUpdate> parse_pod_update(std::string_view json);

}  // namespace unstuck::core
