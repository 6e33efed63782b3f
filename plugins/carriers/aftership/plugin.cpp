// The AfterShip aggregator plugin: Tracking API with the as-api-key header, a tracking created once then
// read, and signed webhook pushes.
#include <memory>
#include <optional>
#include <string>

#include "normalizer.hpp"
#include "slugs.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/live_answer.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/kit/url_safe.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "webhook.hpp"

namespace unstuck::carriers::aftership {
namespace {

// `meta.code` of a response body, if it has one.
std::optional<std::int64_t> meta_code(std::string_view body) {
    simdjson::dom::element root, meta;
    if (kit::parse_json(body).get(root) || root["meta"].get(meta)) return std::nullopt;
    return kit::json_integer(meta, "code");
}

// Whether a GET /trackings answer lists no tracking at all (the number was never created).
bool lists_nothing(std::string_view body) {
    simdjson::dom::element root, data;
    if (kit::parse_json(body).get(root) || root["data"].get(data)) return false;
    auto list = kit::json_array(data, "trackings");
    return list && list->size() == 0;
}

}  // namespace

class AftershipCarrier : public sdk::CarrierPlugin {
  public:
    explicit AftershipCarrier(const sdk::HostServices& host) : host_(host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://api.aftership.com");
        kit::require_http_url(base_url_, "aftership");
        api_version_ = config.get_string("api_version", "2026-07");
        timeout_ = kit::timeout_setting(config);
        slugs_ = Slugs(config.get_string_map("carrier_codes"));
        if (host.secrets) {
            if (auto key = host.secrets->get("api_key"); key && !key->empty()) api_key_ = std::move(*key);
            if (auto secret = host.secrets->get("webhook_secret"); secret && !secret->empty())
                receiver_ = std::make_unique<WebhookReceiver>(std::move(*secret), slugs_);
        }
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view) const override {
        return {};  // an aggregator claims no format: orders name the carrier, or sweep.aggregator routes
                    // here
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return aftership::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!host_.http) return sdk::TrackResult::permanent("aftership: the host lends no HTTP service");
        if (api_key_.empty())
            return sdk::TrackResult::permanent("aftership: secret api_key is not configured");
        const std::string& number = context.tracking_number;
        if (!kit::url_safe_number(number))
            return sdk::TrackResult::permanent("aftership: \"" + number + "\" is not a tracking number");
        const std::string slug(slugs_.slug_of(context.carrier));

        auto listed = get(number, slug);
        if (!listed) return std::move(listed).error();
        if (lists_nothing(listed->body)) {
            auto created = create(number, slug);
            if (!created) return std::move(created).error();
            if (meta_code(created->body) != meta_codes::kAlreadyExists)
                return kit::live_answer(aftership::normalize(created->body, context), "aftership",
                                        "aftership create tracking");
            listed = get(number, slug);  // created meanwhile by someone else: read it
            if (!listed) return std::move(listed).error();
        }
        return kit::live_answer(aftership::normalize(listed->body, context), "aftership",
                                "aftership trackings");
    }

    sdk::WebhookReceiver* webhook_receiver() override { return receiver_.get(); }

  private:
    using Answer = sdk::Result<sdk::HttpResponse, sdk::TrackResult>;

    std::string endpoint() const { return base_url_ + "/tracking/" + api_version_ + "/trackings"; }

    Answer get(const std::string& number, const std::string& slug) {
        sdk::HttpRequest request;
        request.url = endpoint() + "?tracking_numbers=" + number;
        if (!slug.empty()) request.url += "&slug=" + slug;
        return send(std::move(request), "aftership trackings", false);
    }

    Answer create(const std::string& number, const std::string& slug) {
        sdk::HttpRequest request;
        request.method = "POST";
        request.url = endpoint();
        request.headers.push_back({"Content-Type", "application/json"});
        sdk::JsonWriter w(request.body);
        w.begin_object().field("tracking_number", number);
        if (!slug.empty()) w.field("slug", slug);
        w.end_object();
        return send(std::move(request), "aftership create tracking", true);
    }

    // Sends with the key; a transport failure or a non-2xx status (but "already exists" on a create) as its
    // result. A 429 without Retry-After waits until `as-ratelimit-reset`.
    Answer send(sdk::HttpRequest request, std::string_view what, bool creating) {
        request.headers.push_back({"as-api-key", api_key_});
        request.headers.push_back({"Accept", "application/json"});
        request.idempotent = true;  // a second create is answered "already exists"
        request.timeout = timeout_;
        auto sent = host_.http->send(request);
        if (!sent) return sdk::http_error_result(sent.error(), what);
        sdk::HttpResponse& response = sent.value();
        if (sdk::http_success(response.status)) return std::move(response);
        if (creating && meta_code(response.body) == meta_codes::kAlreadyExists) return std::move(response);
        sdk::TrackResult result = *sdk::http_status_result(response, what);
        if (response.status == 429 && !result.retry_after) result.retry_after = until_reset(response);
        if (response.status == 404 && meta_code(response.body) == meta_codes::kDoesNotExist)
            return sdk::TrackResult::not_found(std::string(what) +
                                               ": HTTP 404 (4004 tracking does not exist)");
        return result;
    }

    // The wait until AfterShip's rate-limit window resets (`as-ratelimit-reset`, Unix seconds), if it says.
    std::optional<std::chrono::seconds> until_reset(const sdk::HttpResponse& response) const {
        auto reset = response.header("as-ratelimit-reset");
        if (!reset || reset->empty() || !host_.clock) return std::nullopt;
        std::int64_t at = 0;
        for (char c : *reset) {
            if (c < '0' || c > '9') return std::nullopt;
            at = at * 10 + (c - '0');
            if (at > 100'000'000'000) return std::nullopt;
        }
        auto now = std::chrono::duration_cast<std::chrono::seconds>(host_.clock->now().time_since_epoch());
        return std::chrono::seconds{std::max<std::int64_t>(1, at - now.count())};
    }

    sdk::HostServices host_;  // a copy: the table of pointers, each of which outlives the plugin
    std::string base_url_;
    std::string api_version_;
    std::optional<std::chrono::milliseconds> timeout_;
    Slugs slugs_;
    std::string api_key_;
    std::unique_ptr<WebhookReceiver> receiver_;
};

}  // namespace unstuck::carriers::aftership

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::aftership::AftershipCarrier, "aftership", "1.0.0", "unstuck")
