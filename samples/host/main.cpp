// `unstuck`: the sample host. Exit codes: 0 success, 1 a failure it could not get past, 2 bad input.
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
    using namespace unstuck::host;
    CLI::App app{"unstuck: finds orders whose logistics status is stuck and files the right dispute, once"};
    app.require_subcommand(1, 1);
    HostContext context;
    app.add_option("--config", context.config_file, "host configuration (JSON)")->check(CLI::ExistingFile);

    register_plugins_command(app, context);
    register_detect_command(app, context);
    register_track_command(app, context);
    register_check_command(app, context);
    register_sweep_command(app, context);
    register_serve_command(app, context);
    register_disputes_command(app, context);
    register_test_plugin_command(app, context);
    register_new_plugin_command(app, context);
    // Runs once the command line is read, before the command: bad configuration stops every command.
    app.parse_complete_callback([&app, &context] {
        const auto commands = app.get_subcommands();
        context.start(!commands.empty() && commands.front()->get_name() == "plugins");
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "unstuck: " << e.what() << '\n';
        return kExitBadInput;
    }
    return context.exit_code;
}
