#include "commands.hpp"

namespace unstuck::host {

void register_detect_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("detect", "not built yet");
    cmd->callback([&context] { context.exit_code = kExitFailure; });
}

}  // namespace unstuck::host
