#pragma once
//! The services a host lends its plugins: logging, HTTP, clock, secrets and configuration.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unstuck/sdk/plugin_config.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::sdk {

//! Severity of a log line.
enum class LogLevel : std::uint8_t { kTrace, kDebug, kInfo, kWarn, kError };

//! Writes log lines into the host's log under the plugin's own logger name; secrets are redacted by the host.
class Logger {
  public:
    virtual ~Logger();
    //! Writes one line.
    virtual void log(LogLevel level, std::string_view message) noexcept = 0;

    void debug(std::string_view m) noexcept { log(LogLevel::kDebug, m); }
    void info(std::string_view m) noexcept { log(LogLevel::kInfo, m); }
    void warn(std::string_view m) noexcept { log(LogLevel::kWarn, m); }
    void error(std::string_view m) noexcept { log(LogLevel::kError, m); }
};

//! An HTTP header.
using HttpHeader = std::pair<std::string, std::string>;

//! An HTTP request; the host owns connections, timeouts, retries and rate limits.
struct HttpRequest {
    std::string method = "GET";
    std::string url;  //!< absolute `http://` or `https://` URL
    std::vector<HttpHeader> headers;
    std::string body;
    //! Safe to send again after a timeout or a 5xx (a 429 is always retried: the server did not act on it).
    bool idempotent = true;
    //! Overrides the host's read timeout for this request when set.
    std::optional<std::chrono::milliseconds> timeout;
};

//! An HTTP response as received (after the host's retries, the last one).
struct HttpResponse {
    int status = 0;
    std::vector<HttpHeader> headers;
    std::string body;

    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
    //! The `Retry-After` header in seconds (delta-seconds or an HTTP date), if any.
    std::optional<std::chrono::seconds> retry_after() const;
};

//! Why an HTTP request produced no response.
enum class HttpErrorKind : std::uint8_t {
    kInvalidRequest,  //!< bad URL or method
    kConnect,         //!< could not connect (refused, DNS, unreachable)
    kTls,             //!< TLS handshake or certificate verification failed
    kTimeout,         //!< connect or read timed out
    kTooLarge,        //!< the response exceeded the host's size cap
    kProtocol,        //!< malformed or truncated response
};

//! An HTTP failure with a message that names the URL (secrets redacted).
struct HttpError {
    HttpErrorKind kind = HttpErrorKind::kConnect;
    std::string message;
    //! True for kinds worth trying again later (connect, timeout, protocol).
    bool transient() const noexcept;
};

//! Sends HTTP requests through the host's pooled, rate-limited, retrying client.
class Http {
  public:
    virtual ~Http();
    //! Sends the request; retries on timeouts, 5xx and 429 as the host's policy says.
    virtual Result<HttpResponse, HttpError> send(const HttpRequest& request) noexcept = 0;
};

//! The host's clock, so tests can pin time.
class Clock {
  public:
    virtual ~Clock();
    //! The current instant.
    virtual Timestamp now() const noexcept = 0;
};

//! Secrets the plugin's manifest names, looked up by the host (config, environment); values never reach logs.
class Secrets {
  public:
    virtual ~Secrets();
    //! The secret's value, or nothing when it is not configured.
    virtual std::optional<std::string> get(std::string_view name) const noexcept = 0;
};

//! The versioned table of host services handed to a plugin's constructor; every pointer outlives the plugin.
struct HostServices {
    std::uint32_t struct_size = sizeof(HostServices);  //!< grows with new services; check before reading past
    std::uint32_t version = 1;
    const char* plugin_name = "";
    Logger* log = nullptr;
    Http* http = nullptr;
    Clock* clock = nullptr;
    Secrets* secrets = nullptr;
    const PluginConfig* config = nullptr;
};

}  // namespace unstuck::sdk
