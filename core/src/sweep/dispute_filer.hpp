#pragma once
// Private: filing one dispute of a decision exactly once: its route, the dispute the store may already hold,
// the evidence, the PENDING row, then the backend.

#include <string>

#include "sweep/sweep_context.hpp"

namespace unstuck::core {

class DisputeFiler {
  public:
    explicit DisputeFiler(SweepContext& context) : context_(context) {}

    //! Files `dispute` of `decision` for `order`, counting the outcome in `summary` and naming errors after
    //! `who` (`line 3: order A1`). In a dry run only the route is checked (none needed without routes).
    //! False when the dispute could not be started or filed, so the order stays due.
    bool file(const OrderCase& order, const Decision& decision, const Dispute& dispute, sdk::Timestamp now,
              const std::string& who, SweepSummary& summary);

  private:
    void count_existing(const DisputeRecord& record, SweepSummary& summary) const;
    void submit(sdk::TicketingPlugin& backend, const std::string& backend_name,
                const sdk::DisputeRequest& request, const std::string& who, SweepSummary& summary);

    SweepContext& context_;
};

}  // namespace unstuck::core
