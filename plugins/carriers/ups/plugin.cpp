// The UPS carrier plugin: detection, normalization, and live tracking through the UPS Track API v1 with OAuth
// client credentials (HTTP Basic at the token endpoint, bearer token cached until it expires).
#include <atomic>
#include <memory>
#include <string>

#include "carriers/common/http_outcome.hpp"
#include "carriers/common/oauth_token_cache.hpp"
#include "unstuck/sdk/export.hpp"
#include "carriers/ups/detector.hpp"
#include "carriers/ups/normalizer.hpp"

namespace unstuck::carriers::ups {
namespace {

class SystemClock : public sdk::Clock {
  public:
    sdk::Timestamp now() const noexcept override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

std::string trim_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// A tracking number goes into the URL path: only letters and digits are accepted.
bool url_safe(std::string_view number) {
    if (number.empty() || number.size() > 64) return false;
    for (char c : number)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
    return true;
}

class UpsPlugin : public sdk::CarrierPlugin {
  public:
    explicit UpsPlugin(const sdk::HostServices& host) : host_(host) {
        if (!host.http) throw std::runtime_error("ups: the host lends no HTTP service");
        if (!host.clock) own_clock_ = std::make_unique<SystemClock>();
        const sdk::PluginConfig empty;
        const sdk::PluginConfig& config = host.config ? *host.config : empty;
        base_url_ = trim_slash(config.get_string("base_url", "https://onlinetools.ups.com"));
        if (base_url_.rfind("http://", 0) != 0 && base_url_.rfind("https://", 0) != 0)
            throw std::runtime_error("ups: base_url must start with http:// or https://, not \"" + base_url_ +
                                     "\"");
        std::string token_url = config.get_string("token_url");
        if (token_url.empty()) token_url = base_url_ + "/security/v1/oauth/token";
        locale_ = config.get_string("locale", "en_US");
        transaction_src_ = config.get_string("transaction_src", "unstuck");
        return_signature_ = config.get_bool("return_signature", false);
        return_pod_ = config.get_bool("return_pod", false);
        if (auto ms = config.get_int("timeout_ms", 0); ms > 0) timeout_ = std::chrono::milliseconds(ms);

        OAuthSettings oauth;
        oauth.carrier = "ups";
        oauth.token_url = token_url;
        oauth.style = ClientAuthStyle::kBasicHeader;
        if (host.secrets) {
            oauth.client_id = host.secrets->get("client_id").value_or("");
            oauth.client_secret = host.secrets->get("client_secret").value_or("");
        }
        if (auto merchant = config.get_string("merchant_id"); !merchant.empty())
            oauth.extra_headers.emplace_back("x-merchant-id", merchant);
        tokens_ = std::make_unique<OAuthTokenCache>(*host.http, clock(), std::move(oauth));
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view number) const override {
        return ups::detect(number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return ups::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!url_safe(context.tracking_number))
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

        auto sent = send_with_token(*host_.http, *tokens_, std::move(request), "ups tracking");
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
        if (auto failed = http_status_result(response, "ups tracking")) return std::move(*failed);
        sdk::TrackResult r = ups::normalize(response.body, context);
        if (r.kind == sdk::TrackResult::Kind::kPermanent && r.message.rfind("ups: malformed JSON", 0) == 0) {
            // A garbled answer from the live API is the server's fault of the moment, not the request's.
            return sdk::TrackResult::transient("ups tracking: " + r.message.substr(5));
        }
        return r;
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
    std::unique_ptr<OAuthTokenCache> tokens_;
    std::atomic<std::uint64_t> counter_{0};
};

}  // namespace
}  // namespace unstuck::carriers::ups

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::ups::UpsPlugin, "ups", "1.0.0", "unstuck")
