#include "ticketing/common/base_url.hpp"

#include <stdexcept>

namespace unstuck::ticketing {

std::string base_url_setting(const sdk::PluginConfig& config) {
    std::string url = config.get_string("base_url");
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
        throw std::invalid_argument("config.base_url: expected an http:// or https:// URL, got '" + url +
                                    "'");
    while (url.back() == '/') url.pop_back();
    return url;
}

}  // namespace unstuck::ticketing
