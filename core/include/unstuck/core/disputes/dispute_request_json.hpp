#pragma once
//! A dispute request as JSON, as the case store keeps it to file the same request again after a crash.

#include <string>
#include <string_view>

#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::core {

//! The request as one compact JSON object: `key`, `code`, `path`, `marketplace`, `shop_id`, `order_id`,
//! `packages` [{package_id, tracking_number, carrier}], `files` [{name, path, media_type}],
//! `facts` [{kind, value}], `explanation`.
std::string to_json(const sdk::DisputeRequest& request);

//! Reads what to_json wrote; errors name the field.
sdk::Result<sdk::DisputeRequest> parse_dispute_request(std::string_view json);

}  // namespace unstuck::core
