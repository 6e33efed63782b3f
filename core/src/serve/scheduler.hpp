#pragma once
// Private: the scheduler of `unstuck serve`: each order is looked at again at its `next_check_at`. A loop
// claims the due orders in batches, re-checks the stored order cases through the sweep's batch step at the
// service clock on a bounded pool (each thread a slice, its decisions recorded in one transaction), and
// sleeps until the earliest next check, `idle_poll_ms` or a wake-up. Beside it, a second thread pulls each
// `sweep.marketplaces` plugin's changed orders every `serve.scheduler.pull_every_s`, at the service clock.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "serve/serve_context.hpp"
#include "unstuck/core/marketplace/marketplace_sync.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

// What one pass (one claimed batch) did.
struct SchedulerPass {
    std::size_t claimed = 0;    // due orders claimed at the clock
    std::size_t rechecked = 0;  // of them, run through the sweep's step
    std::size_t released = 0;   // of them, given back untouched (stopping)
    std::string error;          // the store failed to claim (nothing was claimed); empty: none
    SweepSummary summary;       // the re-checks' counts
};

// Counts since start, for tests and logs.
struct SchedulerStats {
    std::uint64_t passes = 0;        // passes that claimed (or tried to claim)
    std::uint64_t rechecked = 0;     // orders run through the sweep's step
    std::uint64_t pulls = 0;         // pulls of the marketplace plugins (each plugin's counts once)
    std::uint64_t store_errors = 0;  // store calls of the loop that failed (each logged, then retried)
    std::string last_error;          // the last of them
};

class Scheduler {
  public:
    // A re-check that could not decide (carrier or store failure) or file (the backend asked to retry) is
    // tried again this long after, at the service clock.
    static constexpr std::chrono::seconds kRetryDelay{60};
    // PENDING disputes (a filer that died, a backend that asked to retry) are settled with their backends on
    // start, then once a claim lease (a dead filer's claim must lapse first), at most this long apart.
    static constexpr std::chrono::seconds kSettleEvery{60};

    // A pool thread re-checks at most this many claimed orders as one sweep batch.
    static constexpr std::size_t kSlice = 64;

    explicit Scheduler(ServeContext& context);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // Starts the loop on its own thread, and the marketplace pulls on another when `pull_every_s` is not 0
    // and `sweep.marketplaces` names plugins (nothing when `serve.scheduler.enabled` is false, or started).
    void start();
    // Stops the loop: the orders being re-checked are finished, the rest of the batch is released; returns
    // when the loop has ended.
    void stop();
    // The loop looks at the store now rather than at its next wake-up (an order was submitted).
    void wake();

    // One pass at the service clock: claims up to `serve.scheduler.batch` due orders, re-checks them on the
    // pool, each thread a slice of at most kSlice, and puts off those still due after (see kRetryDelay). For
    // tests and `POST /v1/sweeps`.
    SchedulerPass run_once();
    // Pulls each `sweep.marketplaces` plugin's changed orders once at the service clock, one plugin after
    // the other, and counts them in the metrics; the counts of every plugin. For tests.
    SweepSummary pull_marketplaces();

    // How long the loop would sleep now: until the earliest next check of an order no host holds, at most
    // `idle_poll_ms`; none when the store could not say (the loop sleeps `idle_poll_ms`).
    std::optional<std::chrono::milliseconds> sleep_time();

    // Counts since construction.
    SchedulerStats stats() const;
    // Whether the loop runs.
    bool running() const noexcept { return thread_.joinable(); }

  private:
    void loop();
    void pull_loop();
    void settle();
    void note_store_error(const std::string& message);
    // Re-checks a slice of the claimed batch as one sweep batch; marks in `started` those taken.
    void recheck(std::span<const OrderRecord> orders, std::span<char> started, SweepSummary& into);

    ServeContext& context_;
    std::thread thread_;
    std::thread pull_thread_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::condition_variable wakeup_;
    std::condition_variable pull_wakeup_;                    // the pull thread's sleep, ended by stop()
    std::vector<std::unique_ptr<MarketplaceSync>> markets_;  // one per `sweep.marketplaces` plugin
    bool woken_ = false;
    SchedulerStats stats_;
    std::uint64_t due_ = 0;  // the gauge: due orders as last counted, less those re-checked since
    std::optional<std::chrono::steady_clock::time_point> last_settle_;
};

}  // namespace unstuck::core
