#include "marketplaces/tiktok-shop/config.hpp"

#include <stdexcept>

#include "unstuck/kit/plugin_settings.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::marketplaces::tiktok_shop {
namespace {

std::string url_setting(const sdk::PluginConfig& config, const char* key, const char* fallback) {
    std::string url = config.get_string(key, fallback);
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw std::invalid_argument(std::string("tiktok-shop: ") + key +
                                    " must start with http:// or https://, not \"" + url + "\"");
    return url;
}

}  // namespace

Config Config::from(const sdk::HostServices& host) {
    const auto& config = kit::config_or_empty(host);
    Config c;
    c.base_url = url_setting(config, "base_url", "https://open-api.tiktokglobalshop.com");
    c.auth_url = url_setting(config, "auth_url", "https://auth.tiktok-shops.com");
    c.app_key = config.get_string("app_key");
    if (c.app_key.empty()) throw std::invalid_argument("tiktok-shop: app_key is required");
    auto secret = [&](const char* name) {
        return host.secrets ? host.secrets->get(name).value_or("") : std::string();
    };
    c.app_secret = secret("app_secret");
    if (c.app_secret.empty()) throw std::invalid_argument("tiktok-shop: the secret app_secret is required");
    c.refresh_token = secret("refresh_token");
    c.access_token = secret("access_token");
    if (c.refresh_token.empty() && c.access_token.empty())
        throw std::invalid_argument("tiktok-shop: the secret refresh_token is required");
    c.shops = config.get_string_list("shops");
    if (c.shops.empty()) throw std::invalid_argument("tiktok-shop: shops must name at least one shop id");
    for (const auto& id : config.get_string_list("seller_own_fleet")) c.seller_own_fleet.insert(id);
    c.regions = config.get_string_map("regions");
    c.carriers = config.get_string_map("carriers");
    if (auto start = config.get_string("start_time"); !start.empty()) {
        auto at = sdk::parse_timestamp(start);
        if (!at) throw std::invalid_argument("tiktok-shop: start_time: " + at.error().message);
        c.start_time = std::chrono::duration_cast<std::chrono::seconds>(at->time_since_epoch()).count();
    }
    c.lookback_days = config.get_int("lookback_days", 30);
    if (c.lookback_days < 0) throw std::invalid_argument("tiktok-shop: lookback_days must not be negative");
    c.page_size = config.get_int("page_size", 50);
    if (c.page_size < 1 || c.page_size > 100)
        throw std::invalid_argument("tiktok-shop: page_size must be 1..100, not " +
                                    std::to_string(c.page_size));
    c.timeout = kit::timeout_setting(config);
    return c;
}

}  // namespace unstuck::marketplaces::tiktok_shop
