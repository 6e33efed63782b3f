#pragma once
// Private: one thread's share of a sweep: its own reader, cases, decision, tracker, filer, remedy and
// counts.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/dispute_filer.hpp"
#include "sweep/pod_remedy.hpp"
#include "sweep/sweep_context.hpp"
#include "sweep/ticket_follower.hpp"
#include "tracking/order_tracker.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::core {

class SweepWorker {
  public:
    explicit SweepWorker(SweepContext& context);

    //! Reads, claims (unless a dry run), tracks, decides, records and files a batch of lines.
    void process_batch(const LineBatch& batch);
    //! The same for one document; with `padded` the kOrderReaderPadding bytes after it are readable. `now`:
    //! decide at this instant (else as act() does). The claim does not skip orders decided since a run began.
    void process_line(std::string_view json, std::uint64_t line, bool padded,
                      std::optional<sdk::Timestamp> now = {});

    //! Tracks, decides at `now`, records and files stored order cases whose orders the caller has claimed:
    //! one transaction records the decisions of the batch (of each kRecordEvery of it, when slower), then the
    //! claims of the orders read are released. Takes no further case once `stop` is set; returns how many it
    //! took from the front (the rest are left claimed and untouched).
    std::size_t process_claimed(std::span<const std::string_view> jsons, sdk::Timestamp now,
                                const std::atomic<bool>* stop = nullptr);
    //! A claimed batch slower than this records what it decided so far, then goes on.
    static constexpr std::chrono::milliseconds kRecordEvery{100};

    //! This worker's counts.
    SweepSummary summary;
    //! Tracking just pushed, by number: the packages with those numbers take it instead of a fetch.
    const PushedTracking* pushed = nullptr;

  private:
    // Tracks, decides, records and files one parsed order; `json` is its document as given. Decides at
    // `at`, else the run's `now`, else the case's own, else the clock.
    void act(OrderCase& order, std::string_view json, std::uint64_t line,
             std::optional<sdk::Timestamp> at = {});
    void flush();

    SweepContext& context_;
    OrderReader reader_;
    OrderTracker tracker_;
    DisputeFiler filer_;
    PodRemedy remedy_;
    TicketFollower follower_;
    Decision decision_;
    std::vector<OrderCase> cases_;  // a batch's parsed orders, storage reused
    std::vector<DecisionRecord> records_;
};

}  // namespace unstuck::core
