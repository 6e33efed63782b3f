// The DHL carrier plugin: Shipment Tracking - Unified with the DHL-API-Key header.
#include <optional>
#include <string>

#include "detector.hpp"
#include "normalizer.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::carriers::dhl {

class DhlCarrier : public sdk::CarrierPlugin {
  public:
    explicit DhlCarrier(const sdk::HostServices& host) : host_(host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://api-eu.dhl.com");
        language_ = config.get_string("language", "en");
        service_ = config.get_string("service");
        timeout_ = kit::timeout_setting(config);
        if (host.secrets) api_key_ = host.secrets->get("api_key").value_or("");
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view tracking_number) const override {
        return dhl::detect(tracking_number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return dhl::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!host_.http) return sdk::TrackResult::permanent("dhl: the host lends no HTTP service");
        if (api_key_.empty()) return sdk::TrackResult::permanent("dhl: secret api_key is not configured");

        sdk::HttpRequest request;
        request.method = "GET";
        request.url =
            base_url_ + "/track/shipments?trackingNumber=" + kit::form_encode(context.tracking_number);
        if (!language_.empty()) request.url += "&language=" + kit::form_encode(language_);
        if (!service_.empty()) request.url += "&service=" + kit::form_encode(service_);
        request.headers = {{"DHL-API-Key", api_key_}, {"Accept", "application/json"}};
        request.timeout = timeout_;

        auto sent = host_.http->send(request);
        if (!sent) return sdk::http_error_result(sent.error(), "dhl tracking");
        const sdk::HttpResponse& response = sent.value();
        if (sdk::http_success(response.status)) return dhl::normalize(response.body, context);
        if (response.status == 404) {
            // The problem document says "No result found"; a 404 without one means the same.
            sdk::TrackResult typed = dhl::normalize(response.body, context);
            if (typed.kind == sdk::TrackResult::Kind::kNotFound) return typed;
            return sdk::TrackResult::not_found("dhl: no shipment for this number (HTTP 404)");
        }
        return std::move(*sdk::http_status_result(response, "dhl tracking"));
    }

  private:
    sdk::HostServices host_;  // a copy: the table of pointers, each of which outlives the plugin
    std::string base_url_;
    std::string language_;
    std::string service_;
    std::string api_key_;
    std::optional<std::chrono::milliseconds> timeout_;
};

}  // namespace unstuck::carriers::dhl

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::dhl::DhlCarrier, "dhl", "1.0.0", "unstuck")
