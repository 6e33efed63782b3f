#include "progress_bar.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace unstuck::host {
namespace {

// 1234567 → "1,234,567".
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string duration(double seconds) {
    auto s = static_cast<std::uint64_t>(seconds + 0.5);
    if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    return fmt::format("{}:{:02}", s / 60, s % 60);
}

int terminal_width() {
    winsize ws{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
    return 80;
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::function<ProgressSample()> sample,
                         std::optional<std::uint64_t> total_bytes)
    : label_(std::move(label)),
      sample_(std::move(sample)),
      total_bytes_(total_bytes),
      started_(std::chrono::steady_clock::now()),
      thread_([this] { loop(); }) {}

ProgressBar::~ProgressBar() {
    stop();
}

bool ProgressBar::wanted() {
    return ::isatty(STDERR_FILENO) == 1;
}

std::string ProgressBar::frame(const std::string& label, ProgressSample now,
                               std::optional<std::uint64_t> total_bytes, double seconds, int width) {
    const double rate = seconds > 0 ? static_cast<double>(now.items) / seconds : 0;
    std::string tail =
        fmt::format("  {} {}  {}/s", grouped(now.items), label, grouped(static_cast<std::uint64_t>(rate)));
    if (!total_bytes || *total_bytes == 0) return tail.substr(2);
    double fraction = std::min(1.0, static_cast<double>(now.bytes) / static_cast<double>(*total_bytes));
    if (now.bytes > 0 && seconds > 0) {
        double left = seconds * (1.0 - fraction) / std::max(fraction, 1e-9);
        tail += "  " + duration(left) + " left";
    }
    std::string percent = fmt::format(" {:3}%", static_cast<int>(fraction * 100));
    int bar = std::max(10, std::min(40, width - static_cast<int>(tail.size() + percent.size()) - 3));
    int filled = static_cast<int>(fraction * bar);
    return "[" + std::string(static_cast<std::size_t>(filled), '#') +
           std::string(static_cast<std::size_t>(bar - filled), '.') + "]" + percent + tail;
}

void ProgressBar::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_; });
        if (stopping_) break;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        int width = terminal_width();
        std::string line = frame(label_, sample_(), total_bytes_, seconds, width);
        if (static_cast<int>(line.size()) >= width) line.resize(static_cast<std::size_t>(width - 1));
        std::fprintf(stderr, "\r%s\033[K", line.c_str());
        std::fflush(stderr);
    }
}

void ProgressBar::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

}  // namespace unstuck::host
