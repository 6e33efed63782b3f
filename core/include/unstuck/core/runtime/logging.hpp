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

//! Logs one line with fields of its own through `log` (its level applies): with `log.json` the members of
//! `fields_json` (one JSON object's text; keys other than `time`, `level`, `logger` and `msg`) sit at the top
//! level of the line's object after `msg`; as text the line reads `message` alone. Secrets are redacted from
//! both. Never throws.
void log_fields(spdlog::logger& log, spdlog::level::level_enum level, std::string_view message,
                std::string_view fields_json);

//! The Logger service for a plugin: lines go to the logger named `plugin.<name>`.
std::unique_ptr<sdk::Logger> make_plugin_logger(const std::string& plugin_name);

}  // namespace unstuck::core
