#pragma once
// Private: following the tickets an order's disputes became. Before the policy reads an order's tickets, each
// FILED dispute whose ticket is not yet CLOSED is asked for its state at its backend, and a changed state is
// recorded: an answered ticket then counts as SOLVED or CLOSED, not as forever OPEN.

#include <string>

#include "sweep/sweep_context.hpp"

namespace unstuck::core {

class TicketFollower {
  public:
    explicit TicketFollower(SweepContext& context) : context_(context) {}

    //! Syncs the ticket states of `order`'s filed disputes with their backends, counting each state asked in
    //! `summary`. A backend that cannot answer now leaves the last known state (one warning naming `who` and
    //! the key); the order is decided all the same.
    void follow(const OrderCase& order, const std::string& who, SweepSummary& summary);

  private:
    SweepContext& context_;
};

}  // namespace unstuck::core
