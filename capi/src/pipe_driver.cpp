// Sweeping through Sweep::run, as the host does: the calling thread writes the lines into a pipe that the
// run reads on its own thread, and reports progress while it waits.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>

#include "api_error.hpp"
#include "run_context.hpp"

namespace unstuck::capi {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;  // lines are gathered up to this much before a write

// Both ends of a pipe, closed when it goes away.
struct Pipe {
    int read_end = -1, write_end = -1;
    Pipe() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            throw ApiError{UNSTUCK_EIO, std::string("sweep: a pipe: ") + std::strerror(errno)};
        read_end = fds[0];
        write_end = fds[1];
        ::fcntl(write_end, F_SETFL, ::fcntl(write_end, F_GETFL) | O_NONBLOCK);
    }
    ~Pipe() {
        close_write();
        if (read_end >= 0) ::close(read_end);
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    void close_write() {
        if (write_end >= 0) ::close(write_end);
        write_end = -1;
    }
};

}  // namespace

void drive_pipe(RunContext& c) {
    core::Sweep& sweep = c.state.open->sweep();
    Pipe pipe;
    auto run = std::async(std::launch::async, [&sweep, fd = pipe.read_end] { return sweep.run(fd); });
    // However this ends, the run sees the end of its input and is waited for before the pipe goes.
    struct Finish {
        Pipe& pipe;
        std::future<core::SweepSummary>& run;
        ~Finish() {
            pipe.close_write();
            if (run.valid()) run.wait();
        }
    } finish{pipe, run};

    auto sample = [&] {
        c.lines_done = sweep.lines_done();
        c.bytes_done = sweep.bytes_done();
        c.tick();
    };
    std::string chunk, line;
    std::size_t written = 0;
    std::uint64_t number = 0;
    bool end = false;
    std::string write_error;
    for (;;) {
        if (written == chunk.size()) {
            if (end || !c.stop_reason.empty()) break;
            chunk.clear();
            written = 0;
            // A slow source is handed on at least every kProgressEvery, so progress and logs keep coming.
            const auto gathering = std::chrono::steady_clock::now();
            while (chunk.size() < kChunkBytes &&
                   std::chrono::steady_clock::now() - gathering < kProgressEvery) {
                line.clear();
                if (c.next_line(line, number + 1) == 0) {
                    end = true;
                    break;
                }
                ++number;
                try {
                    require_utf8(std::string_view(line), "line " + std::to_string(number));
                } catch (const ApiError& e) {
                    // Counted here; an empty line keeps the numbers of the lines after it.
                    ++c.total.lines;
                    ++c.total.bad_lines;
                    c.total.error(e.message);
                    line.clear();
                }
                chunk += line;
                chunk += '\n';
            }
            continue;
        }
        // After a stop, only the line being written is finished.
        std::size_t until = chunk.size();
        if (!c.stop_reason.empty()) {
            if (written == 0 || chunk[written - 1] == '\n') break;
            until = chunk.find('\n', written) + 1;
        }
        ssize_t n = ::write(pipe.write_end, chunk.data() + written, until - written);
        if (n > 0) {
            written += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EAGAIN) {
            pollfd p{pipe.write_end, POLLOUT, 0};
            ::poll(&p, 1, static_cast<int>(kProgressEvery.count()));
            sample();
        } else if (n < 0 && errno != EINTR) {
            write_error = std::string("sweep: writing to the run: ") + std::strerror(errno);
            break;
        }
        if (std::chrono::steady_clock::now() - c.last_progress >= kProgressEvery) sample();
    }
    pipe.close_write();
    while (run.wait_for(kProgressEvery) != std::future_status::ready) sample();
    core::SweepSummary summary = run.get();
    c.total.merge(summary);
    c.lines_done = sweep.lines_done();
    c.bytes_done = sweep.bytes_done();
    if (!write_error.empty()) throw ApiError{UNSTUCK_EIO, write_error};
}

}  // namespace unstuck::capi
