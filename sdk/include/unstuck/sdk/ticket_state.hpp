#pragma once
//! The names of a ticket's four states, as the store keeps them and plugins and people write them.

#include <optional>
#include <string_view>

#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::sdk {

//! The state's name: `OPEN`, `PENDING`, `SOLVED` or `CLOSED`.
std::string_view to_string(TicketState state) noexcept;

//! The state for a name (exact, upper case), or nothing when it is not one of the four.
std::optional<TicketState> parse_ticket_state(std::string_view name) noexcept;

//! The four names for a message: `OPEN, PENDING, SOLVED or CLOSED`.
inline constexpr std::string_view kTicketStateNames = "OPEN, PENDING, SOLVED or CLOSED";

}  // namespace unstuck::sdk
