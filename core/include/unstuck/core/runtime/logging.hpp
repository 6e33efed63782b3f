#pragma once
//! The host's logging: spdlog to stderr, text or JSON lines, secrets redacted, one named logger per plugin.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/sdk/host_services.hpp"

namespace unstuck::core {

//! Sets the level and format of every logger; lines go to `out` (stderr when null).
void configure_logging(const LogOptions& options, std::ostream* out = nullptr);

//! The named logger (created on first use), writing through the shared sink.
std::shared_ptr<spdlog::logger> logger(const std::string& name);

//! The Logger service for a plugin: lines go to the logger named `plugin.<name>`.
std::unique_ptr<sdk::Logger> make_plugin_logger(const std::string& plugin_name);

}  // namespace unstuck::core
