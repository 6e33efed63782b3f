#pragma once
//! 17TRACK API v2.2 documents (POST /track/v2.2/gettrackinfo responses and webhook pushes) into the canonical
//! shipment.

#include <cstdint>
#include <string_view>

#include "unstuck/kit/json_input.hpp"
#include "unstuck/sdk/carrier.hpp"

namespace unstuck::carriers::track17 {

//! 17TRACK's error codes that the plugin acts on.
namespace errors {
inline constexpr std::int64_t kInternal = -18010003;  //!< internal service error: try again later
inline constexpr std::int64_t kAlreadyRegistered = -18019901;
inline constexpr std::int64_t kNotRegistered = -18019902;   //!< register it first
inline constexpr std::int64_t kNoCarrier = -18019903;       //!< the carrier cannot be detected
inline constexpr std::int64_t kQuotaExhausted = -18019908;  //!< no tracking quota left
inline constexpr std::int64_t kNoInfoYet = -18019909;       //!< registered, no tracking information yet
}  // namespace errors

//! Normalizes a gettrackinfo response (`{"code": 0, "data": {"accepted": [...], "rejected": [...]}}`) or a
//! webhook push (`{"event": "TRACKING_UPDATED", "data": {...}}`) for the context's number. A number 17TRACK
//! has no events for yet (NotFound, or rejected with -18019909 or -18019902) is a typed not-found; an
//! exhausted quota or an internal error is transient. Never throws: a malformed document is a permanent error
//! naming what is wrong.
sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) noexcept;

//! One accepted item (`{"number", "carrier", "track_info"}`) into a result, as normalize() reads it.
sdk::TrackResult read_item(simdjson::dom::element item, const sdk::TrackContext& context);

//! The result 17TRACK's error `code` with its `message` stands for, for the number.
sdk::TrackResult error_result(std::int64_t code, std::string_view message, std::string_view number);

//! How many events with a code missing from the tables were seen since the process started.
std::uint64_t unknown_code_count() noexcept;

}  // namespace unstuck::carriers::track17
