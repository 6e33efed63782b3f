#pragma once
// TikTok Shop's Unix timestamps, in seconds or in milliseconds by field, checked for the other unit.

#include <cstdint>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! Seconds at `key` of `object` (a number or a digit string); an error naming `field` when it is missing,
//! not an integer, or milliseconds (above 10^11).
sdk::Result<std::int64_t> read_seconds(simdjson::dom::element object, std::string_view key,
                                       const std::string& field);
//! Milliseconds at `key`; an error naming `field` when it is missing, not an integer, or seconds (below
//! 10^11).
sdk::Result<std::int64_t> read_millis(simdjson::dom::element object, std::string_view key,
                                      const std::string& field);
//! Unix seconds as an instant.
sdk::Timestamp from_seconds(std::int64_t seconds);

}  // namespace unstuck::marketplaces::tiktok_shop
