#pragma once
//! Turning packages given as a carrier's own document (`raw`) into canonical events through carrier plugins.

#include <functional>
#include <string_view>

#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Normalizes one raw document with the named carrier plugin; an Error when no such plugin can be had.
using RawNormalizer = std::function<sdk::Result<sdk::TrackResult>(
    std::string_view carrier, std::string_view payload, const sdk::TrackContext& context)>;

//! Replaces every package's `raw` document by the events (and proof of delivery) the carrier plugin gives.
//! A package the carrier does not know keeps no events (tracking unknown), is marked `carrier_not_found` and,
//! when it names no carrier, takes the raw document's. Errors name the package: `packages[1].raw.carrier: no
//! carrier plugin "ups"`, `packages[1].raw.payload: <plugin's message>`. Without a normalizer every raw
//! package is an error.
sdk::Status normalize_raw_packages(OrderCase& order, const RawNormalizer& normalize);

}  // namespace unstuck::core
