#pragma once
// The configured shops as the API knows them: each one's shop_cipher and region, from
// `/authorization/202309/shops`, read once.

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "marketplaces/tiktok-shop/client.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! A configured shop, resolved.
struct Shop {
    std::string id;
    std::string cipher;  //!< sent as shop_cipher on the shop's calls
    std::string region;  //!< the configured region, else the API's
    bool seller_own_fleet = false;
};

//! The configured shops, resolved through the authorized-shops call the first time one is asked for.
class Shops {
  public:
    Shops(const Config& config, Client& client);
    //! The shop, or rejected when it is not configured or the app is not authorized for it; retry when the
    //! API could not be read.
    sdk::MarketplaceResult<Shop> find(std::string_view shop_id);

  private:
    const Config& config_;
    Client& client_;
    std::mutex mutex_;
    bool loaded_ = false;
    std::map<std::string, Shop, std::less<>> shops_;
};

}  // namespace unstuck::marketplaces::tiktok_shop
