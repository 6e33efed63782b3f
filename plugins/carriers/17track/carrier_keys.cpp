#include "carrier_keys.hpp"

#include <stdexcept>

namespace unstuck::carriers::track17 {

CarrierKeys::CarrierKeys(const std::map<std::string, std::string>& overrides) {
    // 17TRACK's carrier list: DHL Express, UPS, FedEx, USPS, China Post.
    keys_ = {
        {"dhl", "100001"}, {"ups", "100002"}, {"fedex", "100003"}, {"usps", "21051"}, {"china-post", "3011"}};
    for (const auto& [name, key] : overrides) {
        if (key.find_first_not_of("0123456789") != std::string::npos || key.size() > 9)
            throw std::invalid_argument("17track: config.carrier_codes." + name + ": \"" + key +
                                        "\" is not a 17TRACK carrier key (up to 9 digits)");
        if (key.empty())
            keys_.erase(name);
        else
            keys_[name] = key;
    }
    for (const auto& [name, key] : keys_) names_.emplace(key, name);  // the first name wins for a shared key
}

std::string_view CarrierKeys::key_of(std::string_view name) const {
    auto it = keys_.find(name);
    return it == keys_.end() ? std::string_view{} : std::string_view(it->second);
}

std::string_view CarrierKeys::name_of(std::string_view key) const {
    auto it = names_.find(key);
    return it == names_.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace unstuck::carriers::track17
