// The UPS carrier plugin: detection, normalization, and live tracking through the UPS Track API v1 with OAuth
// client credentials (HTTP Basic at the token endpoint, bearer token cached until it expires).
#include <atomic>
#include <memory>
#include <string>

#include "carriers/ups/detector.hpp"
#include "carriers/ups/normalizer.hpp"
#include "unstuck/kit/live_answer.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/kit/system_clock.hpp"
#include "unstuck/kit/url_safe.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"

namespace unstuck::carriers::ups {
namespace {

class UpsPlugin : public sdk::CarrierPlugin {
  public:
    explicit UpsPlugin(const sdk::HostServices& host) : host_(host) {
        if (!host.http) throw std::runtime_error("ups: the host lends no HTTP service");
        if (!host.clock) own_clock_ = std::make_unique<kit::SystemClock>();
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://onlinetools.ups.com");
        kit::require_http_url(base_url_, "ups");
        std::string token_url = config.get_string("token_url");
        if (token_url.empty()) token_url = base_url_ + "/security/v1/oauth/token";
        locale_ = config.get_string("locale", "en_US");
        transaction_src_ = config.get_string("transaction_src", "unstuck");
        return_signature_ = config.get_bool("return_signature", false);
        return_pod_ = config.get_bool("return_pod", false);
        timeout_ = kit::timeout_setting(config);

        kit::OAuthSettings oauth;
        oauth.carrier = "ups";
        oauth.token_url = token_url;
        oauth.style = kit::ClientAuthStyle::kBasicHeader;
        if (host.secrets) {
            oauth.client_id = host.secrets->get("client_id").value_or("");
            oauth.client_secret = host.secrets->get("client_secret").value_or("");
        }
        if (auto merchant = config.get_string("merchant_id"); !merchant.empty())
            oauth.extra_headers.emplace_back("x-merchant-id", merchant);
        tokens_ = std::make_unique<kit::OAuthTokenCache>(*host.http, clock(), std::move(oauth));
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view number) const override {
        return ups::detect(number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return ups::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!kit::url_safe_number(context.tracking_number))
            return sdk::TrackResult::permanent("ups: \"" + context.tracking_number +
                                               "\" is not a tracking number (letters and digits only)");
        sdk::HttpRequest request;
        request.method = "GET";
        request.url = base_url_ + "/api/track/v1/details/" + context.tracking_number + "?locale=" + locale_ +
                      "&returnSignature=" + (return_signature_ ? "true" : "false") +
                      "&returnMilestones=false&returnPOD=" + (return_pod_ ? "true" : "false");
        request.headers.emplace_back("Accept", "application/json");
        request.headers.emplace_back("transId", transaction_id());
        request.headers.emplace_back("transactionSrc", transaction_src_);
        request.timeout = timeout_;

        auto sent = kit::send_with_token(*host_.http, *tokens_, std::move(request), "ups tracking");
        if (!sent) return std::move(sent).error();
        const sdk::HttpResponse& response = sent.value();
        if (response.status == 404) {
            // UPS documents 404 for an unknown number; its body is the usual error document.
            sdk::TrackResult r = ups::normalize(response.body, context);
            if (r.kind == sdk::TrackResult::Kind::kNotFound) return r;
            return sdk::TrackResult::not_found("ups: HTTP 404 for " + context.tracking_number);
        }
        if (response.status == 400) {
            sdk::TrackResult r = ups::normalize(response.body, context);
            if (r.kind == sdk::TrackResult::Kind::kNotFound || r.kind == sdk::TrackResult::Kind::kPermanent)
                return r;
        }
        if (auto failed = sdk::http_status_result(response, "ups tracking")) return std::move(*failed);
        return kit::live_answer(ups::normalize(response.body, context), "ups", "ups tracking");
    }

  private:
    const sdk::Clock& clock() const { return host_.clock ? *host_.clock : *own_clock_; }

    std::string transaction_id() {
        auto n = counter_.fetch_add(1, std::memory_order_relaxed);
        auto us = clock().now().time_since_epoch().count();
        return "unstuck-" + std::to_string(us) + "-" + std::to_string(n);
    }

    const sdk::HostServices& host_;
    std::unique_ptr<sdk::Clock> own_clock_;
    std::string base_url_;
    std::string locale_;
    std::string transaction_src_;
    bool return_signature_ = false;
    bool return_pod_ = false;
    std::optional<std::chrono::milliseconds> timeout_;
    std::unique_ptr<kit::OAuthTokenCache> tokens_;
    std::atomic<std::uint64_t> counter_{0};
};

}  // namespace
}  // namespace unstuck::carriers::ups

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::ups::UpsPlugin, "ups", "1.0.0", "unstuck")
