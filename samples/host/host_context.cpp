#include "host_context.hpp"

#include <cstdlib>
#include <iostream>

#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::host {

const core::HostConfig& HostContext::config() {
    if (!config_) {
        if (config_file.empty()) {
            config_ = core::HostConfig::defaults();
        } else {
            auto loaded = core::HostConfig::load(config_file);
            if (!loaded) {
                std::cerr << "unstuck: " << loaded.error().message << '\n';
                std::exit(kExitBadInput);
            }
            config_ = std::move(*loaded);
        }
        core::configure_logging(config_->log);
    }
    return *config_;
}

core::PluginHost& HostContext::plugins() {
    if (!plugins_) plugins_ = std::make_unique<core::PluginHost>(config());
    return *plugins_;
}

}  // namespace unstuck::host
