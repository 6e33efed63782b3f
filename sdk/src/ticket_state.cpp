#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::sdk {

std::string_view to_string(TicketState state) noexcept {
    switch (state) {
        case TicketState::kOpen:
            return "OPEN";
        case TicketState::kPending:
            return "PENDING";
        case TicketState::kSolved:
            return "SOLVED";
        case TicketState::kClosed:
            return "CLOSED";
    }
    return "OPEN";
}

std::optional<TicketState> parse_ticket_state(std::string_view name) noexcept {
    for (auto state : {TicketState::kOpen, TicketState::kPending, TicketState::kSolved, TicketState::kClosed})
        if (name == to_string(state)) return state;
    return std::nullopt;
}

}  // namespace unstuck::sdk
