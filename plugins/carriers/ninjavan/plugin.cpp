// The Ninja Van carrier plugin: Ninja Van tells a parcel's status only by webhook, so the plugin receives and
// verifies those pushes, reads saved ones, and has nothing to fetch.
#include <memory>
#include <stdexcept>
#include <string>

#include "detector.hpp"
#include "normalizer.hpp"
#include "push_receiver.hpp"
#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::carriers::ninjavan {

class NinjavanCarrier : public sdk::CarrierPlugin {
  public:
    explicit NinjavanCarrier(const sdk::HostServices& host) {
        const sdk::PluginConfig& config = kit::config_or_empty(host);
        country_ = config.get_string("country", std::string(kDefaultCountry));
        if (country_.size() != 2)
            throw std::runtime_error("ninjavan: config.country must be an ISO 3166-1 alpha-2 code");
        for (char& c : country_)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        std::string secret;
        if (host.secrets) secret = host.secrets->get("client_secret").value_or("");
        receiver_ = std::make_unique<PushReceiver>(std::move(secret), country_);
    }

    std::vector<sdk::CarrierClaim> detect(std::string_view tracking_number) const override {
        return ninjavan::detect(tracking_number);
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return ninjavan::normalize(payload, context, country_);
    }

    sdk::TrackResult fetch(const sdk::TrackContext&) override {
        return sdk::TrackResult::permanent(
            "ninjavan: Ninja Van has no tracking API to ask; its status arrives only by webhook "
            "(/v1/webhooks/ninjavan)");
    }

    sdk::WebhookReceiver* webhook_receiver() override { return receiver_.get(); }

  private:
    std::string country_;
    std::unique_ptr<PushReceiver> receiver_;
};

}  // namespace unstuck::carriers::ninjavan

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::ninjavan::NinjavanCarrier, "ninjavan", "1.0.0", "unstuck")
