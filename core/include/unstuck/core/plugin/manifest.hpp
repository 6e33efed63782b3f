#pragma once
//! A plugin's manifest (`<kind>_<name>.manifest.json` beside the module) and config validation against it.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/plugin_config.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! One configuration key a plugin declares.
struct ConfigKey {
    std::string name;
    std::string type;  //!< boolean, integer, number, string, string_list, string_map
    std::optional<sdk::PluginConfig::Value> default_value;  //!< none: the key is required
    std::string description;
};

//! What a plugin declares about itself.
struct Manifest {
    std::string name;
    std::string kind;  //!< carrier or ticketing
    std::string version;
    //! The name people read (`OnTrac`, `UPS`) in explanations, evidence and `unstuck plugins`; the
    //! manifest's optional `display_name`, else the plugin's name.
    std::string display_name;
    std::string status = "stable";  //!< stable or beta
    //! A carrier's `tracking`: `pull` (the default: the host fetches each package) or `push` (the carrier
    //! only pushes through webhooks; its packages take the events stored from its pushes, never a fetch).
    std::string tracking = "pull";
    std::string description;
    std::vector<ConfigKey> config;
    std::vector<std::string> secrets;  //!< names the plugin reads through the Secrets service

    //! Reads and checks a manifest file; errors name the file and the field.
    static sdk::Result<Manifest> load(const std::filesystem::path& file);
    //! Checks a plugin's config against the keys (types, unknown keys, required keys) and fills in defaults;
    //! errors name the key, e.g. `config.base_url: expected a string`. A null config means an empty one.
    sdk::Result<sdk::PluginConfig> validate(const Poco::JSON::Object::Ptr& config) const;
};

}  // namespace unstuck::core
