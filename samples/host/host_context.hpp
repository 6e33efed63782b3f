#pragma once
// What every command of the sample host shares: options, the host configuration, the plugins.

#include <memory>
#include <optional>
#include <string>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"

namespace unstuck::host {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

//! Options and lazily loaded state shared by the commands.
class HostContext {
  public:
    std::string config_file;  //!< --config
    int exit_code = kExitOk;

    //! Before any command runs: loads the configuration and, when it configures plugins, checks their
    //! settings against their manifests. Either failing exits with 2 and one line a problem, except that
    //! `unstuck plugins` (`listing`) goes on to list the refused plugin, then exits with 2.
    void start(bool listing);
    //! The host configuration (defaults when no --config); exits with 2 on a bad file.
    const core::HostConfig& config();
    //! The plugin host, with every plugin folder scanned; refusals are logged, never fatal.
    core::PluginHost& plugins();

  private:
    std::optional<core::HostConfig> config_;
    std::unique_ptr<core::PluginHost> plugins_;
};

}  // namespace unstuck::host
