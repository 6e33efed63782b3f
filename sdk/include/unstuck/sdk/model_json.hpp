#pragma once
//! JSON reading and writing of the canonical model, in the shapes of docs/model.md.

#include <string>
#include <string_view>

#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::sdk {

//! Writes one event as a JSON object.
void write_json(JsonWriter& w, const Event& event);

//! Writes a shipment as the JSON object `unstuck track` prints.
void write_json(JsonWriter& w, const Shipment& shipment);

//! The shipment as compact JSON.
std::string to_json(const Shipment& shipment);

//! Reads a shipment from its JSON form; errors name the field path (`events[3].at: ...`).
Result<Shipment> shipment_from_json(std::string_view json);

}  // namespace unstuck::sdk
