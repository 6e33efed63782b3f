#pragma once
//! Indenting compact JSON for people: the outbox's dispute.json, golden files, `unstuck track`.

#include <string>
#include <string_view>

namespace unstuck::sdk {

//! Compact JSON (as JsonWriter writes it) indented two spaces a level, one member or element a line, `": "`
//! after keys, `{}` and `[]` kept on one line; strings are copied untouched. No trailing newline.
std::string pretty_json(std::string_view compact);

}  // namespace unstuck::sdk
