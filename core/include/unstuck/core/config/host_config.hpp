#pragma once
//! The host configuration file (`--config FILE`, JSON): plugin folders, plugin settings, secrets, logging,
//! HTTP.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "unstuck/core/config/http_options.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Logging settings.
struct LogOptions {
    std::string level = "info";  //!< trace, debug, info, warn, error, off
    bool json = false;           //!< one JSON object per line instead of text
};

//! The parsed host configuration; relative paths are resolved against the file's folder.
struct HostConfig {
    std::filesystem::path base_dir;                  //!< folder of the config file (cwd without one)
    std::vector<std::filesystem::path> plugin_dirs;  //!< scanned in order; defaults to the installed folder
    std::map<std::string, Poco::JSON::Object::Ptr, std::less<>> plugin_configs;      //!< by plugin name
    std::map<std::string, std::map<std::string, std::string>, std::less<>> secrets;  //!< by plugin name
    LogOptions log;
    HttpOptions http;                                             //!< defaults for every plugin
    std::map<std::string, HttpOptions, std::less<>> plugin_http;  //!< per-plugin overrides (rate limits)
    std::filesystem::path policy_file;                            //!< empty: the shipped default policy
    Poco::JSON::Object::Ptr document;                             //!< the whole document, for later sections

    //! The defaults: plugins from the folders next to the executable, no plugin settings.
    static HostConfig defaults();
    //! Reads and validates a config file; errors name the file and the JSON path.
    static sdk::Result<HostConfig> load(const std::filesystem::path& file);
    //! Parses a config document; relative paths resolve against `base_dir`.
    static sdk::Result<HostConfig> parse(std::string_view json, const std::filesystem::path& base_dir);

    //! The HTTP options for a plugin: the defaults with its overrides.
    const HttpOptions& http_for(std::string_view plugin) const;
};

//! The plugin folders a host looks in without configuration: `UNSTUCK_PLUGIN_PATH` (colon-separated) if set,
//! else `<exe>/../lib/unstuck/plugins`.
std::vector<std::filesystem::path> default_plugin_dirs();

}  // namespace unstuck::core
