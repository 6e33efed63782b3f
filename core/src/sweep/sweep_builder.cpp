#include "unstuck/core/sweep/sweep_builder.hpp"

#include "unstuck/core/plugin/carrier_names.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::core {

OpenSweep::OpenSweep(std::unique_ptr<PolicyEngine> engine, std::unique_ptr<CaseStore> store,
                     PluginHost& plugins, SweepRunOptions options)
    : engine_(std::move(engine)),
      store_(std::move(store)),
      sweep_(std::make_unique<Sweep>(plugins, *engine_, store_.get(), std::move(options))) {}

OpenSweep::~OpenSweep() = default;

sdk::Result<std::unique_ptr<OpenSweep>, SweepOpenError> open_sweep(const HostConfig& config,
                                                                   PluginHost& plugins, SweepRunOptions run,
                                                                   const std::filesystem::path& policy_file) {
    using Kind = SweepOpenError::Kind;
    if (!plugins.config_errors().empty())
        return SweepOpenError{Kind::kBadInput, plugins.config_errors().front()};
    run.sweep = config.sweep;
    run.routes = DisputeRoutes(config.routes);

    std::filesystem::path file = policy_file;
    if (file.empty()) file = config.policy_file;
    if (file.empty()) file = default_policy_file();
    auto policy = load_policy(file);
    if (!policy) return SweepOpenError{Kind::kBadInput, policy.error().message};
    auto engine = std::make_unique<PolicyEngine>(with_carrier_display_names(std::move(*policy), plugins));

    std::unique_ptr<CaseStore> store;
    const bool open_store = !run.dry_run || config.store.backend != StoreBackend::kSqlite ||
                            std::filesystem::exists(config.store.sqlite_file);
    if (open_store) {
        auto opened = CaseStore::open(config.store);
        if (!opened) return SweepOpenError{Kind::kFailure, opened.error().message};
        store = std::move(*opened);
    }

    auto open = std::make_unique<OpenSweep>(std::move(engine), std::move(store), plugins, std::move(run));
    if (auto s = open->sweep().prepare(); !s) return SweepOpenError{Kind::kBadInput, s.message()};
    return open;
}

}  // namespace unstuck::core
