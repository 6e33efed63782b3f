#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "api_error.hpp"
#include "log_capture.hpp"
#include "summary_json.hpp"
#include "sweep_state.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::capi {
namespace {

constexpr auto kProgressEvery = std::chrono::milliseconds(100);

struct Job {
    std::uint64_t line = 0;
    std::string text;
};

struct Done {
    std::uint64_t bytes = 0;
    core::SweepSummary part;
    std::string decision_json;  // the decision as recorded, when wanted and one was
};

// Orders go to worker threads; what they did comes back to the calling thread, which alone calls back.
class Run {
  public:
    Run(SweepState& state) : state_(state), sweep_(state.open->sweep()), store_(state.open->store()) {
        wants_decisions_ = state.options.decision && store_ && !state.options.dry_run;
    }

    void start() {
        for (unsigned i = 0; i < state_.workers; ++i) pool_.emplace_back([this] { work(); });
    }

    void stop_workers() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        jobs_ready_.notify_all();
        for (auto& t : pool_) t.join();
        pool_.clear();
    }

    ~Run() { stop_workers(); }

    void push(Job job) {
        {
            std::lock_guard lock(mutex_);
            jobs_.push_back(std::move(job));
        }
        jobs_ready_.notify_one();
    }

    // Waits for at least one finished order and takes every finished one.
    std::deque<Done> take() {
        std::unique_lock lock(mutex_);
        done_ready_.wait_for(lock, kProgressEvery, [&] { return !done_.empty(); });
        std::deque<Done> out;
        out.swap(done_);
        return out;
    }

    // Later jobs are dropped unprocessed (their orders stay due).
    void cancel() { cancelled_ = true; }

  private:
    void work() {
        core::OrderReader reader;
        for (;;) {
            Job job;
            {
                std::unique_lock lock(mutex_);
                jobs_ready_.wait(lock, [&] { return closed_ || !jobs_.empty(); });
                if (jobs_.empty()) return;
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            Done done;
            done.bytes = job.text.size() + 1;
            if (!cancelled_) {
                try {
                    process(reader, job, done);
                } catch (const std::exception& e) {
                    ++done.part.failed;
                    done.part.error("line " + std::to_string(job.line) + ": internal error: " + e.what());
                }
            }
            {
                std::lock_guard lock(mutex_);
                done_.push_back(std::move(done));
            }
            done_ready_.notify_one();
        }
    }

    void process(core::OrderReader& reader, const Job& job, Done& done) {
        try {
            require_utf8(std::string_view(job.text), "line " + std::to_string(job.line));
        } catch (const ApiError& e) {
            ++done.part.lines;
            ++done.part.bad_lines;
            done.part.error(e.message);
            return;
        }
        sweep_.process(job.text, done.part, job.line);
        if (!wants_decisions_ || done.part.decided == 0) return;
        auto order = reader.read(job.text);
        if (!order) return;
        auto record = store_->find_order(core::OrderRef::of(*order));
        if (record && *record) done.decision_json = (*record)->decision_json;
    }

    SweepState& state_;
    core::Sweep& sweep_;
    core::CaseStore* store_;
    bool wants_decisions_ = false;
    std::atomic<bool> cancelled_{false};
    std::mutex mutex_;
    std::condition_variable jobs_ready_, done_ready_;
    std::deque<Job> jobs_;
    std::deque<Done> done_;
    bool closed_ = false;
    std::vector<std::thread> pool_;
};

std::string progress_json(std::uint64_t lines, std::uint64_t bytes, const core::SweepSummary& s) {
    std::string out;
    sdk::JsonWriter w(out);
    auto n = [](std::uint64_t v) { return static_cast<std::int64_t>(v); };
    w.begin_object().field("lines", n(lines)).field("bytes", n(bytes)).field("decided", n(s.decided));
    w.field("filed", n(s.filed)).field("failed", n(s.failed)).field("bad_lines", n(s.bad_lines)).end_object();
    return out;
}

// Clears the busy flag however the run ends.
struct BusyGuard {
    std::atomic<bool>& busy;
    ~BusyGuard() { busy = false; }
};

}  // namespace

int run_sweep(SweepState& state, const LineFeed& feed, char** out_summary_json) {
    if (state.busy.exchange(true))
        throw ApiError{UNSTUCK_EINVALID, "sweep: busy: another run of this sweep is in progress"};
    BusyGuard busy{state.busy};
    const auto& o = state.options;
    std::optional<LogCapture> logs;
    if (o.log) logs.emplace();
    auto deliver_logs = [&] {
        if (logs) logs->deliver(o.log, o.log_ctx);
    };

    const auto started = std::chrono::steady_clock::now();
    core::Sweep& sweep = state.open->sweep();
    core::SweepSummary total;
    total.dry_run = o.dry_run != 0;
    sweep.settle_pending(total);

    std::string stop_reason;
    std::uint64_t line = 0, lines_done = 0, bytes_done = 0, in_flight = 0;
    bool end = false;
    auto last_progress = std::chrono::steady_clock::now();
    const std::uint64_t cap = 2 * static_cast<std::uint64_t>(state.workers);
    {
        Run run(state);
        run.start();
        std::string text;
        for (;;) {
            while (!end && stop_reason.empty() && in_flight < cap) {
                text.clear();
                const int r = feed(text);
                if (r < 0) {
                    stop_reason = "the line source asked to stop after line " + std::to_string(line);
                } else if (r == 0) {
                    end = true;
                } else {
                    ++line;
                    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
                    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
                        bytes_done += text.size() + 1;  // blank lines are skipped, as in a file
                        continue;
                    }
                    run.push(Job{line, std::move(text)});
                    ++in_flight;
                }
            }
            if (in_flight == 0 && (end || !stop_reason.empty())) break;
            for (auto& done : run.take()) {
                --in_flight;
                ++lines_done;
                bytes_done += done.bytes;
                total.merge(done.part);
                if (stop_reason.empty() && !done.decision_json.empty() &&
                    o.decision(o.decision_ctx, done.decision_json.c_str()) != 0)
                    stop_reason = "the decision callback asked to stop";
            }
            deliver_logs();
            const auto now = std::chrono::steady_clock::now();
            const bool last = in_flight == 0 && (end || !stop_reason.empty());
            if (o.progress && stop_reason.empty() && (last || now - last_progress >= kProgressEvery)) {
                last_progress = now;
                if (o.progress(o.progress_ctx, progress_json(lines_done, bytes_done, total).c_str()) != 0)
                    stop_reason = "the progress callback asked to stop";
            }
            if (!stop_reason.empty()) run.cancel();
        }
    }
    deliver_logs();
    if (!stop_reason.empty()) throw ApiError{UNSTUCK_ECALLBACK, "sweep: " + stop_reason};
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    *out_summary_json = give(summary_json(total, state.open->store()));
    return succeed();
}

}  // namespace unstuck::capi
