#include "unstuck/core/runtime/logging.hpp"

#include <iostream>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "unstuck/core/runtime/redactor.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace {

// Writes text or JSON lines to a stream, with every registered secret redacted from the message.
class HostSink : public spdlog::sinks::base_sink<std::mutex> {
  public:
    void set_target(std::ostream* out, bool json) {
        std::lock_guard lock(mutex_);
        out_ = out ? out : &std::cerr;
        json_ = json;
    }

    // A line with fields of its own (`fields` a JSON object's text, empty for none).
    void log_with_fields(const spdlog::details::log_msg& msg, std::string_view fields) {
        std::lock_guard lock(mutex_);
        write(msg, fields);
    }

  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override { write(msg, {}); }
    void flush_() override { out_->flush(); }

  private:
    void write(const spdlog::details::log_msg& msg, std::string_view fields) {
        std::string text =
            Redactor::global().redact(std::string_view(msg.payload.data(), msg.payload.size()));
        std::string line;
        if (json_) {
            sdk::JsonWriter w(line);
            w.begin_object();
            w.field("time",
                    sdk::format_utc(std::chrono::time_point_cast<std::chrono::microseconds>(msg.time)));
            w.field("level", std::string_view(spdlog::level::to_string_view(msg.level).data(),
                                              spdlog::level::to_string_view(msg.level).size()));
            w.field("logger", std::string_view(msg.logger_name.data(), msg.logger_name.size()));
            w.field("msg", text);
            w.end_object();
            // The fields' members join the line's own: `{"time":..,"msg":..,"status":200}`.
            const auto open = fields.find('{'), close = fields.rfind('}');
            if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
                std::string members = Redactor::global().redact(fields.substr(open + 1, close - open - 1));
                if (members.find_first_not_of(" \t\r\n") != std::string::npos) {
                    line.pop_back();
                    line += ',' + members + '}';
                }
            }
            line += '\n';
        } else {
            spdlog::details::log_msg redacted = msg;
            redacted.payload = text;
            spdlog::memory_buf_t buf;
            formatter_->format(redacted, buf);
            line.assign(buf.data(), buf.size());
        }
        *out_ << line;
    }

    std::ostream* out_ = &std::cerr;
    bool json_ = false;
};

struct LoggingState {
    std::mutex mutex;
    std::shared_ptr<HostSink> sink = std::make_shared<HostSink>();
    spdlog::level::level_enum level = spdlog::level::info;

    LoggingState() {
        sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %l [%n] %v",
                                                                        spdlog::pattern_time_type::utc));
    }
};

LoggingState& state() {
    static LoggingState s;
    return s;
}

class PluginLogger : public sdk::Logger {
  public:
    explicit PluginLogger(std::shared_ptr<spdlog::logger> log) : log_(std::move(log)) {}

    void log(sdk::LogLevel level, std::string_view message) noexcept override {
        static constexpr spdlog::level::level_enum kLevels[] = {spdlog::level::trace, spdlog::level::debug,
                                                                spdlog::level::info, spdlog::level::warn,
                                                                spdlog::level::err};
        try {
            log_->log(kLevels[static_cast<int>(level)], "{}", message);
        } catch (...) {
            // A log line is never worth failing the caller for.
        }
    }

  private:
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace

void configure_logging(const LogOptions& options, std::ostream* out) {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    s.sink->set_target(out, options.json);
    s.level = spdlog::level::from_str(options.level);
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(s.level); });
}

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
    auto& s = state();
    std::lock_guard lock(s.mutex);
    if (auto existing = spdlog::get(name)) return existing;
    auto l = std::make_shared<spdlog::logger>(name, s.sink);
    l->set_level(s.level);
    l->flush_on(spdlog::level::warn);
    spdlog::register_logger(l);
    return l;
}

void log_fields(spdlog::logger& log, spdlog::level::level_enum level, std::string_view message,
                std::string_view fields_json) {
    if (!log.should_log(level)) return;
    try {
        const spdlog::details::log_msg msg(log.name(), level,
                                           spdlog::string_view_t(message.data(), message.size()));
        for (const auto& sink : log.sinks()) {
            if (!sink->should_log(level)) continue;
            if (auto* host = dynamic_cast<HostSink*>(sink.get()))
                host->log_with_fields(msg, fields_json);
            else
                sink->log(msg);
        }
        if (level >= log.flush_level()) log.flush();
    } catch (...) {
        // A log line is never worth failing the caller for.
    }
}

std::unique_ptr<sdk::Logger> make_plugin_logger(const std::string& plugin_name) {
    return std::make_unique<PluginLogger>(logger("plugin." + plugin_name));
}

}  // namespace unstuck::core
