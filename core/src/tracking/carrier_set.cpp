#include "tracking/carrier_set.hpp"

#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::core {

using sdk::Error;

sdk::Result<CarrierSet> CarrierSet::create(PluginHost& plugins, const SweepOptions& options) {
    CarrierSet set;
    set.fetchers_ = options.carrier_plugins;
    auto log = logger("sweep");
    for (const auto& name : plugins.names("carrier")) {
        if (const LoadedPlugin* loaded = plugins.loader().find(name);
            loaded && loaded->manifest.tracking == "push")
            set.pushers_.insert(name);
        auto plugin = plugins.carrier(name);
        if (plugin) {
            set.carriers_[name] = *plugin;
        } else {
            set.errors_[name] = plugin.error().message;
            log->warn("{}", plugin.error().message);
        }
    }
    for (const auto& [carrier, plugin] : options.carrier_plugins)
        if (auto p = set.carrier(plugin); !p)
            return Error{"sweep.carrier_plugins." + carrier + ": " + p.error().message};
    if (!options.aggregator.empty()) {
        if (auto p = set.carrier(options.aggregator); !p)
            return Error{"sweep.aggregator: " + p.error().message};
        set.aggregator_ = options.aggregator;
    }

    const auto& wanted = options.detect;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        auto p = set.carrier(wanted[i]);
        if (!p) return Error{"sweep.detect[" + std::to_string(i) + "]: " + p.error().message};
        set.detectors_.emplace_back(wanted[i], *p);
    }
    if (wanted.empty())
        for (const auto& [name, plugin] : set.carriers_) set.detectors_.emplace_back(name, plugin.get());
    return set;
}

sdk::Result<sdk::CarrierPlugin*> CarrierSet::carrier(std::string_view name) const {
    if (auto it = carriers_.find(name); it != carriers_.end()) return it->second.get();
    if (auto it = errors_.find(name); it != errors_.end()) return Error{it->second};
    return Error{"no carrier plugin \"" + std::string(name) + "\" in the plugin folders"};
}

sdk::Result<std::string> CarrierSet::detect(std::string_view number) const {
    const sdk::CarrierClaim* best = nullptr;
    std::vector<sdk::CarrierClaim> claims;
    for (const auto& [name, plugin] : detectors_) {
        for (auto& claim : plugin->detect(number)) claims.push_back(std::move(claim));
    }
    // A valid check digit ranks first, then a format without one, then an invalid check digit.
    auto rank = [](sdk::CheckDigit verdict) {
        switch (verdict) {
            case sdk::CheckDigit::kValid:
                return 0;
            case sdk::CheckDigit::kAbsent:
                return 1;
            case sdk::CheckDigit::kInvalid:
                return 2;
        }
        return 2;
    };
    for (const auto& claim : claims)
        if (!best || rank(claim.check_digit) < rank(best->check_digit)) best = &claim;
    if ((!best || best->carrier.empty()) && !aggregator_.empty()) return aggregator_;
    if (!best || best->carrier.empty())
        return Error{"no carrier recognises tracking number \"" + std::string(number) + "\""};
    return best->carrier;
}

}  // namespace unstuck::core
