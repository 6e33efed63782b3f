// `unstuck serve`: the long-running host. An HTTP(S) API over the case store, the scheduler that re-checks
// each order at its next check, and the carriers' webhooks (docs/service.md). Runs until SIGTERM or SIGINT,
// then stops accepting, lets requests in flight finish and exits. Exit codes: 0 stopped cleanly; 1 could not
// start (port taken, store unreachable, TLS files bad) or requests were still running after
// serve.shutdown_grace_ms; 2 bad config or flags.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/serve/server.hpp"

namespace unstuck::host {
namespace {

struct ServeArgs {
    std::string listen;
    std::string port_file;
    std::string now;
    bool no_scheduler = false;
};

int fail(std::string_view message, int code) {
    std::cerr << "unstuck serve: " << message << '\n';
    return code;
}

// Writes the port to a temporary file beside `file`, then renames it, so a reader never sees half of it.
bool write_port_file(const std::string& file, std::uint16_t port) {
    const std::string temporary = file + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << port << '\n';
        if (!out.flush()) return false;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    return !ec;
}

int run_serve(HostContext& context, const ServeArgs& args) {
    // SIGTERM and SIGINT are waited for below; every thread started from here on inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const auto& config = context.config();
    core::ServeDeps deps{config, context.plugins(), config.serve, {}, {}, !args.no_scheduler};
    if (!args.listen.empty())
        if (auto s = deps.options.set_listen(args.listen, "--listen"); !s)
            return fail(s.message(), kExitBadInput);
    if (auto s = deps.options.add_environment_tokens(core::process_environment()); !s)
        return fail(s.message(), kExitBadInput);
    if (!args.now.empty()) {
        auto now = sdk::parse_timestamp(args.now);
        if (!now) return fail("--now: " + now.error().message, kExitBadInput);
        deps.now = *now;
        deps.clock = [at = *now] { return at; };
    }
    const auto grace = std::chrono::milliseconds(deps.options.shutdown_grace_ms);

    auto started = core::Server::start(std::move(deps));
    if (!started)
        return fail(started.error().message, started.error().kind == core::ServeStartError::Kind::kBadInput
                                                 ? kExitBadInput
                                                 : kExitFailure);
    auto& server = **started;
    auto log = core::logger("serve");
    log->info("listening on {} (pid {})", server.url(), ::getpid());
    if (!args.port_file.empty() && !write_port_file(args.port_file, server.port())) {
        server.stop(grace);
        return fail("--port-file: cannot write " + args.port_file, kExitFailure);
    }

    int signal_number = 0;
    while (sigwait(&signals, &signal_number) != 0) {
    }
    log->info("{}: stopping; requests in flight have {} ms to finish",
              signal_number == SIGTERM ? "SIGTERM" : "SIGINT", grace.count());
    if (!server.stop(grace)) {
        log->error("stopped with requests still in flight after {} ms", grace.count());
        spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
        std::cerr.flush();
        // The requests still running use the server: leave without destroying it.
        std::_Exit(kExitFailure);
    }
    log->info("stopped");
    return kExitOk;
}

}  // namespace

void register_serve_command(CLI::App& app, HostContext& context) {
    auto* cmd = app.add_subcommand(
        "serve",
        "run the service: the HTTP API, the scheduler and the webhooks, until SIGTERM (docs/service.md)");
    auto args = std::make_shared<ServeArgs>();
    cmd->add_option("--listen", args->listen,
                    "HOST:PORT to listen on (default: serve.listen, 127.0.0.1:8080); port 0 "
                    "picks a free one");
    cmd->add_option("--port-file", args->port_file, "write the bound port here once accepting connections");
    cmd->add_option("--now", args->now, "freeze the service clock at this instant (ISO 8601 with offset)");
    cmd->add_flag("--no-scheduler", args->no_scheduler, "do not re-check orders by themselves");
    cmd->callback([&context, args] { context.exit_code = run_serve(context, *args); });
}

}  // namespace unstuck::host
