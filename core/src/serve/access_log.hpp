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

//! Logs the entry at info level on `log` (the `serve.access` logger).
void log_access(spdlog::logger& log, const AccessEntry& entry);

}  // namespace unstuck::core
