#pragma once
//! Turning HTTP failures and non-success statuses into typed carrier results, the same way for every carrier.

#include <optional>
#include <string_view>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/host_services.hpp"

namespace unstuck::sdk {

//! A transport failure as a result: transient for connect, timeout and protocol errors, permanent otherwise.
//! `what` names the carrier and the endpoint (e.g. `ups tracking`).
TrackResult http_error_result(const HttpError& error, std::string_view what);

//! A non-2xx status as a result, or nothing for a 2xx: 408, 425, 429 and 5xx are transient (with the server's
//! Retry-After), 401 and 403 are refused credentials, other statuses are permanent.
std::optional<TrackResult> http_status_result(const HttpResponse& response, std::string_view what);

//! True for a 2xx status.
inline bool http_success(int status) noexcept {
    return status >= 200 && status < 300;
}

}  // namespace unstuck::sdk
