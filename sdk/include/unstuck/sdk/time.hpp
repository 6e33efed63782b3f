#pragma once
//! Instants and ISO 8601 timestamps as the model and the policy use them.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "unstuck/sdk/result.hpp"

namespace unstuck::sdk {

//! An instant in UTC with microsecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

//! A wall-clock time as a carrier printed it, without a zone.
using LocalTimestamp = std::chrono::local_time<std::chrono::microseconds>;

//! A parsed ISO 8601 timestamp: the instant and the offset it was written with.
struct OffsetTimestamp {
    Timestamp at;
    int offset_minutes = 0;
};

//! Parses `2024-07-15T09:12:00-04:00` (offset `Z` or `±HH:MM`, optional fraction); rejects a missing offset.
Result<OffsetTimestamp> parse_offset_timestamp(std::string_view text);

//! Parses an ISO 8601 timestamp with offset into its UTC instant.
Result<Timestamp> parse_timestamp(std::string_view text);

//! Parses a wall time without offset (`2024-07-15T09:12:00`, optional fraction; `T` or a space).
Result<LocalTimestamp> parse_local_timestamp(std::string_view text);

//! Formats an instant as `2024-07-15T13:12:00Z`; a fraction is written only when non-zero.
std::string format_utc(Timestamp t);

//! Formats an instant truncated to the second as `2024-07-15T13:12:00Z`.
std::string format_utc_seconds(Timestamp t);

//! Formats a wall time as `2024-07-15T09:12:00`.
std::string format_local(LocalTimestamp t);

//! Formats an offset in minutes as `+HH:MM` / `-HH:MM` (`+00:00` for zero).
std::string format_offset(int offset_minutes);

}  // namespace unstuck::sdk
