#pragma once
// Private: one run of a sweep as the drivers share it: the lines to read, the counts, the callbacks, and why
// it stopped early (if it did).

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "sweep_state.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::capi {

//! How often progress is reported, and logs handed on, during a run.
inline constexpr auto kProgressEvery = std::chrono::milliseconds(100);

//! A run in progress.
struct RunContext {
    RunContext(SweepState& s, const LineFeed& f, core::SweepSummary& t) : state(s), feed(f), total(t) {}

    SweepState& state;
    const LineFeed& feed;
    core::SweepSummary& total;           //!< what the drivers add to
    std::function<void()> deliver_logs;  //!< hands queued log lines to the caller's callback
    std::string stop_reason;             //!< set when a callback asked to stop
    std::uint64_t lines_done = 0;        //!< non-blank lines done so far
    std::uint64_t bytes_done = 0;        //!< input bytes done so far
    std::chrono::steady_clock::time_point last_progress = std::chrono::steady_clock::now();

    //! Delivers logs and, when due (or `last`), calls the progress callback with lines_done and bytes_done;
    //! a nonzero answer sets stop_reason.
    void tick(bool last = false);
    //! Reads the next line: 1 with the line (no newline) in `line`, 0 at the end; a negative answer of the
    //! source sets stop_reason and gives 0.
    int next_line(std::string& line, std::uint64_t number);
};

//! Sweeps order by order on the sweep's worker count, calling the decision callback with each recorded
//! decision (used when there is one).
void drive_orders(RunContext& run);

//! Sweeps through Sweep::run, the lines written to it through a pipe (used without a decision callback).
void drive_pipe(RunContext& run);

}  // namespace unstuck::capi
