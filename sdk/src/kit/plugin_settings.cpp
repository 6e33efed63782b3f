#include "unstuck/kit/plugin_settings.hpp"

#include <stdexcept>

namespace unstuck::kit {

const sdk::PluginConfig& config_or_empty(const sdk::HostServices& host) {
    static const sdk::PluginConfig empty;
    return host.config ? *host.config : empty;
}

std::string base_url_setting(const sdk::PluginConfig& config, std::string_view fallback) {
    std::string url = config.get_string("base_url", std::string(fallback));
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

void require_http_url(const std::string& url, std::string_view carrier) {
    if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) return;
    throw std::runtime_error(std::string(carrier) + ": base_url must start with http:// or https://, not \"" +
                             url + "\"");
}

std::optional<std::chrono::milliseconds> timeout_setting(const sdk::PluginConfig& config) {
    if (std::int64_t ms = config.get_int("timeout_ms", 0); ms > 0) return std::chrono::milliseconds(ms);
    return std::nullopt;
}

}  // namespace unstuck::kit
