// Example Parcel Co.: a complete, minimal carrier plugin. Copy this folder to start a new carrier.
#include <unstuck/sdk/export.hpp>
#include <unstuck/sdk/http_outcome.hpp>

#include "detector.hpp"
#include "normalizer.hpp"

namespace example {

class ExampleCarrier : public unstuck::sdk::CarrierPlugin {
  public:
    // The host has validated the config against manifest.json and filled in defaults before this runs.
    // Throwing here refuses the plugin with the exception's message.
    explicit ExampleCarrier(const unstuck::sdk::HostServices& host)
        : host_(host), base_url_(host.config->get_string("base_url")) {
        if (base_url_.rfind("http", 0) != 0)
            throw std::invalid_argument("config.base_url: not an http(s) URL");
    }

    std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number) const override {
        return example::detect(number);
    }

    unstuck::sdk::TrackResult fetch(const unstuck::sdk::TrackContext& context) override {
        using unstuck::sdk::TrackResult;
        auto key = host_.secrets->get("api_key");
        if (!key) return TrackResult::permanent("secret api_key is not configured");
        unstuck::sdk::HttpRequest request;
        request.url = base_url_ + "/v1/track/" + context.tracking_number;
        request.headers = {{"X-Api-Key", *key}, {"Accept", "application/json"}};
        request.timeout = std::chrono::milliseconds(host_.config->get_int("timeout_ms"));
        auto response = host_.http->send(request);  // the host pools, retries and rate-limits
        if (!response) return unstuck::sdk::http_error_result(response.error(), "example tracking");
        // 408, 425, 429 and 5xx transient (with Retry-After), 401 and 403 refused credentials, others
        // permanent.
        if (auto failed = unstuck::sdk::http_status_result(*response, "example tracking")) return *failed;
        return normalize(response->body, context);
    }

    unstuck::sdk::TrackResult normalize(std::string_view payload,
                                        const unstuck::sdk::TrackContext& context) const override {
        return example::normalize(payload, context);
    }

  private:
    const unstuck::sdk::HostServices& host_;
    std::string base_url_;
};

}  // namespace example

UNSTUCK_CARRIER_PLUGIN(example::ExampleCarrier, "example", "1.0.0", "Example Parcel Co.")
