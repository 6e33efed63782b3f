#pragma once
//! A dispute's state history as JSON: what `GET /v1/disputes/{key}` and its packet answer under `history`.

#include <span>

#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! One array, oldest first: `{"state", "at", "detail"}` per event, `detail` null when the event has none.
void write_json(sdk::JsonWriter& w, std::span<const DisputeEvent> history);

}  // namespace unstuck::core
