#include "marketplaces/tiktok-shop/shops.hpp"

#include <algorithm>

namespace unstuck::marketplaces::tiktok_shop {

Shops::Shops(const Config& config, Client& client) : config_(config), client_(client) {}

sdk::MarketplaceResult<Shop> Shops::find(std::string_view shop_id) {
    using R = sdk::MarketplaceResult<Shop>;
    if (std::find(config_.shops.begin(), config_.shops.end(), shop_id) == config_.shops.end())
        return R::rejected("tiktok-shop: shop " + std::string(shop_id) + " is not in the plugin's shops");
    std::lock_guard lock(mutex_);
    if (!loaded_) {
        auto answer = client_.call({.method = "GET", .path = "/authorization/202309/shops"});
        if (answer.kind != ApiResult::Kind::kOk) {
            return answer.kind == ApiResult::Kind::kRetry ? R::retry(answer.message, answer.retry_after)
                                                          : R::rejected(answer.message);
        }
        simdjson::dom::parser parser;
        auto data = envelope_data(parser, answer.value);
        simdjson::dom::array list;
        if (!data || (*data)["shops"].get_array().get(list))
            return R::rejected("tiktok-shop: GET /authorization/202309/shops: no data.shops in the answer");
        for (auto item : list) {
            std::string_view id, cipher, region;
            if (item["id"].get_string().get(id) || item["cipher"].get_string().get(cipher)) continue;
            if (item["region"].get_string().get(region)) region = {};
            Shop shop{std::string(id), std::string(cipher), std::string(region),
                      config_.seller_own_fleet.count(std::string(id)) > 0};
            if (auto it = config_.regions.find(shop.id); it != config_.regions.end())
                shop.region = it->second;
            shops_[shop.id] = std::move(shop);
        }
        loaded_ = true;
    }
    auto it = shops_.find(shop_id);
    if (it == shops_.end())
        return R::rejected(
            "tiktok-shop: shop " + std::string(shop_id) +
            " is not among the shops that authorized the app (GET /authorization/202309/shops)");
    return R::ok(it->second);
}

}  // namespace unstuck::marketplaces::tiktok_shop
