// The USPS carrier plugin: detection, normalization, and live tracking through the USPS Tracking API v3 with
// OAuth client credentials (form body at /oauth2/v3/token, scope `tracking`, bearer token cached until
// expiry).
#include <memory>
#include <string>

#include "carriers/usps/detector.hpp"
#include "carriers/usps/normalizer.hpp"
#include "unstuck/kit/live_answer.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/kit/system_clock.hpp"
#include "unstuck/kit/url_safe.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::carriers::usps {
namespace {

class UspsPlugin : public sdk::CarrierPlugin {
  public:
    explicit UspsPlugin(const sdk::HostServices& host) : host_(host) {
        if (!host.http) throw std::runtime_error("usps: the host lends no HTTP service");
        if (!host.clock) own_clock_ = std::make_unique<kit::SystemClock>();
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://apis.usps.com");
        kit::require_http_url(base_url_, "usps");
        std::string token_url = config.get_string("token_url");
        if (token_url.empty()) token_url = base_url_ + "/oauth2/v3/token";
        timeout_ = kit::timeout_setting(config);

        kit::OAuthSettings oauth;
        oauth.carrier = "usps";
        oauth.token_url = token_url;
        oauth.style = kit::ClientAuthStyle::kFormBody;
        if (auto scope = config.get_string("scope", "tracking"); !scope.empty())
            oauth.extra_form.emplace_back("scope", scope);
        if (host.secrets) {
            oauth.client_id = host.secrets->get("client_id").value_or("");
            oauth.client_secret = host.secrets->get("client_secret").value_or("");
        }
        tokens_ = std::make_unique<kit::OAuthTokenCache>(*host.http, clock(), std::move(oauth));
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view number) const override {
        return usps::detect(number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return usps::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!kit::url_safe_number(context.tracking_number))
            return sdk::TrackResult::permanent("usps: \"" + context.tracking_number +
                                               "\" is not a tracking number (letters and digits only)");
        sdk::HttpRequest request;
        request.method = "GET";
        request.url = base_url_ + "/tracking/v3/tracking/" + context.tracking_number + "?expand=DETAIL";
        request.headers.emplace_back("Accept", "application/json");
        request.timeout = timeout_;

        auto sent = kit::send_with_token(*host_.http, *tokens_, std::move(request), "usps tracking");
        if (!sent) return std::move(sent).error();
        const sdk::HttpResponse& response = sent.value();
        if (response.status == 404) {
            // USPS answers an unknown number with 404 and its error document.
            sdk::TrackResult r = usps::normalize(response.body, context);
            if (r.kind == sdk::TrackResult::Kind::kNotFound) return r;
            return sdk::TrackResult::not_found("usps: HTTP 404 for " + context.tracking_number);
        }
        if (auto failed = sdk::http_status_result(response, "usps tracking")) return std::move(*failed);
        return kit::live_answer(usps::normalize(response.body, context), "usps", "usps tracking");
    }

  private:
    const sdk::Clock& clock() const { return host_.clock ? *host_.clock : *own_clock_; }

    const sdk::HostServices& host_;
    std::unique_ptr<sdk::Clock> own_clock_;
    std::string base_url_;
    std::optional<std::chrono::milliseconds> timeout_;
    std::unique_ptr<kit::OAuthTokenCache> tokens_;
};

}  // namespace
}  // namespace unstuck::carriers::usps

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::usps::UspsPlugin, "usps", "1.0.0", "unstuck")
