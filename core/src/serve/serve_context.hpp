#pragma once
// Private: what the API routes and the scheduler share while `unstuck serve` runs.

#include <functional>

#include "serve/metrics.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/config/serve_options.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/sweep/sweep.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! The service's parts, alive as long as the server.
struct ServeContext {
    const HostConfig& config;               //!< the host config
    const ServeOptions& options;            //!< its `serve` section, with the command line's overrides
    PluginHost& plugins;                    //!< the loaded plugins
    CaseStore& store;                       //!< the case store
    const PolicyEngine& engine;             //!< the policy
    Sweep& sweep;                           //!< the prepared sweep (its per-order step)
    Metrics& metrics;                       //!< the metrics
    std::function<sdk::Timestamp()> clock;  //!< the service clock (frozen by `--now`)
    std::function<void()> wake_scheduler;  //!< wakes the scheduler (a submission due earlier); may do nothing
};

}  // namespace unstuck::core
