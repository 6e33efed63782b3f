#pragma once
// The sample host's commands: each file registers one subcommand.

#include <CLI/CLI.hpp>

#include "host_context.hpp"

namespace unstuck::host {

void register_plugins_command(CLI::App& app, HostContext& context);
void register_detect_command(CLI::App& app, HostContext& context);
void register_track_command(CLI::App& app, HostContext& context);
void register_check_command(CLI::App& app, HostContext& context);
void register_sweep_command(CLI::App& app, HostContext& context);
void register_serve_command(CLI::App& app, HostContext& context);
void register_disputes_command(CLI::App& app, HostContext& context);
void register_test_plugin_command(CLI::App& app, HostContext& context);
void register_new_plugin_command(CLI::App& app, HostContext& context);

}  // namespace unstuck::host
