#include "unstuck/sdk/http_outcome.hpp"

#include <string>

namespace unstuck::sdk {

TrackResult http_error_result(const HttpError& error, std::string_view what) {
    std::string message = std::string(what) + ": " + error.message;
    if (error.transient()) return TrackResult::transient(std::move(message));
    return TrackResult::permanent(std::move(message));
}

std::optional<TrackResult> http_status_result(const HttpResponse& response, std::string_view what) {
    const int s = response.status;
    if (http_success(s)) return std::nullopt;
    std::string message = std::string(what) + ": HTTP " + std::to_string(s);
    if (s == 408 || s == 425 || s == 429 || s >= 500) {
        if (s == 429) message += " (rate limited)";
        return TrackResult::transient(std::move(message), response.retry_after());
    }
    if (s == 401 || s == 403) return TrackResult::permanent(message + " (credentials refused)");
    return TrackResult::permanent(std::move(message));
}

}  // namespace unstuck::sdk
