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

void HostContext::start(bool listing) {
    const auto& loaded = config();
    if (loaded.plugin_configs.empty()) return;
    const auto& errors = plugins().config_errors();
    if (errors.empty()) return;
    for (const auto& error : errors) std::cerr << "unstuck: " << error << '\n';
    if (!listing) std::exit(kExitBadInput);
    exit_code = kExitBadInput;
}

core::PluginHost& HostContext::plugins() {
    if (!plugins_) plugins_ = std::make_unique<core::PluginHost>(config());
    return *plugins_;
}

}  // namespace unstuck::host
