#pragma once
// Private: the carrier plugins a sweep tracks with: each by name (or why it could not be had), the detectors
// in order of preference, and which plugin fetches which carrier.

#include <map>
#include <memory>
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
    //! The plugin that fetches `carrier`'s tracking (`sweep.carrier_plugins`, else its own name).
    std::string_view fetcher(std::string_view carrier) const {
        auto it = fetchers_.find(carrier);
        return it == fetchers_.end() ? carrier : std::string_view(it->second);
    }
    //! The carrier a tracking number belongs to: the first claim with a valid check digit, else the first
    //! claim of a format without one, else the first claim (its check digit invalid), detectors in order of
    //! preference; an error when no detector claims it.
    sdk::Result<std::string> detect(std::string_view number) const;

  private:
    std::map<std::string, std::shared_ptr<sdk::CarrierPlugin>, std::less<>> carriers_;
    std::map<std::string, std::string, std::less<>> errors_;
    std::vector<std::pair<std::string, sdk::CarrierPlugin*>> detectors_;  // in order of preference
    std::map<std::string, std::string, std::less<>> fetchers_;  // carrier to the plugin that fetches it
};

}  // namespace unstuck::core
