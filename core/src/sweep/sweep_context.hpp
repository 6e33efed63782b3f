#pragma once
// Private: what every piece of a sweep shares: the plugins, the policy, the store, the options, and what
// prepare() set up.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tracking/carrier_set.hpp"
#include "unstuck/core/disputes/evidence_builder.hpp"
#include "unstuck/core/sweep/sweep.hpp"

namespace unstuck::core {

struct SweepContext {
    SweepContext(PluginHost& p, const PolicyEngine& e, CaseStore* s, SweepRunOptions o)
        : plugins(p),
          engine(e),
          store(s),
          options(std::move(o)),
          evidence(EvidenceOptions{.out_dir = options.sweep.evidence_dir,
                                   .base_dir = order_files_dir(options),
                                   .roots = options.sweep.evidence_roots_for(order_files_dir(options)),
                                   .carrier_names = e.policy().carrier_names}) {
        if (!options.clock)
            options.clock = [] {
                return std::chrono::time_point_cast<std::chrono::microseconds>(
                    std::chrono::system_clock::now());
            };
        if (options.concurrency == 0) options.concurrency = std::max(1u, options.sweep.concurrency);
    }

    //! Where relative file names in orders resolve: the orders file's folder, else the working folder.
    static std::filesystem::path order_files_dir(const SweepRunOptions& o) {
        return o.order_files_dir.empty() ? std::filesystem::current_path() : o.order_files_dir;
    }

    sdk::Timestamp wall() const { return options.clock(); }
    //! Whether the sweep claims, records and files (not a dry run, and a store to do it in).
    bool writes() const { return !options.dry_run && store != nullptr; }

    PluginHost& plugins;
    const PolicyEngine& engine;
    CaseStore* store;
    SweepRunOptions options;
    EvidenceBuilder evidence;
    CarrierSet carriers;
    std::map<std::string, std::shared_ptr<sdk::TicketingPlugin>, std::less<>> backends;
    //! The marketplace plugins that apply seller-shipped remedies, by name (= the orders' `marketplace`); in
    //! a dry run the names are there and the plugins are not (null).
    std::map<std::string, std::shared_ptr<sdk::MarketplacePlugin>, std::less<>> marketplaces;
    std::optional<sdk::Timestamp> run_started;  // claims skip orders decided since (another host did them)
    bool prepared = false;
};

//! `line N: `, or nothing for line 0.
inline std::string line_prefix(std::uint64_t line) {
    return line ? "line " + std::to_string(line) + ": " : std::string();
}

//! ` (retry after N s)` when the backend or carrier said when.
inline std::string retry_text(const std::optional<std::chrono::seconds>& after) {
    return after ? " (retry after " + std::to_string(after->count()) + " s)" : std::string();
}

}  // namespace unstuck::core
