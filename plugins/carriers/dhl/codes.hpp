#pragma once
//! DHL's coarse `statusCode` mapped to the canonical model, refined by words of the event's own text.

#include <span>
#include <string_view>

#include "unstuck/sdk/status.hpp"

namespace unstuck::carriers::dhl {

//! What one DHL event means in the canonical model.
struct CodeMapping {
    sdk::TrackingStatus status = sdk::TrackingStatus::kUnknown;
    std::string_view substatus = "other";
    bool physical_scan = false;
    bool return_leg = false;  //!< the event starts (or is part of) a return to the sender
    bool known = false;  //!< false for a statusCode outside pre-transit/transit/delivered/failure/unknown
    std::string_view matched;  //!< the word that refined the mapping, empty when the statusCode alone decided
};

//! One refinement: within `status_code`, an event whose text contains any of `words` (and, when `with` is not
//! empty, also one of `with`) maps to `status`/`substatus`. Rules are tried in order; the first match wins.
struct TextRule {
    std::string_view status_code;
    std::span<const std::string_view> words;
    std::span<const std::string_view> with;
    sdk::TrackingStatus status;
    std::string_view substatus;
    bool physical;
    bool return_leg;
};

//! Every refinement rule, in the order they are tried (docs/carriers.md lists them).
std::span<const TextRule> text_rules() noexcept;

//! Maps an event: its statusCode gives the default, the first rule of that statusCode whose words appear in
//! `description` or `status_text` (case-insensitive) refines it. A transit event without a location is
//! information only.
CodeMapping map_event(std::string_view status_code, std::string_view description,
                      std::string_view status_text, bool has_location) noexcept;

}  // namespace unstuck::carriers::dhl
