#pragma once
//! Settings of the host's HTTP client: timeouts, retries, size cap, rate limit, TLS.

#include <chrono>
#include <cstddef>
#include <string>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! How the host's HTTP client behaves; one set per plugin (rate limits are per plugin).
struct HttpOptions {
    std::chrono::milliseconds connect_timeout{5000};  //!< per connection attempt; 0: no limit
    std::chrono::milliseconds read_timeout{15000};    //!< longest silence sending or receiving; 0: no limit
    int max_attempts = 4;  //!< first try plus retries on connection errors, timeouts, 5xx and 429
    std::chrono::milliseconds backoff_base{200};   //!< first retry waits about this long, doubling each time
    std::chrono::milliseconds backoff_max{10000};  //!< none of our own waits is longer
    //! The longest server `Retry-After` honoured; a longer one ends the retries and returns the response.
    std::chrono::milliseconds retry_after_max{60000};
    std::size_t max_response_bytes = 16 * 1024 * 1024;  //!< a longer body is an error, not a truncation
    double requests_per_second = 0;                     //!< 0: unlimited
    int burst = 1;                                      //!< requests allowed at once before the rate applies
    std::size_t max_idle_per_host = 4;                  //!< kept-alive connections per scheme, host and port
    bool verify_tls = true;  //!< verify certificates (and host names) against the system's CAs
    std::string ca_file;     //!< extra CA bundle (PEM), e.g. for a private gateway

    //! Reads one HTTP object (`http` or `http.plugins.<name>`, named by `where`) over `defaults`; the key
    //! `plugins` is left to the caller. Errors name `<where>.<key>`.
    static sdk::Result<HttpOptions> from_json(const Poco::JSON::Object& section, const std::string& where,
                                              HttpOptions defaults);
};

}  // namespace unstuck::core
