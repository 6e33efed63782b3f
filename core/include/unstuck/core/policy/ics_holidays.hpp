#pragma once
//! Holidays from an iCalendar (.ics, RFC 5545) document: the all-day VEVENTs it lists.

#include <chrono>
#include <string_view>
#include <vector>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The dates of every all-day event (`DTSTART;VALUE=DATE:20240704`, or a bare 8-digit date), each day from
//! DTSTART up to but excluding DTEND (or DTSTART + DURATION) when one is given. Cancelled events are skipped.
//! Recurrence rules and timed events are refused, so no holiday is silently lost; errors name the line.
sdk::Result<std::vector<std::chrono::sys_days>> read_ics_holidays(std::string_view text);

}  // namespace unstuck::core
