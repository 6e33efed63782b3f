#pragma once
//! The host's HTTP service: Poco Net/NetSSL with keep-alive pools, timeouts, retries, rate limit, size cap.

#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "unstuck/core/config/http_options.hpp"
#include "unstuck/sdk/host_services.hpp"

namespace unstuck::core {

//! Implements the SDK's Http service for one plugin.
class HttpClient : public sdk::Http {
  public:
    HttpClient(HttpOptions options, std::shared_ptr<spdlog::logger> log);
    ~HttpClient() override;

    sdk::Result<sdk::HttpResponse, sdk::HttpError> send(const sdk::HttpRequest& request) noexcept override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace unstuck::core
