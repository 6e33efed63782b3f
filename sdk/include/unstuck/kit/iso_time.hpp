#pragma once
//! Reading a carrier's ISO 8601 timestamp that may or may not carry an offset, without building error text on
//! the common path.

#include <string_view>

#include "unstuck/kit/local_time.hpp"

namespace unstuck::kit {

//! `2024-04-25T11:29:00-07:00`, `...Z` or `2024-04-25T11:29:00` (fraction allowed): the wall time, and the
//! offset when the timestamp carries one. Both parts are empty when the text is not such a timestamp.
CarrierTime read_iso_time(std::string_view text) noexcept;

}  // namespace unstuck::kit
