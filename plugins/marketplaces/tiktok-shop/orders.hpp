#pragma once
// Reading a shop's orders: the changed ones page by page from a cursor, and one by id, each with its
// platform tracking, as order cases.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "marketplaces/tiktok-shop/client.hpp"
#include "marketplaces/tiktok-shop/shops.hpp"
#include "unstuck/sdk/marketplace.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! Where a pull stands: `{update_time_ge}:{newest update_time seen}:{page_token}` (the token may hold any
//! character; the two numbers none).
struct Cursor {
    std::int64_t from = 0;    //!< update_time_ge of the search
    std::int64_t newest = 0;  //!< the newest update_time seen so far in this search
    std::string page_token;   //!< empty: the first page

    //! Reads a cursor; nothing when it is not one this plugin wrote.
    static std::optional<Cursor> parse(std::string_view text);
    //! The text the host stores.
    std::string text() const;
};

//! The order reads behind the plugin.
class Orders {
  public:
    Orders(const Config& config, Client& client, Shops& shops, const sdk::Clock& clock);

    //! One page of the shop's orders updated since the cursor (empty: since start_time or lookback_days
    //! ago), sorted by update time, oldest first.
    sdk::MarketplaceResult<sdk::OrderPage> changed(std::string_view shop_id, std::string_view cursor);
    //! One order as an order case.
    sdk::MarketplaceResult<std::string> one(std::string_view shop_id, std::string_view order_id);

  private:
    //! An order object and its tracking into an order case, or an error for the page (retry and rejected
    //! come from the tracking call).
    sdk::MarketplaceResult<std::string> to_case(simdjson::dom::element order, const Shop& shop,
                                                sdk::OrderPage* page, std::int64_t* update_time);

    const Config& config_;
    Client& client_;
    Shops& shops_;
    const sdk::Clock& clock_;
};

}  // namespace unstuck::marketplaces::tiktok_shop
