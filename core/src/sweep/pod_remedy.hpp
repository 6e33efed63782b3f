#pragma once
// Private: the seller-shipped remedy of a decision, exactly once per package: the delivery-status update with
// its proof of delivery, the PENDING row, then the marketplace plugin.

#include <optional>
#include <string>

#include "sweep/sweep_context.hpp"
#include "unstuck/sdk/marketplace.hpp"

namespace unstuck::core {

class PodRemedy {
  public:
    explicit PodRemedy(SweepContext& context) : context_(context) {}

    //! Applies the remedy of every package of `decision` whose action is UPDATE_STATUS_WITH_POD, when the
    //! order's marketplace is one of the sweep's marketplace plugins, counting the outcomes in `summary` and
    //! naming errors after `who` (`line 3: order A1`). A package without proof of delivery is counted
    //! `without_proof` and sent nothing; in a dry run each is counted `would_apply`, or as
    //! the store holds it when it does. False when the order
    //! must stay due: a remedy could not be started, or the marketplace asked to retry.
    bool apply(const OrderCase& order, const Decision& decision, const std::string& who,
               SweepSummary& summary);

    //! The outcome of one call to the marketplace.
    enum class Sent { kApplied, kRejected, kRetry };
    //! Sends `update` through `plugin` (named `plugin_name`) and records the outcome on its PENDING row:
    //! APPLIED, REJECTED or a failed attempt, the last two with an error line starting `what`. Counts
    //! nothing.
    Sent send(sdk::MarketplacePlugin& plugin, const std::string& plugin_name, const sdk::PodUpdate& update,
              const std::string& what, SweepSummary& summary);

  private:
    //! The update for one package, or none when it has no proof of delivery; an error when its proof is
    //! a file that cannot be used.
    sdk::Result<std::optional<sdk::PodUpdate>> update_for(const OrderCase& order,
                                                          const PackageDecision& package) const;
    void count_existing(const RemedyRecord& record, SweepSummary& summary) const;

    SweepContext& context_;
};

//! The remedy key of an order's package: `{marketplace}:{shop_id}:{order_id}:{package}:pod`.
std::string remedy_key(const OrderCase& order, std::string_view package);

}  // namespace unstuck::core
