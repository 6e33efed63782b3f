#include "log_capture.hpp"

#include <algorithm>
#include <iostream>
#include <streambuf>
#include <vector>

#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::capi {
namespace {

// The level named in a text (`... warning [name] msg`) or JSON (`"level":"warning"`) log line.
int level_of(std::string_view line) {
    static constexpr std::pair<std::string_view, int> kNames[] = {
        {"critical", 5}, {"error", 4}, {"warning", 3}, {"info", 2}, {"debug", 1}, {"trace", 0}};
    std::size_t best = std::string_view::npos;
    int level = 2;
    for (const auto& [name, value] : kNames) {
        auto at = line.find(name);
        if (at != std::string_view::npos && at < best) {
            best = at;
            level = value;
        }
    }
    return level;
}

// Cuts what the core's log sink writes into lines and hands each to the captures, or to stderr without one.
class RoutingBuffer : public std::streambuf {
  public:
    void attach(LogCapture* capture) {
        std::lock_guard lock(mutex_);
        captures_.push_back(capture);
    }
    void detach(LogCapture* capture) {
        std::lock_guard lock(mutex_);
        captures_.erase(std::remove(captures_.begin(), captures_.end(), capture), captures_.end());
    }

  protected:
    int_type overflow(int_type ch) override {
        if (ch == traits_type::eof()) return traits_type::not_eof(ch);
        std::lock_guard lock(mutex_);
        if (ch == '\n') {
            flush_line();
        } else {
            line_ += static_cast<char>(ch);
        }
        return ch;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        std::lock_guard lock(mutex_);
        for (std::streamsize i = 0; i < n; ++i) {
            if (s[i] == '\n')
                flush_line();
            else
                line_ += s[i];
        }
        return n;
    }

  private:
    void flush_line() {
        if (captures_.empty()) {
            std::cerr << line_ << '\n';
        } else {
            const int level = level_of(line_);
            for (auto* c : captures_) c->push(level, line_);
        }
        line_.clear();
    }

    std::mutex mutex_;
    std::string line_;
    std::vector<LogCapture*> captures_;
};

RoutingBuffer& buffer() {
    static auto* b = new RoutingBuffer();  // never destroyed: loggers may write while the process exits
    return *b;
}

std::ostream& stream() {
    static auto* s = new std::ostream(&buffer());
    return *s;
}

}  // namespace

void route_logs(const core::LogOptions& options) {
    core::configure_logging(options, &stream());
}

LogCapture::LogCapture() {
    buffer().attach(this);
}

LogCapture::~LogCapture() {
    buffer().detach(this);
}

void LogCapture::push(int level, std::string line) {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(level, std::move(line));
}

void LogCapture::deliver(unstuck_log_fn fn, void* ctx) {
    std::deque<std::pair<int, std::string>> lines;
    {
        std::lock_guard lock(mutex_);
        lines.swap(lines_);
    }
    if (!fn) return;
    for (const auto& [level, line] : lines) fn(ctx, level, line.c_str());
}

}  // namespace unstuck::capi
