#pragma once
//! Pulls a marketplace plugin's changed orders into a sweep, shop by shop, from the cursors the store keeps,
//! and reads one order again when a push says it changed.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/sweep/sweep.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! Pulls a marketplace plugin's changed orders into a sweep, shop by shop, from the cursors the store keeps.
//! Each order case goes through Sweep::process, the same claim, decide, file and record steps as an input
//! line. Thread-safe after prepare(); several pulls of one shop at once are harmless (deciding is idempotent
//! and filing is keyed), only wasteful.
class MarketplaceSync {
  public:
    //! `store` null: a dry run (every pull reads from the start and stores no cursor). `concurrency`: orders
    //! of a page swept at once (at least one).
    MarketplaceSync(PluginHost& plugins, Sweep& sweep, CaseStore* store, std::string plugin,
                    unsigned concurrency = 1);
    ~MarketplaceSync();
    MarketplaceSync(const MarketplaceSync&) = delete;
    MarketplaceSync& operator=(const MarketplaceSync&) = delete;

    //! Creates the plugin; the error names it (`plugin tiktok-shop: not found in the plugin folders`).
    sdk::Status prepare();
    //! The plugin's name, which is the `marketplace` of the orders it gives.
    const std::string& plugin() const noexcept { return plugin_; }

    //! Once `*stop` is set, pull() reads no further page (the pages read keep their cursors); null: never.
    void stop_when(const std::atomic<bool>* stop) noexcept { stop_ = stop; }

    //! Every shop's orders changed since its stored cursor, each swept like an input line; a page's
    //! cursor is stored only once every order of it is recorded (a bad order, reported, does not hold it;
    //! an order that failed for a carrier or store reason does: the next pull reads that page again).
    //! Counts `pulled`; a page the plugin could not give counts `pull_errors` (one error line naming the
    //! plugin, the shop and why) and the other shops go on. `now`: decide at this instant.
    void pull(SweepSummary& summary, std::optional<sdk::Timestamp> now = {});
    //! Reads one order now and sweeps it (a push said it changed). False when it could not be read (counted
    //! in `pull_errors`, one error line).
    bool refresh(std::string_view shop_id, std::string_view order_id, SweepSummary& summary,
                 std::optional<sdk::Timestamp> now = {});

  private:
    struct Impl;
    std::string plugin_;
    std::unique_ptr<Impl> impl_;
    const std::atomic<bool>* stop_ = nullptr;
};

}  // namespace unstuck::core
