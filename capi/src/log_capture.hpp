#pragma once
// Private: the core's log lines go through this library, to stderr, or to the log callbacks of the sweep
// runs in progress, each delivered on the thread that called its run.

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "unstuck.h"
#include "unstuck/core/config/log_options.hpp"

namespace unstuck::capi {

//! Sets the core's log level and format from a host config; lines pass through the captures below.
void route_logs(const core::LogOptions& options);

//! While alive, receives every log line of the process (level 0 trace .. 5 critical), to hand them to a
//! caller's callback with deliver() on the caller's thread.
class LogCapture {
  public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    //! Queues one line (called by the log stream, any thread).
    void push(int level, std::string line);
    //! Calls `fn` for every queued line, oldest first.
    void deliver(unstuck_log_fn fn, void* ctx);

  private:
    std::mutex mutex_;
    std::deque<std::pair<int, std::string>> lines_;
};

}  // namespace unstuck::capi
