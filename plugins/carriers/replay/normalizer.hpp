#pragma once
//! Saved carrier responses normalized by the real carrier normalizers, for demos and offline runs.

#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::replay {

//! The carriers whose normalizers this build links, sorted.
std::vector<std::string> carriers();

//! A saved response: `{"carrier": "ups", "response": {...}}` (the response may also be a string holding the
//! body as received), or a bare carrier document when `default_carrier` names the carrier.
struct SavedResponse {
    std::string carrier;
    std::string payload;  //!< the carrier's own document
};

//! Unwraps a saved response; errors name what is missing. A wrapper's carrier wins over `default_carrier`.
sdk::Result<SavedResponse> unwrap(std::string_view document, std::string_view default_carrier);

//! Normalizes a saved response (wrapped or bare) with the named carrier's normalizer. Never throws.
sdk::TrackResult normalize(std::string_view document, std::string_view default_carrier,
                           const sdk::TrackContext& context) noexcept;

}  // namespace unstuck::carriers::replay
