#pragma once
// Private: settling the PENDING disputes earlier runs left, before anything new is filed.

#include <memory>
#include <mutex>
#include <string>

#include "sweep/sweep_context.hpp"

namespace unstuck::core {

class PendingSettler {
  public:
    explicit PendingSettler(SweepContext& context) : context_(context) {}

    //! Settles every PENDING dispute on up to `options.concurrency` threads (see Sweep::settle_pending);
    //! errors and filings go to `summary`. Nothing happens in a dry run or before the sweep is prepared.
    SettleSummary settle(SweepSummary& summary);

  private:
    //! Settles one dispute, counting into `into`.
    void settle_one(const DisputeRecord& record, SweepSummary& into);
    //! The backend of that name, created on first use; null with the reason in `into` when there is none.
    std::shared_ptr<sdk::TicketingPlugin> backend(const std::string& name, const std::string& who,
                                                  SweepSummary& into);

    SweepContext& context_;
    std::mutex backends_mutex_;
};

}  // namespace unstuck::core
