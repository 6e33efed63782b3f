#include "commands.hpp"

namespace unstuck::host {

void register_track_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("track", "not built yet");
    cmd->callback([&context] { context.exit_code = kExitFailure; });
}

}  // namespace unstuck::host
