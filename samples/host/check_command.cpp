#include "commands.hpp"

namespace unstuck::host {

void register_check_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand("check", "not built yet");
    cmd->callback([&context] { context.exit_code = kExitFailure; });
}

}  // namespace unstuck::host
