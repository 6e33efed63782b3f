#pragma once
// Private: what an unstuck_host handle stands for: the config, the plugins, the policy, a pool of order
// checkers for decide, and the case store opened on first use.

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "handle_registry.hpp"
#include "unstuck.h"
#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::capi {

//! A host opened through the C API.
class HostState {
  public:
    //! Loads the plugins and the policy of a parsed config; throws ApiError (ECONFIG) on a bad one.
    explicit HostState(core::HostConfig config);
    ~HostState();

    const core::HostConfig& config() const noexcept { return config_; }
    core::PluginHost& plugins() noexcept { return *plugins_; }

    //! Check options deciding at the clock, raw packages through this host's carrier plugins.
    core::CheckOptions check_options();
    //! Decides one order case into `out`; thread-safe (each call borrows a checker from the pool).
    sdk::Status decide(std::string_view json, std::string& out);
    //! Decides every non-blank line of `jsonl` into `out`, one line each in input order, a bad line as
    //! `{"line":N,"error":"..."}`; on the calling thread with one borrowed checker; thread-safe.
    void check_lines(std::string_view jsonl, std::string& out);

    //! The case store, opened on first use; null when it is a SQLite file that does not exist yet.
    //! Throws ApiError (ESTORE) when it cannot be opened.
    core::CaseStore* store();

  private:
    struct PooledChecker;
    std::unique_ptr<PooledChecker> borrow();
    void give_back(std::unique_ptr<PooledChecker> checker);

    core::HostConfig config_;
    std::unique_ptr<core::PluginHost> plugins_;
    std::unique_ptr<core::PolicyEngine> engine_;
    std::shared_ptr<std::mutex> normalize_mutex_ = std::make_shared<std::mutex>();
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<PooledChecker>> pool_;
    std::mutex store_mutex_;
    std::unique_ptr<core::CaseStore> store_;
};

//! The live host handles.
HandleRegistry<unstuck_host, HostState>& hosts();

}  // namespace unstuck::capi
