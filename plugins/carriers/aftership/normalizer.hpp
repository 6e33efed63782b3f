#pragma once
//! AfterShip Tracking API documents (GET /trackings responses, a created tracking, webhook pushes) into the
//! canonical shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/kit/json_input.hpp"
#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::aftership {

//! AfterShip's `meta.code` values that the plugin acts on.
namespace meta_codes {
inline constexpr std::int64_t kAlreadyExists = 4003;  //!< POST /trackings for a number already tracked
inline constexpr std::int64_t kDoesNotExist = 4004;   //!< no such tracking
inline constexpr std::int64_t kTooManyRequests = 429;
}  // namespace meta_codes

//! Normalizes a tracking list (`data.trackings`), one tracking (`data.tracking` or `data` itself) or a
//! webhook push (`msg`) for the context's number. A tracking still Pending (or Expired) without checkpoints
//! is a typed not-found, and so is meta code 4004; meta code 429 and 5xx are transient. Never throws: a
//! malformed document is a permanent error naming what is wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! One tracking object into a result, as normalize() reads it.
sdk::TrackResult read_tracking(simdjson::dom::element tracking, const sdk::TrackContext& context);

//! How many checkpoints with a subtag missing from the tables were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::aftership
