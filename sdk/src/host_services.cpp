#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/webhook.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace unstuck::sdk {

Logger::~Logger() = default;
Http::~Http() = default;
Clock::~Clock() = default;
Secrets::~Secrets() = default;

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return std::nullopt;
}

std::optional<std::string_view> WebhookRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return std::string_view(v);
    return std::nullopt;
}

std::optional<std::chrono::seconds> HttpResponse::retry_after() const {
    auto value = header("Retry-After");
    if (!value || value->empty()) return std::nullopt;
    long long secs = 0;
    auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), secs);
    if (ec == std::errc() && ptr == value->data() + value->size())
        return std::chrono::seconds(std::max(0LL, secs));
    // An HTTP date: `Wed, 21 Oct 2015 07:28:00 GMT`.
    std::tm tm{};
    if (!strptime(value->c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
    auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    auto delta = std::chrono::duration_cast<std::chrono::seconds>(at - std::chrono::system_clock::now());
    return std::max(delta, std::chrono::seconds(0));
}

bool HttpError::transient() const noexcept {
    return kind == HttpErrorKind::kConnect || kind == HttpErrorKind::kTimeout ||
           kind == HttpErrorKind::kProtocol;
}

}  // namespace unstuck::sdk
