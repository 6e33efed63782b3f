// The J&T Express carrier plugin: the Open Platform's trace API (Malaysia tenant by default), signed with the
// `digest` header, and its tracking pushes.
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "detector.hpp"
#include "normalizer.hpp"
#include "push_receiver.hpp"
#include "signing.hpp"
#include "unstuck/kit/live_answer.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/kit/system_clock.hpp"
#include "unstuck/sdk/export.hpp"
#include "unstuck/sdk/http_outcome.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::carriers::jnt {

class JntCarrier : public sdk::CarrierPlugin {
  public:
    explicit JntCarrier(const sdk::HostServices& host) : host_(host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        base_url_ = kit::base_url_setting(config, "https://ylopenapi.jtexpress.my/webopenplatformapi");
        kit::require_http_url(base_url_, "jnt");
        country_ = config.get_string("country", std::string(kDefaultCountry));
        if (country_.size() != 2)
            throw std::runtime_error("jnt: config.country must be an ISO 3166-1 alpha-2 code");
        for (char& c : country_)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        customer_code_ = config.get_string("customer_code");
        api_account_ = config.get_string("api_account");
        timeout_ = kit::timeout_setting(config);
        if (host.secrets) {
            private_key_ = host.secrets->get("private_key").value_or("");
            password_ = host.secrets->get("password").value_or("");
        }
        receiver_ = std::make_unique<PushReceiver>(private_key_, api_account_, country_);
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view tracking_number) const override {
        return jnt::detect(tracking_number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return jnt::normalize(payload, context, country_);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (!host_.http) return sdk::TrackResult::permanent("jnt: the host lends no HTTP service");
        if (api_account_.empty() || customer_code_.empty())
            return sdk::TrackResult::permanent(
                "jnt: config.api_account and config.customer_code are required");
        if (private_key_.empty() || password_.empty())
            return sdk::TrackResult::permanent("jnt: secrets private_key and password are not configured");

        std::string number;
        for (char c : context.tracking_number)
            if (c != ' ' && c != '\t') number.push_back(c);
        std::string biz_content;
        sdk::JsonWriter w(biz_content);
        w.begin_object();
        w.field("customerCode", customer_code_);
        w.field("password", password_);
        w.field("billCode", number);
        w.end_object();

        const sdk::Timestamp now = host_.clock ? host_.clock->now() : kit::SystemClock().now();
        const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());

        sdk::HttpRequest request;
        request.method = "POST";
        request.url = base_url_ + "/api/logistics/trace";
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"Accept", "application/json"},
                           {"apiAccount", api_account_},
                           {"digest", digest(biz_content, private_key_)},
                           {"timestamp", std::to_string(millis.count())}};
        request.body = "bizContent=" + kit::form_encode(biz_content);
        request.idempotent = true;  // a query: sending it twice changes nothing
        request.timeout = timeout_;

        auto sent = host_.http->send(request);
        if (!sent) return sdk::http_error_result(sent.error(), "jnt tracking");
        const sdk::HttpResponse& response = sent.value();
        if (sdk::http_success(response.status))
            return kit::live_answer(jnt::normalize(response.body, context, country_), "jnt", "jnt tracking");
        return std::move(*sdk::http_status_result(response, "jnt tracking"));
    }

    sdk::WebhookReceiver* webhook_receiver() override { return receiver_.get(); }

  private:
    sdk::HostServices host_;  // a copy: the table of pointers, each of which outlives the plugin
    std::string base_url_;
    std::string country_;
    std::string customer_code_;
    std::string api_account_;
    std::string private_key_;
    std::string password_;
    std::optional<std::chrono::milliseconds> timeout_;
    std::unique_ptr<PushReceiver> receiver_;
};

}  // namespace unstuck::carriers::jnt

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::jnt::JntCarrier, "jnt", "1.0.0", "unstuck")
