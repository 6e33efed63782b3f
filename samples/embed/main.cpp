// Sweeps orders from an ERP's own program: the core library linked in, orders handed over one at a time.
#include <cstdint>
#include <iostream>
#include <string>

#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/disputes/dispute_routes.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/runtime/logging.hpp"
#include "unstuck/core/sweep/sweep.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/config/store_options.hpp"
#include "unstuck/core/config/sweep_options.hpp"

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
    auto settings = core::SweepOptions::from_config(*config);
    if (!settings) return fail(settings.error().message, 2);
    auto routes = core::DisputeRoutes::from_config(*config);
    if (!routes) return fail(routes.error().message, 2);
    auto store_options = core::StoreOptions::from_config(*config);
    if (!store_options) return fail(store_options.error().message, 2);
    auto policy =
        core::load_policy(config->policy_file.empty() ? core::default_policy_file() : config->policy_file);
    if (!policy) return fail(policy.error().message, 2);
    auto store = core::CaseStore::open(*store_options);
    if (!store) return fail(store.error().message, 1);

    // Made once and kept: plugins start once (tokens, connection pools), the store keeps its sessions.
    core::PluginHost plugins(*config);
    core::PolicyEngine engine(*policy);
    core::SweepRunOptions options;
    options.sweep = *settings;
    options.routes = *routes;
    core::Sweep sweep(plugins, engine, store->get(), options);
    if (auto s = sweep.prepare(); !s) return fail(s.message(), 2);

    core::SweepSummary summary;
    sweep.settle_pending(summary);  // disputes an earlier run left PENDING, before anything new
    std::uint64_t line = 0;
    for (std::string order; std::getline(std::cin, order);) sweep.process(order, summary, ++line);

    std::cout << summary.decided << " decided, " << summary.filed << " filed, " << summary.already_filed
              << " already filed\n";
    for (const auto& error : summary.errors) std::cerr << "erp-sweep: " << error << '\n';
    return summary.error_count == 0 ? 0 : 1;
}
