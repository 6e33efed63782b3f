// The calling thread reads blocks of whole lines (util/json_lines_reader.hpp) and writes finished blocks in
// input order; every thread (the calling one too, while it waits) decides tasks of a few hundred lines. There
// is no barrier per block, so a thread the scheduler pauses holds up only its own task.
#include "unstuck/core/check/check_batch.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::core {
namespace {

constexpr std::size_t kBlockBytes = std::size_t{4} << 20;
constexpr std::size_t kLinesPerTask = 256;
constexpr std::size_t kBlocksInFlight = 4;

// A block of whole input lines, the outputs of its tasks, and how many tasks are still running.
struct Block {
    LineBatch batch;                    // the lines, padded for in-place parsing
    std::vector<std::string> outputs;   // one per task
    std::vector<std::size_t> rejected;  // one per task
    std::atomic<std::size_t> pending{0};
    std::size_t tasks() const { return (batch.lines.size() + kLinesPerTask - 1) / kLinesPerTask; }
};

struct Task {
    Block* block;
    std::size_t index;
};

void write_error(std::string& out, std::uint64_t line, std::string_view error) {
    sdk::JsonWriter w(out);
    w.begin_object().field("line", static_cast<std::int64_t>(line));
    w.field("error", error).end_object();
}

// Decides one line (number `number`) into `out` with its newline: the decision, or the error line. Returns
// false when the line was rejected.
bool decide_line(OrderChecker& checker, std::string_view text, std::uint64_t number, bool padded,
                 std::string& out) {
    sdk::Status status;
    std::size_t mark = out.size();
    try {
        status = checker.check(text, out, padded);
    } catch (const std::exception& e) {
        status = sdk::Error{std::string("internal error: ") + e.what()};
    }
    if (!status) {
        out.resize(mark);
        write_error(out, number, status.message());
    }
    out += '\n';
    return status.ok();
}

// Decides lines [begin, end) into `out`; returns how many were rejected.
std::size_t decide_lines(OrderChecker& checker, const LineBatch& batch, std::size_t begin, std::size_t end,
                         std::string& out) {
    std::size_t rejected = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const InputLine& line = batch.lines[i];
        if (line.too_long) {
            write_error(out, line.number, line_too_long_error());
            ++rejected;
            out += '\n';
            continue;
        }
        if (!decide_line(checker, batch.line(line), line.number, true, out)) ++rejected;
    }
    return rejected;
}

// The tasks waiting for a thread, and the signal that a block is finished.
class Tasks {
  public:
    void push(Block& block) {
        std::lock_guard lock(mutex_);
        for (std::size_t t = 0; t < block.tasks(); ++t) queue_.push_back({&block, t});
        work_.notify_all();
    }
    // The next task; waits for one unless `wait` is false; none when closed (or empty and not waiting).
    std::optional<Task> pop(bool wait) {
        std::unique_lock lock(mutex_);
        if (wait) work_.wait(lock, [&] { return closed_ || !queue_.empty(); });
        if (queue_.empty()) return std::nullopt;
        Task t = queue_.front();
        queue_.pop_front();
        return t;
    }
    void run(const Task& task, OrderChecker& checker) {
        Block& b = *task.block;
        std::size_t begin = task.index * kLinesPerTask;
        std::string& out = b.outputs[task.index];
        out.clear();
        b.rejected[task.index] =
            decide_lines(checker, b.batch, begin, std::min(b.batch.lines.size(), begin + kLinesPerTask), out);
        if (b.pending.fetch_sub(1) == 1) {
            std::lock_guard lock(mutex_);
            done_.notify_all();
        }
    }
    // Runs queued tasks until `block` is finished, sleeping only when there is nothing to run.
    void finish(Block& block, OrderChecker& checker) {
        while (block.pending.load() > 0) {
            if (auto t = pop(false)) {
                run(*t, checker);
                continue;
            }
            std::unique_lock lock(mutex_);
            done_.wait(lock, [&] { return block.pending.load() == 0 || !queue_.empty(); });
        }
    }
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        work_.notify_all();
    }

  private:
    std::mutex mutex_;
    std::condition_variable work_;
    std::condition_variable done_;
    std::deque<Task> queue_;
    bool closed_ = false;
};

bool write_all(int fd, const std::string& data, std::string& error) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = std::string("cannot write the output: ") + std::strerror(errno);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

BatchResult check_batch(int in_fd, int out_fd, const PolicyEngine& engine, const CheckOptions& options,
                        unsigned threads) {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    Tasks tasks;
    std::vector<std::thread> workers;
    for (unsigned i = 1; i < threads; ++i) {
        workers.emplace_back([&] {
            OrderChecker checker(engine, options);
            while (auto task = tasks.pop(true)) tasks.run(*task, checker);
        });
    }
    OrderChecker checker(engine, options);
    LineBatchLimits limits;
    limits.max_bytes = kBlockBytes;
    JsonLinesReader reader(in_fd, limits);
    BatchResult result;
    std::deque<std::unique_ptr<Block>> in_flight, spare;

    while (true) {
        while (in_flight.size() < kBlocksInFlight) {
            std::unique_ptr<Block> block;
            if (spare.empty()) {
                block = std::make_unique<Block>();
            } else {
                block = std::move(spare.front());
                spare.pop_front();
            }
            if (!reader.next(block->batch)) break;
            std::size_t n = block->tasks();
            if (block->outputs.size() < n) block->outputs.resize(n);
            block->rejected.assign(n, 0);
            block->pending = n;
            tasks.push(*block);
            in_flight.push_back(std::move(block));
        }
        if (!reader.error().empty()) result.io_error = "cannot read the input: " + reader.error();
        if (in_flight.empty() || !result.io_error.empty()) break;

        Block& block = *in_flight.front();
        tasks.finish(block, checker);
        for (std::size_t t = 0; t < block.tasks(); ++t) {
            result.rejected += block.rejected[t];
            if (result.io_error.empty()) write_all(out_fd, block.outputs[t], result.io_error);
        }
        result.decided += block.batch.lines.size();
        spare.push_back(std::move(in_flight.front()));
        in_flight.pop_front();
        if (!result.io_error.empty()) break;
    }
    // Let running tasks finish before their blocks go away.
    for (auto& block : in_flight) tasks.finish(*block, checker);
    tasks.close();
    for (auto& w : workers) w.join();
    result.decided -= std::min(result.decided, result.rejected);
    return result;
}

BatchResult check_lines(OrderChecker& checker, std::string_view jsonl, std::string& out) {
    BatchResult result;
    for (std::uint64_t number = 1; !jsonl.empty(); ++number) {
        const auto end = std::min(jsonl.find('\n'), jsonl.size());
        const std::string_view line = trim_line(jsonl.substr(0, end));
        jsonl.remove_prefix(std::min(end + 1, jsonl.size()));
        if (line.empty()) continue;
        ++(decide_line(checker, line, number, false, out) ? result.decided : result.rejected);
    }
    return result;
}

}  // namespace unstuck::core
