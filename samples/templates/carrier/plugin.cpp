// @DISPLAY_NAME@: the carrier plugin `@NAME@`.
#include <stdexcept>

#include <unstuck/sdk/export.hpp>
#include <unstuck/sdk/http_outcome.hpp>

#include "detector.hpp"
#include "normalizer.hpp"

namespace @IDENT@ {

class Carrier : public unstuck::sdk::CarrierPlugin {
  public:
    // The host has validated the config against manifest.json and filled in defaults before this runs.
    // Throwing here refuses the plugin with the exception's message.
    explicit Carrier(const unstuck::sdk::HostServices& host)
        : host_(host), base_url_(host.config->get_string("base_url")) {
        if (base_url_.rfind("http", 0) != 0)
            throw std::invalid_argument("config.base_url: not an http(s) URL");
    }

    std::vector<unstuck::sdk::CarrierClaim> detect(std::string_view number) const override {
        return @IDENT@::detect(number);
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
        if (!response) return unstuck::sdk::http_error_result(response.error(), "@NAME@ tracking");
        // 404: the carrier does not know the number. Then 408, 425, 429 and 5xx transient (with the server's
        // Retry-After), 401 and 403 refused credentials, any other non-2xx permanent.
        if (response->status == 404)
            return TrackResult::not_found("@DISPLAY_NAME@ does not know " + context.tracking_number);
        if (auto failed = unstuck::sdk::http_status_result(*response, "@NAME@ tracking")) return *failed;
        return normalize(response->body, context);
    }

    unstuck::sdk::TrackResult normalize(std::string_view payload,
                                        const unstuck::sdk::TrackContext& context) const override {
        return @IDENT@::normalize(payload, context);
    }

  private:
    const unstuck::sdk::HostServices& host_;
    std::string base_url_;
};

}  // namespace @IDENT@

UNSTUCK_CARRIER_PLUGIN(@IDENT@::Carrier, "@NAME@", "0.1.0", "@DISPLAY_NAME@")
