#include "unstuck/core/check_batch.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "unstuck/core/order_reader.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {
namespace {

constexpr std::size_t kReadBlock = std::size_t{4} << 20;
constexpr std::size_t kLinesPerTask = 256;

struct Line {
    const char* data;
    std::size_t size;
    std::size_t number;
};

// Decides lines [begin, end) into `out`; returns how many were rejected.
std::size_t decide_lines(OrderChecker& checker, const std::vector<Line>& lines, std::size_t begin,
                         std::size_t end, std::string& out) {
    std::size_t rejected = 0;
    for (std::size_t i = begin; i < end; ++i) {
        const Line& line = lines[i];
        sdk::Status status;
        std::size_t mark = out.size();
        try {
            status = checker.check(std::string_view(line.data, line.size), out, true);
        } catch (const std::exception& e) {
            status = sdk::Error{std::string("internal error: ") + e.what()};
        }
        if (!status) {
            out.resize(mark);
            sdk::JsonWriter w(out);
            w.begin_object().field("line", static_cast<std::int64_t>(line.number));
            w.field("error", status.message()).end_object();
            ++rejected;
        }
        out += '\n';
    }
    return rejected;
}

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
    std::vector<std::unique_ptr<OrderChecker>> checkers;
    for (unsigned i = 0; i < threads; ++i)
        checkers.push_back(std::make_unique<OrderChecker>(engine, options));

    BatchResult result;
    std::vector<char> buffer(2 * kReadBlock + kOrderReaderPadding);
    std::size_t have = 0;         // bytes of input in the buffer
    std::size_t line_number = 0;  // input lines consumed so far
    std::vector<Line> lines;
    std::vector<std::string> outputs;
    bool eof = false;

    while (!eof) {
        if (buffer.size() < have + kReadBlock + kOrderReaderPadding)
            buffer.resize(have + kReadBlock + kOrderReaderPadding);
        ssize_t n = ::read(in_fd, buffer.data() + have, kReadBlock);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            result.io_error = std::string("cannot read the input: ") + std::strerror(errno);
            break;
        }
        eof = n == 0;
        have += static_cast<std::size_t>(n);

        // Complete lines only; the last partial line waits for more input (or for the end).
        std::size_t complete = have;
        if (!eof) {
            const char* last = static_cast<const char*>(memrchr(buffer.data(), '\n', have));
            if (!last) continue;
            complete = static_cast<std::size_t>(last - buffer.data()) + 1;
        }
        lines.clear();
        for (std::size_t pos = 0; pos < complete;) {
            const char* start = buffer.data() + pos;
            const char* nl = static_cast<const char*>(std::memchr(start, '\n', complete - pos));
            std::size_t size = nl ? static_cast<std::size_t>(nl - start) : complete - pos;
            pos += size + 1;
            ++line_number;
            std::size_t trimmed = size;
            while (trimmed > 0 &&
                   (start[trimmed - 1] == '\r' || start[trimmed - 1] == ' ' || start[trimmed - 1] == '\t'))
                --trimmed;
            std::size_t lead = 0;
            while (lead < trimmed && (start[lead] == ' ' || start[lead] == '\t')) ++lead;
            if (lead == trimmed) continue;
            lines.push_back({start + lead, trimmed - lead, line_number});
        }

        std::size_t tasks = (lines.size() + kLinesPerTask - 1) / kLinesPerTask;
        if (outputs.size() < tasks) outputs.resize(tasks);
        std::atomic<std::size_t> next{0};
        std::atomic<std::size_t> rejected{0};
        auto work = [&](OrderChecker& checker) {
            std::size_t mine = 0;
            for (std::size_t t; (t = next.fetch_add(1)) < tasks;) {
                outputs[t].clear();
                mine += decide_lines(checker, lines, t * kLinesPerTask,
                                     std::min(lines.size(), (t + 1) * kLinesPerTask), outputs[t]);
            }
            rejected += mine;
        };
        std::vector<std::thread> helpers;
        unsigned wanted = static_cast<unsigned>(std::min<std::size_t>(threads, tasks));
        for (unsigned i = 1; i < wanted; ++i) helpers.emplace_back(work, std::ref(*checkers[i]));
        work(*checkers[0]);
        for (auto& h : helpers) h.join();

        result.rejected += rejected;
        result.decided += lines.size() - rejected;
        for (std::size_t t = 0; t < tasks; ++t)
            if (!write_all(out_fd, outputs[t], result.io_error)) return result;

        std::memmove(buffer.data(), buffer.data() + complete, have - complete);
        have -= complete;
    }
    return result;
}

}  // namespace unstuck::core
