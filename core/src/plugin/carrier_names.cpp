#include "unstuck/core/plugin/carrier_names.hpp"

namespace unstuck::core {

std::shared_ptr<const Policy> with_carrier_display_names(std::shared_ptr<const Policy> policy,
                                                         const PluginHost& plugins) {
    std::shared_ptr<Policy> named;
    for (const auto& [name, plugin] : plugins.loader().loaded()) {
        if (plugin.manifest.kind != "carrier" || policy->carrier_names.contains(name)) continue;
        if (!named) named = std::make_shared<Policy>(*policy);
        named->carrier_names.emplace(name, plugin.manifest.display_name);
    }
    if (!named) return policy;
    return named;
}

}  // namespace unstuck::core
