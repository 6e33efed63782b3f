// Sweeps orders from an ERP's own program: the core library linked in, orders handed over one at a time.
#include <cstdint>
#include <iostream>
#include <string>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/sweep/sweep_builder.hpp"

using namespace unstuck;

namespace {

// One line on stderr, naming what failed; returns the exit code.
int fail(const std::string& message, int code) {
    std::cerr << "erp-sweep: " << message << '\n';
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return fail("usage: erp-sweep CONFIG < orders.jsonl", 2);
    auto config = core::HostConfig::load(argv[1]);
    if (!config) return fail(config.error().message, 2);
    core::configure_logging(config->log);

    // Made once and kept: plugins start once (tokens, connection pools), the store keeps its sessions.
    core::PluginHost plugins(*config);
    auto opened = core::open_sweep(*config, plugins, core::SweepRunOptions{});
    if (!opened)
        return fail(opened.error().message,
                    opened.error().kind == core::SweepOpenError::Kind::kFailure ? 1 : 2);
    core::Sweep& sweep = (*opened)->sweep();

    core::SweepSummary summary;
    sweep.settle_pending(summary);  // disputes an earlier run left PENDING, before anything new
    std::uint64_t line = 0;
    for (std::string order; std::getline(std::cin, order);) sweep.process(order, summary, ++line);

    std::cout << summary.decided << " decided, " << summary.filed << " filed, " << summary.already_filed
              << " already filed\n";
    for (const auto& error : summary.errors) std::cerr << "erp-sweep: " << error << '\n';
    return summary.error_count == 0 ? 0 : 1;
}
