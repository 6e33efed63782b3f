#pragma once
// Private: reads model objects out of a simdjson DOM, for the SDK's own parser and the core's order reader.

#include <simdjson.h>

#include <string>
#include <string_view>

#include "unstuck/sdk/model.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::sdk::detail {

//! Names a field for error messages, built only when an error is reported: `prefix[index].field`.
struct FieldPath {
    std::string_view prefix;  //!< e.g. `packages[0].events`
    std::size_t index = 0;

    std::string operator()(std::string_view field) const;
};

//! The string value of an optional string field; an absent field or null yields empty, another type an error.
Result<std::string_view> optional_string(simdjson::dom::object obj, std::string_view field,
                                         const FieldPath& where);

//! Reads one canonical event; defaults as model.md and policy.md say, errors naming the field.
Result<Event> read_event(simdjson::dom::element element, const FieldPath& where);

//! Reads a canonical shipment object.
Result<Shipment> read_shipment(simdjson::dom::element element);

}  // namespace unstuck::sdk::detail
