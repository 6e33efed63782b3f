#include "marketplaces/tiktok-shop/tracking.hpp"

#include "marketplaces/tiktok-shop/timestamps.hpp"

namespace unstuck::marketplaces::tiktok_shop {

PlatformTracking newest_tracking(simdjson::dom::element tracking) {
    PlatformTracking out;
    simdjson::dom::array lines;
    if (tracking.get_array().get(lines)) {
        out.error = "tracking: not an array";
        return out;
    }
    std::size_t i = 0;
    for (auto line : lines) {
        std::string field = "tracking[" + std::to_string(i++) + "].update_time_millis";
        auto millis = read_millis(line, "update_time_millis", field);
        if (!millis) {
            out.error = millis.error().message;
            return out;
        }
        if (!out.newest_millis || *millis > *out.newest_millis) out.newest_millis = *millis;
    }
    return out;
}

sdk::MarketplaceResult<PlatformTracking> platform_tracking(Client& client, const Shop& shop,
                                                           const std::string& order_id) {
    using R = sdk::MarketplaceResult<PlatformTracking>;
    auto answer = client.call({.method = "GET",
                               .path = "/fulfillment/202309/orders/" + url_encode(order_id) + "/tracking",
                               .shop_cipher = shop.cipher});
    if (answer.kind != ApiResult::Kind::kOk) {
        return answer.kind == ApiResult::Kind::kRetry ? R::retry(answer.message, answer.retry_after)
                                                      : R::rejected(answer.message);
    }
    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    simdjson::dom::element tracking;
    if (!data || (*data)["tracking"].get(tracking)) return R::ok({});
    return R::ok(newest_tracking(tracking));
}

}  // namespace unstuck::marketplaces::tiktok_shop
