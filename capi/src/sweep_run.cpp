// A run of a sweep: one at a time, disputes left pending settled first, the lines swept by one of the two
// drivers, the callbacks called on this thread, the summary as JSON.
#include <optional>

#include "api_error.hpp"
#include "log_capture.hpp"
#include "run_context.hpp"
#include "summary_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::capi {
namespace {

std::string progress_json(std::uint64_t lines, std::uint64_t bytes, bool last) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object().field("lines", static_cast<std::int64_t>(lines));
    w.field("bytes", static_cast<std::int64_t>(bytes)).field("done", last).end_object();
    return out;
}

// Clears the busy flag however the run ends.
struct BusyGuard {
    std::atomic<bool>& busy;
    ~BusyGuard() { busy = false; }
};

}  // namespace

void RunContext::tick(bool last) {
    deliver_logs();
    const auto& o = state.options;
    const auto now = std::chrono::steady_clock::now();
    if (!o.progress || !stop_reason.empty() || (!last && now - last_progress < kProgressEvery)) return;
    last_progress = now;
    if (o.progress(o.progress_ctx, progress_json(lines_done, bytes_done, last).c_str()) != 0)
        stop_reason = "the progress callback asked to stop";
}

int RunContext::next_line(std::string& line, std::uint64_t number) {
    const int r = feed(line);
    if (r < 0) {
        stop_reason = "the line source asked to stop after line " + std::to_string(number - 1);
        return 0;
    }
    if (r == 0) return 0;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    return 1;
}

int run_sweep(SweepState& state, const LineFeed& feed, char** out_summary_json) {
    if (state.busy.exchange(true))
        throw ApiError{UNSTUCK_EINVALID, "sweep: busy: another run of this sweep is in progress"};
    BusyGuard busy{state.busy};
    const auto& o = state.options;
    std::optional<LogCapture> logs;
    if (o.log) logs.emplace();

    const auto started = std::chrono::steady_clock::now();
    core::SweepSummary total;
    total.dry_run = o.dry_run != 0;
    RunContext run(state, feed, total);
    run.deliver_logs = [&] {
        if (logs) logs->deliver(o.log, o.log_ctx);
    };
    state.open->sweep().settle_pending(total);
    // Decisions are read back from the store order by order; without that callback the host's own run does
    // it.
    if (o.decision && state.open->store() && !o.dry_run)
        drive_orders(run);
    else
        drive_pipe(run);
    run.tick(true);
    run.deliver_logs();
    if (!run.stop_reason.empty()) throw ApiError{UNSTUCK_ECALLBACK, "sweep: " + run.stop_reason};
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    *out_summary_json = give(summary_json(total, state.open->store()));
    return succeed();
}

}  // namespace unstuck::capi
