#pragma once
//! Wires a sweep from a host config: the policy, the routes, the store and the Sweep, checked and prepared.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/sweep/sweep.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Why a sweep could not be opened: bad input (exit 2 in the host) or a failure (exit 1).
struct SweepOpenError {
    //! What kind of problem stopped it.
    enum class Kind : std::uint8_t {
        kBadInput,  //!< the config, the policy, a plugin's settings, a route: fix the input
        kFailure,   //!< the store could not be opened
    };
    Kind kind = Kind::kBadInput;  //!< which kind
    std::string message;          //!< one line naming what and where
};

//! A sweep ready to run, with what it needs: the policy engine, the store (none for a dry run without a
//! SQLite file) and the Sweep, prepared. Destroyed in order: the Sweep first, then the store.
class OpenSweep {
  public:
    OpenSweep(std::unique_ptr<PolicyEngine> engine, std::unique_ptr<CaseStore> store, PluginHost& plugins,
              SweepRunOptions options);
    ~OpenSweep();
    OpenSweep(const OpenSweep&) = delete;
    OpenSweep& operator=(const OpenSweep&) = delete;

    //! The sweep to run (settle_pending, run, process).
    Sweep& sweep() noexcept { return *sweep_; }
    //! The case store, or null for a dry run without a store.
    CaseStore* store() const noexcept { return store_.get(); }
    //! The policy engine deciding the orders.
    const PolicyEngine& engine() const noexcept { return *engine_; }

  private:
    std::unique_ptr<PolicyEngine> engine_;
    std::unique_ptr<CaseStore> store_;
    std::unique_ptr<Sweep> sweep_;
};

//! Opens a sweep from a host config: its `sweep` and `routes` sections replace those of `run` (the rest of
//! `run` is kept: dry run, concurrency, now, order files folder, clock); the policy is `policy_file`, else
//! the config's, else the shipped one; the store is the config's, except that a dry run opens no SQLite
//! file that does not exist. Every configured plugin's settings are checked, then Sweep::prepare.
sdk::Result<std::unique_ptr<OpenSweep>, SweepOpenError> open_sweep(
    const HostConfig& config, PluginHost& plugins, SweepRunOptions run,
    const std::filesystem::path& policy_file = {});

}  // namespace unstuck::core
