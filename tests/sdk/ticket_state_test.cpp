#include <gtest/gtest.h>

#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::sdk {
namespace {

TEST(TicketStateNames, EveryStateReadsBackFromItsName) {
    for (auto state :
         {TicketState::kOpen, TicketState::kPending, TicketState::kSolved, TicketState::kClosed}) {
        auto parsed = parse_ticket_state(to_string(state));
        ASSERT_TRUE(parsed) << to_string(state);
        EXPECT_EQ(*parsed, state);
    }
    EXPECT_EQ(to_string(TicketState::kOpen), "OPEN");
    EXPECT_EQ(to_string(TicketState::kPending), "PENDING");
    EXPECT_EQ(to_string(TicketState::kSolved), "SOLVED");
    EXPECT_EQ(to_string(TicketState::kClosed), "CLOSED");
}

TEST(TicketStateNames, OtherNamesAreRefused) {
    for (const char* name : {"", "open", "FILED", "REJECTED", "OPEN ", "CLOSE"})
        EXPECT_FALSE(parse_ticket_state(name)) << name;
}

}  // namespace
}  // namespace unstuck::sdk
