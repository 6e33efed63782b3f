#pragma once
//! The sweep: for every order, fetch its tracking through the carrier plugins, decide with the policy and
//! the disputes the store knows, record the decision, file each dispute exactly once, and send each
//! seller-shipped remedy (delivery status with proof of delivery) through its marketplace plugin once.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "unstuck/core/config/sweep_options.hpp"
#include "unstuck/core/disputes/dispute_routes.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"
#include "unstuck/core/tracking/pushed_tracking.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! How a sweep runs.
struct SweepRunOptions {
    SweepOptions sweep;    //!< the config's `sweep` section
    DisputeRoutes routes;  //!< the config's `routes` section
    //! Orders in flight at once; 0: `sweep.concurrency`.
    unsigned concurrency = 0;
    //! Decide only: no claims, no records, no filing, no evidence files. The store, when given, is read.
    bool dry_run = false;
    //! Decide at this instant; else at the case's own `now`, else at the clock.
    std::optional<sdk::Timestamp> now;
    //! Relative file names in orders (buyer confirmation evidence) resolve here; default: working folder.
    std::filesystem::path order_files_dir;
    //! The wall clock (decision times, claims, dispute updates); default: the system clock.
    std::function<sdk::Timestamp()> clock;
};

//! Runs sweeps with one set of plugins, one policy and one store. Thread-safe after prepare(); one run at a
//! time.
class Sweep {
  public:
    //! `store` may be null only for a dry run (nothing is read from or written to a store then).
    Sweep(PluginHost& plugins, const PolicyEngine& engine, CaseStore* store, SweepRunOptions options);
    ~Sweep();
    Sweep(const Sweep&) = delete;
    Sweep& operator=(const Sweep&) = delete;

    //! Checks the settings against the policy and the loaded plugins and creates the plugins a sweep uses:
    //! every carrier plugin, and (unless a dry run) every route's ticketing plugin and every marketplace
    //! plugin of `sweep.marketplaces` (a dry run only checks they are loaded). Errors name the config path:
    //! `routes[0].backend: plugin zendesk: not found in the plugin folders`,
    //! `sweep.marketplaces[0]: plugin x: ...`.
    sdk::Status prepare();

    //! Settles every PENDING dispute left by an earlier run before anything is filed: asks its backend for
    //! the key; found, it is FILED; not found, the stored request is filed again under the same key. Then
    //! every PENDING remedy likewise: the marketplace shows the package delivered (find_delivery_status),
    //! it is APPLIED; not, the stored update is sent again under the same key (counted in
    //! `summary.settled_remedies`). One whose order another host holds is left to that host. Nothing
    //! happens in a dry run. Returns the disputes' counts.
    SettleSummary settle_pending(SweepSummary& summary);

    //! Sweeps the order cases read from `fd`, one JSON document a line (blank lines skipped), on the
    //! configured number of threads; memory stays bounded by the concurrency, not the number of orders.
    //! An order whose carrier call fails is not recorded and stays due; the batch goes on. A line longer than
    //! 64 MiB is a bad line (`line N: longer than 64 MiB; skipped`), never buffered whole.
    SweepSummary run(int fd);

    //! Sweeps one order case document (the same steps as a line of run()), adding to `summary`. `line` names
    //! it in messages (0: none). `now`, when given, is the instant to decide at, over SweepRunOptions::now
    //! and the case's own `now` (a service re-checking a stored case decides at its clock). The order is
    //! claimed for the call and released after it, even when decided earlier in a run (one order asked for by
    //! name).
    void process(std::string_view json, SweepSummary& summary, std::uint64_t line = 0,
                 std::optional<sdk::Timestamp> now = {});
    //! The same as process(), the packages whose numbers `pushed` holds taking that tracking instead of a
    //! fetch (a webhook's events merged with the stored ones).
    void process_pushed(std::string_view json, const PushedTracking& pushed, SweepSummary& summary,
                        std::optional<sdk::Timestamp> now = {});

    //! Re-checks stored order cases whose orders the caller has claimed already (a scheduler's batch): the
    //! same steps as process() at `now`, each dispute filed exactly once, but the decisions recorded in one
    //! transaction for the span (for each 100 ms of it, when slower); the claims of the orders read are
    //! released once their decisions are recorded. Adds to `summary`. Takes no further case once `stop` is
    //! set: returns how many of `jsons` it took from the front, the rest left claimed and untouched.
    std::size_t process_claimed(std::span<const std::string_view> jsons, SweepSummary& summary,
                                sdk::Timestamp now, const std::atomic<bool>* stop = nullptr);

    //! Input lines done so far in the current run (orders decided, skipped, failed or bad).
    std::uint64_t lines_done() const noexcept { return lines_done_.load(std::memory_order_relaxed); }
    //! Input bytes done so far in the current run.
    std::uint64_t bytes_done() const noexcept { return bytes_done_.load(std::memory_order_relaxed); }

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::atomic<std::uint64_t> lines_done_{0};
    std::atomic<std::uint64_t> bytes_done_{0};
};

}  // namespace unstuck::core
