// The tiktok-shop marketplace plugin: TikTok Shop's Open API 202309 and its webhooks.

#include <memory>

#include "marketplaces/tiktok-shop/orders.hpp"
#include "marketplaces/tiktok-shop/pod.hpp"
#include "marketplaces/tiktok-shop/webhook.hpp"
#include "unstuck/sdk/export.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! TikTok Shop as a marketplace plugin.
class TikTokShopPlugin : public sdk::MarketplacePlugin {
  public:
    explicit TikTokShopPlugin(const sdk::HostServices& host)
        : config_(Config::from(host)),
          client_(config_, *require(host.http, "HTTP service"), *require(host.clock, "clock"), host.log),
          shops_(config_, client_),
          orders_(config_, client_, shops_, *host.clock) {}

    std::vector<std::string> shops() override { return config_.shops; }

    sdk::MarketplaceResult<sdk::OrderPage> changed_orders(std::string_view shop_id,
                                                          std::string_view cursor) override {
        return orders_.changed(shop_id, cursor);
    }

    sdk::MarketplaceResult<std::string> order(std::string_view shop_id, std::string_view order_id) override {
        return orders_.one(shop_id, order_id);
    }

    sdk::MarketplaceResult<sdk::PodReceipt> update_delivery_status(const sdk::PodUpdate& update) override {
        return deliver_package(client_, shops_, update);
    }

    sdk::MarketplaceResult<sdk::PodReceipt> find_delivery_status(const sdk::PodUpdate& update) override {
        return delivered_status(client_, shops_, update);
    }

    sdk::MarketplacePushResult receive(const sdk::WebhookRequest& request) override {
        return receive_push(config_, request);
    }

  private:
    template <typename T>
    static T* require(T* service, const char* what) {
        if (!service) throw std::invalid_argument(std::string("tiktok-shop: the host lent no ") + what);
        return service;
    }

    Config config_;
    Client client_;
    Shops shops_;
    Orders orders_;
};

}  // namespace unstuck::marketplaces::tiktok_shop

UNSTUCK_MARKETPLACE_PLUGIN(unstuck::marketplaces::tiktok_shop::TikTokShopPlugin, "tiktok-shop", "1.0.0",
                           "unstuck")
