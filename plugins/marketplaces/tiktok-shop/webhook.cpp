#include "marketplaces/tiktok-shop/webhook.hpp"

#include <simdjson.h>

#include "marketplaces/tiktok-shop/signing.hpp"
#include "marketplaces/tiktok-shop/timestamps.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::marketplaces::tiktok_shop {

sdk::MarketplacePushResult receive_push(const Config& config, const sdk::WebhookRequest& request) {
    using R = sdk::MarketplacePushResult;
    auto signature = request.header("Authorization");
    if (!signature || signature->empty()) return R::unsigned_push("tiktok-shop: no Authorization header");
    std::string given(*signature);
    for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!kit::constant_time_equals(given, webhook_sign(config.app_secret, config.app_key, request.body)))
        return R::bad_signature("tiktok-shop: the Authorization signature does not match the body");

    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(request.body.data(), request.body.size()).get(root) || !root.is_object())
        return R::malformed("tiktok-shop: the body is not a JSON object");
    auto type = kit::json_integer(root, "type");
    if (!type) return R::malformed("tiktok-shop: type: missing or not an integer");
    sdk::MarketplacePush push;
    if (auto at = read_seconds(root, "timestamp", "timestamp")) {
        push.signed_at = from_seconds(*at);
    } else {
        return R::malformed("tiktok-shop: " + at.error().message);
    }
    push.delivery_id = std::string(kit::json_string(root, "tts_notification_id"));
    if (*type == 1 || *type == 4) {
        std::string shop(kit::json_string(root, "shop_id"));
        if (shop.empty()) return R::malformed("tiktok-shop: shop_id: missing");
        simdjson::dom::element data;
        if (root["data"].get(data) || !data.is_object())
            return R::malformed("tiktok-shop: data: missing or not an object");
        std::string order(kit::json_string(data, "order_id"));
        if (order.empty()) return R::malformed("tiktok-shop: data.order_id: missing");
        push.orders.push_back({shop, order, *type == 1 ? "order status change" : "package update"});
    }
    return R::accepted(std::move(push));
}

}  // namespace unstuck::marketplaces::tiktok_shop
