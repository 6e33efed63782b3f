#pragma once
// A TikTok Shop order (Open API 202309) read into the host's order case (docs/policy.md, "The input: an
// order case").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <simdjson.h>

#include "marketplaces/tiktok-shop/config.hpp"
#include "marketplaces/tiktok-shop/shops.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! One package of an order.
struct OrderPackage {
    std::string id;
    std::string tracking_number;
    std::string carrier;  //!< the carrier plugin from config `carriers`; empty: the host detects
};

//! The fields of an order the order case needs.
struct TikTokOrder {
    std::string id;
    std::string status;         //!< e.g. `IN_TRANSIT`
    std::string shipping_type;  //!< `PLATFORM` or `SELLER`
    std::int64_t update_time = 0;
    std::vector<OrderPackage> packages;  //!< empty: nothing shipped yet, no case to make
};

//! An order as read: its id (empty when even that is unreadable) and the order, or the error naming the
//! field.
struct ReadOrder {
    std::string id;
    sdk::Result<TikTokOrder> order;
};

//! Reads an order object; unknown statuses and shipping types, missing fields and timestamps in the wrong
//! unit are errors naming the field.
ReadOrder read_order(simdjson::dom::element order, const Config& config);

//! The order case JSON: marketplace `tiktok-shop`, the shop's id and region, the order's status, shipping
//! type and packages; `platform_updated_at` from the newest tracking line, else the order's update_time.
std::string order_case_json(const TikTokOrder& order, const Shop& shop,
                            std::optional<std::int64_t> newest_millis);

}  // namespace unstuck::marketplaces::tiktok_shop
