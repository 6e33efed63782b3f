#include "host_state.hpp"

#include <chrono>
#include <filesystem>

#include "unstuck/core/check/check_batch.hpp"
#include "unstuck/core/plugin/carrier_names.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::capi {
namespace {

sdk::Timestamp clock_now() {
    return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

}  // namespace

struct HostState::PooledChecker {
    PooledChecker(const core::PolicyEngine& engine, core::CheckOptions o)
        : options(std::move(o)), checker(engine, options) {}
    core::CheckOptions options;
    core::OrderChecker checker;
};

HostState::HostState(core::HostConfig config) : config_(std::move(config)) {
    plugins_ = std::make_unique<core::PluginHost>(config_);
    if (!plugins_->config_errors().empty())
        throw ApiError{UNSTUCK_ECONFIG, plugins_->config_errors().front()};
    std::filesystem::path file = config_.policy_file;
    if (file.empty()) file = core::default_policy_file();
    auto policy = core::load_policy(file);
    if (!policy) throw ApiError{UNSTUCK_ECONFIG, policy.error().message};
    engine_ =
        std::make_unique<core::PolicyEngine>(core::with_carrier_display_names(std::move(*policy), *plugins_));
}

HostState::~HostState() = default;

core::CheckOptions HostState::check_options() {
    core::CheckOptions options;
    options.clock_now = clock_now();
    // Plugins are created once under the host's own lock; normalize is called the way `unstuck check` does.
    options.normalize = [plugins = plugins_.get(), mutex = normalize_mutex_](
                            std::string_view carrier, std::string_view payload,
                            const sdk::TrackContext& track) -> sdk::Result<sdk::TrackResult> {
        std::lock_guard lock(*mutex);
        auto plugin = plugins->carrier(carrier);
        if (!plugin) return plugin.error();
        return (*plugin)->normalize(payload, track);
    };
    return options;
}

std::unique_ptr<HostState::PooledChecker> HostState::borrow() {
    {
        std::lock_guard lock(pool_mutex_);
        if (!pool_.empty()) {
            auto checker = std::move(pool_.back());
            pool_.pop_back();
            return checker;
        }
    }
    return std::make_unique<PooledChecker>(*engine_, check_options());
}

void HostState::give_back(std::unique_ptr<PooledChecker> checker) {
    std::lock_guard lock(pool_mutex_);
    pool_.push_back(std::move(checker));
}

sdk::Status HostState::decide(std::string_view json, std::string& out) {
    auto checker = borrow();
    checker->options.clock_now = clock_now();
    auto status = checker->checker.check(json, out);
    give_back(std::move(checker));
    return status;
}

void HostState::check_lines(std::string_view jsonl, std::string& out) {
    auto checker = borrow();
    checker->options.clock_now = clock_now();
    core::check_lines(checker->checker, jsonl, out);
    give_back(std::move(checker));
}

core::CaseStore* HostState::store() {
    std::lock_guard lock(store_mutex_);
    if (store_) return store_.get();
    const auto& options = config_.store;
    if (options.backend == core::StoreBackend::kSqlite && !std::filesystem::exists(options.sqlite_file))
        return nullptr;
    auto opened = core::CaseStore::open(options);
    if (!opened) throw ApiError{UNSTUCK_ESTORE, opened.error().message};
    store_ = std::move(*opened);
    return store_.get();
}

HandleRegistry<unstuck_host, HostState>& hosts() {
    static auto* registry = new HandleRegistry<unstuck_host, HostState>();  // never destroyed: see sweeps()
    return *registry;
}

}  // namespace unstuck::capi
