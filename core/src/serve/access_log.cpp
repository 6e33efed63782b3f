#include "serve/access_log.hpp"

#include <cmath>

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

void log_access(spdlog::logger& log, const AccessEntry& entry) {
    try {
        log.info("{}", access_json(entry));
    } catch (...) {
        // A log line is never worth failing a request for.
    }
}

}  // namespace unstuck::core
