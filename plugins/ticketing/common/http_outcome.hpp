#pragma once
// Turning HTTP outcomes into typed ticketing results, the same way for every backend.

#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing {

//! True for a 2xx status.
inline bool is_success(int status) {
    return status >= 200 && status < 300;
}

//! How a failed exchange should be reported.
struct Failure {
    bool retry = false;  //!< try again later (429, 5xx, a transient transport error)
    std::string message;
    std::optional<std::chrono::seconds> retry_after;

    //! As a typed result of any ticketing call.
    template <typename T>
    sdk::TicketingResult<T> as() const {
        return retry ? sdk::TicketingResult<T>::retry(message, retry_after)
                     : sdk::TicketingResult<T>::rejected(message);
    }
};

//! A request that got no response: transient kinds are retried later, the others are rejected.
Failure transport_failure(std::string_view backend, std::string_view action, const sdk::HttpError& error);

//! A non-2xx response: 429 and 5xx retry (honouring Retry-After), 401/403 reject naming the credentials,
//! anything else rejects with `detail` (the backend's own message).
Failure response_failure(std::string_view backend, std::string_view action, const sdk::HttpResponse& response,
                         std::string_view detail);

//! Sends `request` through the host: the 2xx response, or the failure to report instead (transport_failure,
//! or response_failure with `detail(body)`, the backend's own message).
sdk::Result<sdk::HttpResponse, Failure> exchange(sdk::Http& http, const sdk::HttpRequest& request,
                                                 std::string_view backend, std::string_view action,
                                                 std::string (*detail)(std::string_view body));

//! Parses a response body; nothing when it is not JSON.
std::optional<simdjson::dom::element> parse_json(simdjson::dom::parser& parser, std::string_view body);

//! The string at a JSON pointer (`/ticket/status`), or empty when absent or not a string.
std::string string_at(simdjson::dom::element root, std::string_view pointer);

//! The value at a JSON pointer as text: a string as is, a number in decimal, otherwise empty.
std::string scalar_at(simdjson::dom::element root, std::string_view pointer);

}  // namespace unstuck::ticketing
