#pragma once
// A progress line on stderr for long commands: items done, rate, time left. Only for a terminal.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace unstuck::host {

//! How far a job is: items done and input bytes done.
struct ProgressSample {
    std::uint64_t items = 0;
    std::uint64_t bytes = 0;
};

//! Redraws one line on stderr a few times a second until stopped, then erases it.
class ProgressBar {
  public:
    //! `sample` is called from the bar's thread; with `total_bytes` the bar shows a fraction and time left.
    ProgressBar(std::string label, std::function<ProgressSample()> sample,
                std::optional<std::uint64_t> total_bytes);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    //! Stops redrawing and erases the line.
    void stop();

    //! True when stderr is a terminal.
    static bool wanted();
    //! The text of one frame (for tests and the redraw): `[#####.....]  45%  12,345 orders  4,321/s  0:12
    //! left`.
    static std::string frame(const std::string& label, ProgressSample now,
                             std::optional<std::uint64_t> total_bytes, double seconds, int width);

  private:
    void loop();

    std::string label_;
    std::function<ProgressSample()> sample_;
    std::optional<std::uint64_t> total_bytes_;
    std::chrono::steady_clock::time_point started_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace unstuck::host
