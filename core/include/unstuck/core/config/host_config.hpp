#pragma once
//! The host configuration file (`--config FILE`, JSON): plugin folders, plugin settings, secrets, and every
//! typed section (logging, HTTP, policy, store, routes, sweep, serve), all read and checked when it is
//! loaded.

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Object.h>

#include "unstuck/core/config/http_options.hpp"
#include "unstuck/core/config/log_options.hpp"
#include "unstuck/core/config/route_options.hpp"
#include "unstuck/core/config/serve_options.hpp"
#include "unstuck/core/config/store_options.hpp"
#include "unstuck/core/config/sweep_options.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The parsed host configuration; relative paths are resolved against the file's folder.
struct HostConfig {
    std::filesystem::path base_dir;                  //!< folder of the config file (cwd without one)
    std::vector<std::filesystem::path> plugin_dirs;  //!< scanned in order; defaults to the installed folder
    std::map<std::string, Poco::JSON::Object::Ptr, std::less<>> plugin_configs;      //!< by plugin name
    std::map<std::string, std::map<std::string, std::string>, std::less<>> secrets;  //!< by plugin name
    LogOptions log;                                                                  //!< the `log` section
    HttpOptions http;                                             //!< `http`: defaults for every plugin
    std::map<std::string, HttpOptions, std::less<>> plugin_http;  //!< `http.plugins`: per-plugin overrides
    std::filesystem::path policy_file;                            //!< `policy`; empty: the shipped default
    StoreOptions store;                                           //!< the `store` section
    RouteOptions routes;                                          //!< the `routes` section
    SweepOptions sweep;                                           //!< the `sweep` section
    ServeOptions serve;                                           //!< the `serve` section

    //! The defaults: plugins from the folders next to the executable, no plugin settings.
    static HostConfig defaults();
    //! Reads and validates a config file, every section; errors name the file and the JSON path.
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
