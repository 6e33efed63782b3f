#pragma once
//! A dispute as the store keeps it, as JSON: what `unstuck disputes --json` and `unstuck_disputes` list.

#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! One object: key, state, marketplace, shop_id, order_id, code, backend, remote_id, remote_url,
//! remote_state (null when not followed), reason, attempts, last_error, created_at, updated_at.
void write_json(sdk::JsonWriter& w, const DisputeRecord& dispute);

}  // namespace unstuck::core
