#include "marketplaces/tiktok-shop/order_case.hpp"

#include <array>
#include <chrono>

#include "marketplaces/tiktok-shop/timestamps.hpp"
#include "unstuck/kit/json_input.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::marketplaces::tiktok_shop {
namespace {

constexpr std::array<std::string_view, 9> kStatuses{
    "UNPAID",     "ON_HOLD",   "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING", "AWAITING_COLLECTION",
    "IN_TRANSIT", "DELIVERED", "COMPLETED",         "CANCELLED"};

// Statuses in which an order has nothing shipped yet, or never will: no packages is no error.
bool unshipped(std::string_view status) {
    return status == "UNPAID" || status == "ON_HOLD" || status == "AWAITING_SHIPMENT" ||
           status == "CANCELLED";
}

// A string member, or a number written as text (ids are strings in 202309; be lenient with numbers).
std::string text_of(simdjson::dom::element object, std::string_view key) {
    simdjson::dom::element v;
    if (object[key].get(v)) return {};
    std::string_view s;
    if (!v.get_string().get(s)) return std::string(s);
    std::int64_t n = 0;
    if (!v.get_int64().get(n)) return std::to_string(n);
    std::uint64_t u = 0;
    if (!v.get_uint64().get(u)) return std::to_string(u);
    return {};
}

std::string carrier_of(const Config& config, const std::string& provider_id,
                       const std::string& provider_name) {
    if (auto it = config.carriers.find(provider_id); !provider_id.empty() && it != config.carriers.end())
        return it->second;
    if (auto it = config.carriers.find(provider_name); !provider_name.empty() && it != config.carriers.end())
        return it->second;
    return {};
}

sdk::Result<TikTokOrder> read_fields(simdjson::dom::element order, const Config& config, std::string id) {
    TikTokOrder out;
    out.id = std::move(id);
    out.status = text_of(order, "status");
    if (out.status.empty()) return sdk::Error{"status: missing"};
    if (std::find(kStatuses.begin(), kStatuses.end(), out.status) == kStatuses.end())
        return sdk::Error{"status: unknown order status '" + out.status + "'"};
    std::string shipping = text_of(order, "shipping_type");
    if (shipping == "TIKTOK") {
        out.shipping_type = "PLATFORM";
    } else if (shipping == "SELLER") {
        out.shipping_type = "SELLER";
    } else {
        return sdk::Error{shipping.empty() ? "shipping_type: missing"
                                           : "shipping_type: unknown shipping type '" + shipping + "'"};
    }
    auto update_time = read_seconds(order, "update_time", "update_time");
    if (!update_time) return std::move(update_time).error();
    out.update_time = *update_time;

    std::string order_number = text_of(order, "tracking_number");
    std::string order_provider_id = text_of(order, "shipping_provider_id");
    std::string order_provider = text_of(order, "shipping_provider");
    simdjson::dom::array items;
    bool has_items = !order["line_items"].get_array().get(items);
    simdjson::dom::array packages;
    if (!order["packages"].get_array().get(packages)) {
        std::size_t i = 0;
        for (auto package : packages) {
            OrderPackage p;
            p.id = text_of(package, "id");
            if (p.id.empty()) return sdk::Error{"packages[" + std::to_string(i) + "].id: missing"};
            ++i;
            std::string provider_id, provider_name;
            if (has_items) {
                for (auto item : items) {
                    if (text_of(item, "package_id") != p.id) continue;
                    if (p.tracking_number.empty()) p.tracking_number = text_of(item, "tracking_number");
                    if (provider_id.empty()) provider_id = text_of(item, "shipping_provider_id");
                    if (provider_name.empty()) provider_name = text_of(item, "shipping_provider_name");
                }
            }
            if (p.tracking_number.empty() && packages.size() == 1) p.tracking_number = order_number;
            if (provider_id.empty() && provider_name.empty()) {
                provider_id = order_provider_id;
                provider_name = order_provider;
            }
            p.carrier = carrier_of(config, provider_id, provider_name);
            out.packages.push_back(std::move(p));
        }
    }
    if (out.packages.empty() && !order_number.empty())
        out.packages.push_back({"", order_number, carrier_of(config, order_provider_id, order_provider)});
    if (out.packages.empty() && !unshipped(out.status))
        return sdk::Error{"packages: none in an order with status " + out.status};
    return out;
}

}  // namespace

ReadOrder read_order(simdjson::dom::element order, const Config& config) {
    std::string id = text_of(order, "id");
    if (id.empty()) return {"", sdk::Error{"id: missing"}};
    auto fields = read_fields(order, config, id);
    return {std::move(id), std::move(fields)};
}

std::string order_case_json(const TikTokOrder& order, const Shop& shop,
                            std::optional<std::int64_t> newest_millis) {
    sdk::Timestamp updated = newest_millis ? sdk::Timestamp(std::chrono::milliseconds(*newest_millis))
                                           : from_seconds(order.update_time);
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    w.field("order_id", order.id);
    w.field("shop_id", shop.id);
    w.field("marketplace", "tiktok-shop");
    w.field("region", shop.region);
    w.field("shipping_type", order.shipping_type);
    w.field("platform_status", order.status);
    w.field("platform_updated_at", sdk::format_utc(updated));
    w.key("packages").begin_array();
    for (const auto& p : order.packages) {
        w.begin_object();
        if (!p.id.empty()) w.field("package_id", p.id);
        if (!p.tracking_number.empty()) w.field("tracking_number", p.tracking_number);
        if (!p.carrier.empty()) w.field("carrier", p.carrier);
        w.end_object();
    }
    w.end_array();
    w.end_object();
    return out;
}

}  // namespace unstuck::marketplaces::tiktok_shop
