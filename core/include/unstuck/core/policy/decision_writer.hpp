#pragma once
//! Writes a decision as the JSON of policy.md section 5.

#include <string>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! Writes the decision as one JSON object (the section 5 shape; `disputes` appears when the order files more
//! than one dispute, package `next_check_at` and `evidence` where they are set).
void write_json(sdk::JsonWriter& w, const Decision& decision);

//! Appends the decision as compact JSON (one line, no newline).
void append_json(std::string& out, const Decision& decision);

//! The decision as compact JSON.
std::string to_json(const Decision& decision);

}  // namespace unstuck::core
