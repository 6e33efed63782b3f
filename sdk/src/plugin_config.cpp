#include "unstuck/sdk/plugin_config.hpp"

namespace unstuck::sdk {
namespace {

template <typename T, typename Map>
const T* find_as(const Map& values, std::string_view key) {
    auto it = values.find(key);
    return it == values.end() ? nullptr : std::get_if<T>(&it->second);
}

}  // namespace

std::string PluginConfig::get_string(std::string_view key, std::string fallback) const {
    const auto* v = find_as<std::string>(values_, key);
    return v ? *v : fallback;
}

std::int64_t PluginConfig::get_int(std::string_view key, std::int64_t fallback) const {
    const auto* v = find_as<std::int64_t>(values_, key);
    return v ? *v : fallback;
}

double PluginConfig::get_number(std::string_view key, double fallback) const {
    if (const auto* v = find_as<double>(values_, key)) return *v;
    if (const auto* i = find_as<std::int64_t>(values_, key)) return static_cast<double>(*i);
    return fallback;
}

bool PluginConfig::get_bool(std::string_view key, bool fallback) const {
    const auto* v = find_as<bool>(values_, key);
    return v ? *v : fallback;
}

std::vector<std::string> PluginConfig::get_string_list(std::string_view key) const {
    const auto* v = find_as<std::vector<std::string>>(values_, key);
    return v ? *v : std::vector<std::string>{};
}

std::map<std::string, std::string> PluginConfig::get_string_map(std::string_view key) const {
    const auto* v = find_as<std::map<std::string, std::string>>(values_, key);
    return v ? *v : std::map<std::string, std::string>{};
}

}  // namespace unstuck::sdk
