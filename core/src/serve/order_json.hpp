#pragma once
// Private: an order as the API shows it: its summary (with or without the decision) and its history.

#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! `{order_key, marketplace, shop_id, order_id, action, rule, next_check_at, decided_at[, decision]}`; a
//! missing action, rule or time is null; the decision is policy.md section 5's JSON as recorded.
void write_order_summary(sdk::JsonWriter& w, const OrderRecord& order, bool with_decision);

//! `{action, rule, next_check_at, decided_at, decision}` of one history entry.
void write_history_entry(sdk::JsonWriter& w, const HistoryEntry& entry);

}  // namespace unstuck::core
