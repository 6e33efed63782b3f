#pragma once
// Private: the service's access log, one line a request, never a token or a body.

#include <string>

#include <spdlog/logger.h>

namespace unstuck::core {

//! One answered request.
struct AccessEntry {
    std::string method;     //!< `GET`, `POST`, ...
    std::string route;      //!< the route pattern (`/v1/orders/{order_key}`), `unmatched` without one
    int status = 0;         //!< the answer's status
    double seconds = 0;     //!< time from the request's head to the answer sent
    std::string principal;  //!< the token's name, empty without one
    std::string client;     //!< the client's address
};

//! The entry as a JSON object: `{"method","route","status","duration_ms","principal","client"}`.
std::string access_json(const AccessEntry& entry);

//! The entry as one line of text: `GET /v1/orders/{order_key} 200 1.840 ms principal=erp client=10.0.0.7`
//! (`principal=-` without one).
std::string access_text(const AccessEntry& entry);

//! Logs the entry at info level on `log` (the `serve.access` logger): as JSON, the line's object holds the
//! fields of access_json() at its top level beside `time`, `level`, `logger` and `msg` (access_text()).
void log_access(spdlog::logger& log, const AccessEntry& entry);

//! Logs an event of one request on `log` (the `serve` logger): the text `<method> <route>: <what>`; as JSON
//! with `method`, `route` and `error` (`what`) at the top level of the line too.
void log_request_event(spdlog::logger& log, spdlog::level::level_enum level, const std::string& method,
                       const std::string& route, const std::string& what);

}  // namespace unstuck::core
