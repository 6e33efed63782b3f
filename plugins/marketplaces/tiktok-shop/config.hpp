#pragma once
// The tiktok-shop plugin's settings, read from the host's validated config and secrets.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::marketplaces::tiktok_shop {

//! What the plugin needs to talk to one TikTok Shop app's authorized shops.
struct Config {
    std::string base_url;  //!< Open API host, no trailing slash
    std::string auth_url;  //!< authorization host, no trailing slash
    std::string app_key;
    std::string app_secret;
    std::string refresh_token;
    std::string access_token;  //!< empty: fetched with the refresh token at the first call
    std::vector<std::string> shops;
    std::set<std::string> seller_own_fleet;       //!< shop ids that ship with their own fleet
    std::map<std::string, std::string> regions;   //!< shop id -> region, wins over the API's
    std::map<std::string, std::string> carriers;  //!< provider id or name -> carrier plugin name
    std::optional<std::int64_t> start_time;       //!< Unix seconds; empty: lookback_days before now
    std::int64_t lookback_days = 30;
    std::int64_t page_size = 50;
    std::optional<std::chrono::milliseconds> timeout;

    //! Reads and checks the settings; throws std::invalid_argument naming the key that is wrong.
    static Config from(const sdk::HostServices& host);
};

}  // namespace unstuck::marketplaces::tiktok_shop
