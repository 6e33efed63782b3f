// Sweeping order by order: worker threads call Sweep::process for one line each and read the decision the
// store recorded; the calling thread reads the lines and calls back.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "api_error.hpp"
#include "run_context.hpp"
#include "unstuck/core/policy/order_reader.hpp"

namespace unstuck::capi {
namespace {

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

}  // namespace

void drive_orders(RunContext& c) {
    const auto& o = c.state.options;
    std::uint64_t line = 0, in_flight = 0;
    bool end = false;
    const std::uint64_t cap = 2 * static_cast<std::uint64_t>(c.state.workers);
    Run run(c.state);
    run.start();
    std::string text;
    for (;;) {
        while (!end && c.stop_reason.empty() && in_flight < cap) {
            text.clear();
            if (c.next_line(text, line + 1) == 0) {
                end = true;
                break;
            }
            ++line;
            if (text.find_first_not_of(" \t\r") == std::string::npos) {
                c.bytes_done += text.size() + 1;  // blank lines are skipped, as in a file
                continue;
            }
            run.push(Job{line, std::move(text)});
            ++in_flight;
        }
        if (in_flight == 0 && (end || !c.stop_reason.empty())) break;
        for (auto& done : run.take()) {
            --in_flight;
            ++c.lines_done;
            c.bytes_done += done.bytes;
            c.total.merge(done.part);
            if (c.stop_reason.empty() && !done.decision_json.empty() &&
                o.decision(o.decision_ctx, done.decision_json.c_str()) != 0)
                c.stop_reason = "the decision callback asked to stop";
        }
        c.tick();
        if (!c.stop_reason.empty()) run.cancel();
    }
}

}  // namespace unstuck::capi
