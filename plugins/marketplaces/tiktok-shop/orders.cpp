#include "marketplaces/tiktok-shop/orders.hpp"

#include <charconv>

#include "marketplaces/tiktok-shop/order_case.hpp"
#include "marketplaces/tiktok-shop/tracking.hpp"

namespace unstuck::marketplaces::tiktok_shop {
namespace {

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 0) return std::nullopt;
    return n;
}

}  // namespace

std::optional<Cursor> Cursor::parse(std::string_view text) {
    auto first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    auto second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    auto from = number(text.substr(0, first));
    auto newest = number(text.substr(first + 1, second - first - 1));
    if (!from || !newest) return std::nullopt;
    return Cursor{*from, *newest, std::string(text.substr(second + 1))};
}

std::string Cursor::text() const {
    return std::to_string(from) + ":" + std::to_string(newest) + ":" + page_token;
}

Orders::Orders(const Config& config, Client& client, Shops& shops, const sdk::Clock& clock)
    : config_(config), client_(client), shops_(shops), clock_(clock) {}

sdk::MarketplaceResult<std::string> Orders::to_case(simdjson::dom::element order, const Shop& shop,
                                                    sdk::OrderPage* page, std::int64_t* update_time) {
    using R = sdk::MarketplaceResult<std::string>;
    auto read = read_order(order, config_);
    auto bad = [&](const std::string& message) {
        if (page) page->errors.push_back({read.id, message});
        return R::rejected("tiktok-shop: order " + read.id + ": " + message);
    };
    if (!read.order) return bad(read.order.error().message);
    const TikTokOrder& o = *read.order;
    if (update_time) *update_time = o.update_time;
    if (o.packages.empty()) return R::not_found();  // nothing shipped: no case to make
    if (shop.region.empty()) return bad("region: the shop has none; set it in the plugin's regions");
    auto tracking = platform_tracking(client_, shop, o.id);
    if (tracking.kind != decltype(tracking)::Kind::kOk) {
        if (tracking.kind == decltype(tracking)::Kind::kRetry) return relay<std::string>(tracking);
        return bad(tracking.message);
    }
    if (!tracking.value.error.empty()) return bad(tracking.value.error);
    return R::ok(order_case_json(o, shop, tracking.value.newest_millis));
}

sdk::MarketplaceResult<sdk::OrderPage> Orders::changed(std::string_view shop_id,
                                                       std::string_view cursor_text) {
    using R = sdk::MarketplaceResult<sdk::OrderPage>;
    auto shop = shops_.find(shop_id);
    if (shop.kind != decltype(shop)::Kind::kOk) return relay<sdk::OrderPage>(shop);
    Cursor cursor;
    if (cursor_text.empty()) {
        auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
        cursor.from = config_.start_time.value_or(now - config_.lookback_days * 86400);
        cursor.newest = cursor.from;
    } else if (auto parsed = Cursor::parse(cursor_text)) {
        cursor = *parsed;
    } else {
        return R::rejected("tiktok-shop: shop " + std::string(shop_id) + ": cursor '" +
                           std::string(cursor_text) +
                           "' is not one this plugin wrote ({update_time_ge}:{newest}:{page_token})");
    }

    std::vector<QueryParam> query{{"page_size", std::to_string(config_.page_size)},
                                  {"sort_field", "update_time"},
                                  {"sort_order", "ASC"}};
    if (!cursor.page_token.empty()) query.emplace_back("page_token", cursor.page_token);
    auto answer = client_.call({.method = "POST",
                                .path = "/order/202309/orders/search",
                                .query = std::move(query),
                                .shop_cipher = shop.value.cipher,
                                .body = R"({"update_time_ge":)" + std::to_string(cursor.from) + "}"});
    if (answer.kind != ApiResult::Kind::kOk) return relay<sdk::OrderPage>(answer);

    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    if (!data) return R::rejected("tiktok-shop: POST /order/202309/orders/search: no data in the answer");
    sdk::OrderPage page;
    simdjson::dom::array orders;
    if (!(*data)["orders"].get_array().get(orders)) {
        for (auto order : orders) {
            std::int64_t update_time = 0;
            auto one = to_case(order, shop.value, &page, &update_time);
            if (one.kind == decltype(one)::Kind::kRetry) return relay<sdk::OrderPage>(one);
            if (update_time > cursor.newest) cursor.newest = update_time;
            if (one.kind == decltype(one)::Kind::kOk) page.orders.push_back(std::move(one.value));
        }
    }
    std::string_view next;
    if ((*data)["next_page_token"].get_string().get(next)) next = {};
    if (next.empty()) {
        // The shop is read: the next pull starts at the newest update seen (inclusive; a repeat is harmless).
        page.next_cursor = Cursor{cursor.newest, cursor.newest, ""}.text();
        page.more = false;
    } else {
        page.next_cursor = Cursor{cursor.from, cursor.newest, std::string(next)}.text();
        page.more = true;
    }
    return R::ok(std::move(page));
}

sdk::MarketplaceResult<std::string> Orders::one(std::string_view shop_id, std::string_view order_id) {
    using R = sdk::MarketplaceResult<std::string>;
    auto shop = shops_.find(shop_id);
    if (shop.kind != decltype(shop)::Kind::kOk) return relay<std::string>(shop);
    auto answer = client_.call({.method = "GET",
                                .path = "/order/202309/orders",
                                .query = {{"ids", std::string(order_id)}},
                                .shop_cipher = shop.value.cipher});
    if (answer.kind != ApiResult::Kind::kOk) return answer;
    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    simdjson::dom::array orders;
    if (!data || (*data)["orders"].get_array().get(orders)) return R::not_found();
    for (auto order : orders) {
        std::string_view id;
        if (order["id"].get_string().get(id) || id != order_id) continue;
        auto result = to_case(order, shop.value, nullptr, nullptr);
        if (result.kind == R::Kind::kNotFound)
            return R::rejected("tiktok-shop: order " + std::string(order_id) + " has no package yet");
        return result;
    }
    return R::not_found();
}

}  // namespace unstuck::marketplaces::tiktok_shop
