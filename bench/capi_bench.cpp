// The C API's cost: one order decided in-process (OrderChecker), through unstuck_decide, and 1,000 orders
// through unstuck_check_batch (on the calling thread); orders per second and, by difference, the overhead per
// call.
//   build/release/bin/capi_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "unstuck.h"
#include "unstuck/core/check/check_batch.hpp"
#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"

namespace {

using namespace unstuck;

constexpr std::size_t kBatch = 1000;

// The demo's orders that carry their tracking as events (those given as a carrier's raw document need its
// plugin), decided offline.
const std::vector<std::string>& orders() {
    static const std::vector<std::string> lines = [] {
        std::vector<std::string> out;
        std::ifstream in(UNSTUCK_BENCH_DEMO_ORDERS);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line.find("\"raw\"") == std::string::npos) out.push_back(line);
        if (out.empty()) throw std::runtime_error("no demo orders in " UNSTUCK_BENCH_DEMO_ORDERS);
        return out;
    }();
    return lines;
}

// A host without plugins or store: only the policy, as `unstuck check` decides.
unstuck_host* host() {
    static unstuck_host* opened = [] {
        unstuck_host* h = nullptr;
        if (unstuck_host_open_json(&h, "{\"plugin_dirs\": [], \"log\": {\"level\": \"off\"}}", nullptr) != 0)
            throw std::runtime_error(unstuck_error_last());
        return h;
    }();
    return opened;
}

// The shipped policy, loaded once.
const core::PolicyEngine& shipped_engine() {
    static const core::PolicyEngine engine = [] {
        auto policy = core::load_policy(core::default_policy_file());
        if (!policy) throw std::runtime_error(policy.error().message);
        return core::PolicyEngine(*policy);
    }();
    return engine;
}

// Offline checking that decides at the clock, as `unstuck check` does.
core::CheckOptions at_the_clock() {
    core::CheckOptions options;
    options.clock_now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    return options;
}

void BM_OrderChecker(benchmark::State& state) {
    const core::PolicyEngine& engine = shipped_engine();
    const core::CheckOptions options = at_the_clock();
    core::OrderChecker checker(engine, options);
    const auto& all = orders();
    std::string out;
    std::size_t i = 0;
    for (auto _ : state) {
        out.clear();
        if (!checker.check(all[i++ % all.size()], out)) state.SkipWithError("check failed");
        benchmark::DoNotOptimize(out.data());
    }
    state.counters["orders_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OrderChecker);

void BM_UnstuckDecide(benchmark::State& state) {
    unstuck_host* h = host();
    const auto& all = orders();
    std::size_t i = 0;
    for (auto _ : state) {
        char* out = nullptr;
        if (unstuck_decide(h, all[i++ % all.size()].c_str(), &out) != 0)
            state.SkipWithError(unstuck_error_last());
        benchmark::DoNotOptimize(out);
        unstuck_free(out);
    }
    state.counters["orders_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UnstuckDecide);

std::string batch_text() {
    std::string batch;
    for (std::size_t i = 0; i < kBatch; ++i) batch += orders()[i % orders().size()] + "\n";
    return batch;
}

// The core's check_batch itself (several threads, over files; here in-memory ones), as `unstuck check` runs.
void BM_CoreCheckBatch1000(benchmark::State& state) {
    const core::PolicyEngine& engine = shipped_engine();
    const core::CheckOptions options = at_the_clock();
    const std::string batch = batch_text();
    const int in = ::memfd_create("bench-in", MFD_CLOEXEC), out = ::memfd_create("bench-out", MFD_CLOEXEC);
    if (in < 0 || out < 0 || ::write(in, batch.data(), batch.size()) != static_cast<ssize_t>(batch.size()))
        throw std::runtime_error("memfd");
    for (auto _ : state) {
        ::lseek(in, 0, SEEK_SET);
        ::ftruncate(out, 0);
        ::lseek(out, 0, SEEK_SET);
        auto result = core::check_batch(in, out, engine, options);
        if (result.decided != kBatch) state.SkipWithError("the batch has errors");
    }
    ::close(in);
    ::close(out);
    state.counters["orders_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CoreCheckBatch1000)->UseRealTime();

void BM_UnstuckCheckBatch1000(benchmark::State& state) {
    unstuck_host* h = host();
    const std::string batch = batch_text();
    char* first = nullptr;
    if (unstuck_check_batch(h, batch.c_str(), &first) != 0 ||
        std::string(first).find("\"error\"") != std::string::npos)
        state.SkipWithError("the batch has errors");
    unstuck_free(first);
    for (auto _ : state) {
        char* out = nullptr;
        if (unstuck_check_batch(h, batch.c_str(), &out) != 0) state.SkipWithError(unstuck_error_last());
        benchmark::DoNotOptimize(out);
        unstuck_free(out);
    }
    state.counters["orders_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_UnstuckCheckBatch1000)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
