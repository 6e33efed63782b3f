#pragma once
// Turns @DISPLAY_NAME@'s tracking document into the canonical shipment.

#include <string_view>

#include <unstuck/sdk/carrier.hpp>

namespace @IDENT@ {

//! Normalizes `{"tracking_number": ..., "events": [{"time": ISO 8601 with offset, "code": "PU|IT|OD|DL|EX",
//! "text": ..., "city": ..., "country": ...}]}`; `{"error": "not_found"}` is a typed not-found.
unstuck::sdk::TrackResult normalize(std::string_view payload, const unstuck::sdk::TrackContext& context);

}  // namespace @IDENT@
