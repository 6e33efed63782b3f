#pragma once
// Private: settling the PENDING disputes and remedies earlier runs left, before anything new is filed or
// sent.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sweep/sweep_context.hpp"

namespace unstuck::core {

class PendingSettler {
  public:
    explicit PendingSettler(SweepContext& context) : context_(context) {}

    //! Settles every PENDING dispute on up to `options.concurrency` threads (see Sweep::settle_pending),
    //! then every PENDING remedy (counted in `summary.settled_remedies`); errors and filings go to
    //! `summary`. Returns the disputes' counts. Nothing happens in a dry run or before the sweep is prepared.
    SettleSummary settle(SweepSummary& summary);

  private:
    //! An order claimed for settling one of its disputes or remedies, released when it goes.
    struct OrderClaim {
        CaseStore& store;
        std::vector<OrderRef> refs;
        ~OrderClaim();
    };
    //! Claims `order`; null when another host holds it (counted in `counts.skipped`) or the claim failed
    //! (counted in `counts.still_pending`, the error noted in `into` after `who`).
    std::unique_ptr<OrderClaim> claim(const OrderRef& order, const std::string& who, SettleSummary& counts,
                                      SweepSummary& into);
    //! Settles one dispute, counting into `into`.
    void settle_one(const DisputeRecord& record, SweepSummary& into);
    //! Settles one remedy: the marketplace shows it (APPLIED), or it is sent again under the same key.
    void settle_remedy(const RemedyRecord& record, SweepSummary& into);
    //! The marketplace plugin of that name, created on first use; null with the reason in `into` when there
    //! is none.
    std::shared_ptr<sdk::MarketplacePlugin> marketplace(const std::string& name, const std::string& who,
                                                        SweepSummary& into);
    //! Runs `one(items[i], part)` for every item on up to `options.concurrency` threads and merges the parts
    //! into `summary`.
    template <typename Item, typename One>
    void each(const std::vector<Item>& items, SweepSummary& summary, One&& one);
    //! The backend of that name, created on first use; null with the reason in `into` when there is none.
    std::shared_ptr<sdk::TicketingPlugin> backend(const std::string& name, const std::string& who,
                                                  SweepSummary& into);

    SweepContext& context_;
    std::mutex backends_mutex_;
};

}  // namespace unstuck::core
