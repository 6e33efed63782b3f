#pragma once
// Private: the carrier plugins a sweep tracks with: each by name (or why it could not be had), the detectors
// in order of preference, and which plugin fetches which carrier.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unstuck/core/config/sweep_options.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

class CarrierSet {
  public:
    //! Creates every loaded carrier plugin (a refused one is kept as its reason and logged) and checks
    //! `sweep.carrier_plugins` and `sweep.detect` against them; errors name the config path.
    static sdk::Result<CarrierSet> create(PluginHost& plugins, const SweepOptions& options);

    //! The carrier plugin of that name, or an error saying why there is none.
    sdk::Result<sdk::CarrierPlugin*> carrier(std::string_view name) const;
    //! The plugin that fetches `carrier`'s tracking (`sweep.carrier_plugins`, else its own name, else, when
    //! no plugin has that name, `sweep.aggregator` if there is one).
    std::string_view fetcher(std::string_view carrier) const {
        auto it = fetchers_.find(carrier);
        if (it != fetchers_.end()) return it->second;
        if (!aggregator_.empty() && !carriers_.count(carrier) && !errors_.count(carrier)) return aggregator_;
        return carrier;
    }
    //! Whether the plugin of that name only pushes its tracking (manifest `"tracking": "push"`): it is never
    //! fetched.
    bool pushes(std::string_view plugin) const { return pushers_.count(plugin) > 0; }
    //! The carrier a tracking number belongs to: the first claim with a valid check digit, else the first
    //! claim of a format without one, else the first claim (its check digit invalid), detectors in order of
    //! preference; when none claims it, `sweep.aggregator` if there is one, else an error.
    sdk::Result<std::string> detect(std::string_view number) const;

  private:
    std::map<std::string, std::shared_ptr<sdk::CarrierPlugin>, std::less<>> carriers_;
    std::map<std::string, std::string, std::less<>> errors_;
    std::vector<std::pair<std::string, sdk::CarrierPlugin*>> detectors_;  // in order of preference
    std::map<std::string, std::string, std::less<>> fetchers_;  // carrier to the plugin that fetches it
    std::set<std::string, std::less<>> pushers_;                // plugins whose tracking is pushed
    std::string aggregator_;  // fetches carriers without a plugin and numbers no detector claims
};

}  // namespace unstuck::core
