#include "serve/access_log.hpp"

#include <cmath>

#include <fmt/format.h>

#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

std::string access_json(const AccessEntry& entry) {
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("method", entry.method).field("route", entry.route).field("status", entry.status);
    w.field("duration_ms", std::round(entry.seconds * 1e6) / 1e3);
    w.key("principal").value_or_null(entry.principal);
    w.field("client", entry.client);
    w.end_object();
    return out;
}

std::string access_text(const AccessEntry& entry) {
    return fmt::format("{} {} {} {:.3f} ms principal={} client={}", entry.method, entry.route, entry.status,
                       std::round(entry.seconds * 1e6) / 1e3,
                       entry.principal.empty() ? std::string("-") : entry.principal, entry.client);
}

void log_access(spdlog::logger& log, const AccessEntry& entry) {
    try {
        log_fields(log, spdlog::level::info, access_text(entry), access_json(entry));
    } catch (...) {
        // A log line is never worth failing a request for.
    }
}

void log_request_event(spdlog::logger& log, spdlog::level::level_enum level, const std::string& method,
                       const std::string& route, const std::string& what) {
    try {
        std::string fields;
        sdk::JsonWriter w(fields);
        w.begin_object();
        w.field("method", method).field("route", route).field("error", what);
        w.end_object();
        log_fields(log, level, method + " " + route + ": " + what, fields);
    } catch (...) {
        // A log line is never worth failing a request for.
    }
}

}  // namespace unstuck::core
