// The FedEx carrier plugin: Track API v1 with OAuth client credentials.
#include <memory>
#include <optional>
#include <string>

#include "detector.hpp"
#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::carriers::fedex {
namespace {

// The Track API answers some per-request errors with a 4xx and `{"errors": [{"code", "message"}]}`.
std::optional<sdk::TrackResult> error_document_result(const sdk::HttpResponse& response) {
    simdjson::dom::element root;
    if (kit::parse_json(response.body).get(root)) return std::nullopt;
    simdjson::dom::array errors;
    if (root["errors"].get(errors) || errors.size() == 0) return std::nullopt;
    simdjson::dom::element first = errors.at(0).value_unsafe();
    std::string_view code = kit::json_string(first, "code");
    std::string message = "fedex tracking: HTTP " + std::to_string(response.status) + " " + std::string(code);
    if (std::string_view text = kit::json_string(first, "message"); !text.empty())
        message += ": " + std::string(text);
    if (code == "TRACKING.TRACKINGNUMBER.NOTFOUND") return sdk::TrackResult::not_found(std::move(message));
    if (response.status == 400) return sdk::TrackResult::permanent(std::move(message));
    return std::nullopt;
}

}  // namespace

class FedexCarrier : public sdk::CarrierPlugin {
  public:
    explicit FedexCarrier(const sdk::HostServices& host) : host_(host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://apis.fedex.com");
        std::string token_url = config.get_string("token_url");
        if (token_url.empty()) token_url = base_url_ + "/oauth/token";
        locale_ = config.get_string("locale", "en_US");
        timeout_ = kit::timeout_setting(config);

        std::optional<std::string> id, secret;
        if (host.secrets) {
            id = host.secrets->get("client_id");
            secret = host.secrets->get("client_secret");
        }
        if (id && secret && !id->empty() && !secret->empty() && host.http && host.clock) {
            kit::OAuthSettings settings;
            settings.carrier = "fedex";
            settings.token_url = std::move(token_url);
            settings.client_id = std::move(*id);
            settings.client_secret = std::move(*secret);
            settings.style = kit::ClientAuthStyle::kFormBody;
            tokens_ = std::make_unique<kit::OAuthTokenCache>(*host.http, *host.clock, std::move(settings));
        }
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view tracking_number) const override {
        return fedex::detect(tracking_number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return fedex::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!host_.http) return sdk::TrackResult::permanent("fedex: the host lends no HTTP service");
        if (!tokens_)
            return sdk::TrackResult::permanent(
                "fedex: secrets client_id and client_secret are not configured");

        sdk::HttpRequest request;
        request.method = "POST";
        request.url = base_url_ + "/track/v1/trackingnumbers";
        request.headers = {
            {"Content-Type", "application/json"}, {"Accept", "application/json"}, {"X-locale", locale_}};
        request.idempotent = true;  // a query: sending it twice changes nothing
        request.timeout = timeout_;
        sdk::JsonWriter w(request.body);
        w.begin_object();
        w.field("includeDetailedScans", true);
        w.key("trackingInfo").begin_array().begin_object();
        w.key("trackingNumberInfo")
            .begin_object()
            .field("trackingNumber", context.tracking_number)
            .end_object();
        w.end_object().end_array();
        w.end_object();

        auto sent = kit::send_with_token(*host_.http, *tokens_, std::move(request), "fedex tracking");
        if (!sent) return std::move(sent).error();
        const sdk::HttpResponse& response = sent.value();
        if (sdk::http_success(response.status)) return fedex::normalize(response.body, context);
        if (auto typed = error_document_result(response)) return std::move(*typed);
        return std::move(*sdk::http_status_result(response, "fedex tracking"));
    }

  private:
    sdk::HostServices host_;  // a copy: the table of pointers, each of which outlives the plugin
    std::string base_url_;
    std::string locale_;
    std::optional<std::chrono::milliseconds> timeout_;
    std::unique_ptr<kit::OAuthTokenCache> tokens_;
};

}  // namespace unstuck::carriers::fedex

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::fedex::FedexCarrier, "fedex", "1.0.0", "unstuck")
