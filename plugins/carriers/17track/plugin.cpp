// The 17TRACK aggregator plugin: Tracking API v2.2 with the 17token header, register once then get, and
// signed webhook pushes.
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "carrier_keys.hpp"
#include "normalizer.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/live_answer.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "webhook.hpp"

namespace unstuck::carriers::track17 {
namespace {

// The error code 17TRACK gives a number among `data.rejected` of a response, if it rejected it.
std::optional<std::int64_t> rejected_code(std::string_view body, std::string_view number) {
    simdjson::dom::element root;
    if (kit::parse_json(body).get(root)) return std::nullopt;
    simdjson::dom::element data;
    if (root["data"].get(data)) return std::nullopt;
    auto rejected = kit::json_array(data, "rejected");
    if (!rejected) return std::nullopt;
    for (simdjson::dom::element item : *rejected) {
        if (kit::json_string(item, "number") != number) continue;
        simdjson::dom::element error;
        if (item["error"].get(error)) return std::nullopt;
        return kit::json_integer(error, "code");
    }
    return std::nullopt;
}

// A whole-request error (`code` not 0 at the top), if the response is one.
std::optional<std::int64_t> request_error(std::string_view body) {
    simdjson::dom::element root;
    if (kit::parse_json(body).get(root)) return std::nullopt;
    auto code = kit::json_integer(root, "code");
    if (code && *code != 0) return code;
    return std::nullopt;
}

}  // namespace

class Track17Carrier : public sdk::CarrierPlugin {
  public:
    explicit Track17Carrier(const sdk::HostServices& host) : host_(host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://api.17track.net");
        kit::require_http_url(base_url_, "17track");
        timeout_ = kit::timeout_setting(config);
        keys_ = CarrierKeys(config.get_string_map("carrier_codes"));
        quota_retry_ = std::chrono::seconds{config.get_int("quota_retry_after_s", 3600)};
        if (host.secrets)
            if (auto key = host.secrets->get("api_key"); key && !key->empty()) api_key_ = std::move(*key);
        if (!api_key_.empty()) receiver_ = std::make_unique<WebhookReceiver>(api_key_, keys_);
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view) const override {
        return {};  // an aggregator claims no format: orders name the carrier, or sweep.aggregator routes
                    // here
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return track17::normalize(payload, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!host_.http) return sdk::TrackResult::permanent("17track: the host lends no HTTP service");
        if (api_key_.empty()) return sdk::TrackResult::permanent("17track: secret api_key is not configured");

        std::string key(keys_.key_of(context.carrier));
        auto info = post("/track/v2.2/gettrackinfo", context.tracking_number, key, "17track gettrackinfo");
        if (!info) return std::move(info).error();
        if (rejected_code(info->body, context.tracking_number) == errors::kNotRegistered) {
            if (auto failed = register_number(context.tracking_number, key)) return std::move(*failed);
            info = post("/track/v2.2/gettrackinfo", context.tracking_number, key, "17track gettrackinfo");
            if (!info) return std::move(info).error();
        }
        return kit::live_answer(track17::normalize(info->body, context), "17track", "17track gettrackinfo");
    }

    sdk::WebhookReceiver* webhook_receiver() override { return receiver_.get(); }

  private:
    // POSTs `[{"number": ..., "carrier": ...}]`; a transport failure or a non-2xx status as its result.
    sdk::Result<sdk::HttpResponse, sdk::TrackResult> post(std::string_view path, const std::string& number,
                                                          const std::string& key, std::string_view what) {
        sdk::HttpRequest request;
        request.method = "POST";
        request.url = base_url_ + std::string(path);
        request.headers = {{"17token", api_key_}, {"Content-Type", "application/json"}};
        request.idempotent = true;  // registering twice is answered "already registered"
        request.timeout = timeout_;
        sdk::JsonWriter w(request.body);
        w.begin_array().begin_object().field("number", number);
        if (!key.empty()) w.field("carrier", static_cast<std::int64_t>(std::stoll(key)));
        w.end_object().end_array();

        auto sent = host_.http->send(request);
        if (!sent) return sdk::http_error_result(sent.error(), what);
        sdk::HttpResponse& response = sent.value();
        if (auto status = sdk::http_status_result(response, what)) return std::move(*status);
        if (auto code = request_error(response.body)) {
            sdk::TrackResult r = error_result(*code, {}, {});
            if (*code == errors::kQuotaExhausted) r.retry_after = quota_retry_;
            return r;
        }
        return std::move(response);
    }

    // Registers the number once per process; nothing when it is registered, else the result to give.
    std::optional<sdk::TrackResult> register_number(const std::string& number, const std::string& key) {
        {
            std::lock_guard lock(mutex_);
            if (registered_.count(number))
                return sdk::TrackResult::not_found("17track: \"" + number +
                                                   "\" is registered; no tracking information yet");
        }
        auto sent = post("/track/v2.2/register", number, key, "17track register");
        if (!sent) return std::move(sent).error();
        std::optional<std::int64_t> code = rejected_code(sent->body, number);
        if (code && *code != errors::kAlreadyRegistered) {
            sdk::TrackResult r = error_result(*code, {}, number);
            if (*code == errors::kQuotaExhausted) r.retry_after = quota_retry_;
            return r;
        }
        std::lock_guard lock(mutex_);
        registered_.insert(number);
        return std::nullopt;
    }

    sdk::HostServices host_;  // a copy: the table of pointers, each of which outlives the plugin
    std::string base_url_;
    std::optional<std::chrono::milliseconds> timeout_;
    std::chrono::seconds quota_retry_{3600};
    CarrierKeys keys_;
    std::string api_key_;
    std::unique_ptr<WebhookReceiver> receiver_;
    std::mutex mutex_;
    std::set<std::string, std::less<>> registered_;
};

}  // namespace unstuck::carriers::track17

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::track17::Track17Carrier, "17track", "1.0.0", "unstuck")
