// Carrier normalization throughput: each carrier's normalizer on a realistic minified response of 25 to 30
// events (bench/data, built from the golden documents), in payloads and bytes per second on one core.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "unstuck/sdk/carrier.hpp"

#if UNSTUCK_HAVE_UPS_NORMALIZER
#include "carriers/ups/normalizer.hpp"
#endif
#if UNSTUCK_HAVE_USPS_NORMALIZER
#include "carriers/usps/normalizer.hpp"
#endif
#if UNSTUCK_HAVE_FEDEX_NORMALIZER
#include "carriers/fedex/normalizer.hpp"
#endif
#if UNSTUCK_HAVE_DHL_NORMALIZER
#include "carriers/dhl/normalizer.hpp"
#endif

namespace {

std::string load(const char* name) {
    std::ifstream in(std::string(UNSTUCK_BENCH_DATA_DIR) + "/" + name, std::ios::binary);
    if (!in) throw std::runtime_error(std::string("cannot read bench/data/") + name);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

using Normalize = unstuck::sdk::TrackResult (*)(std::string_view, const unstuck::sdk::TrackContext&) noexcept;

void run(benchmark::State& state, Normalize normalize, const char* file) {
    const std::string payload = load(file);
    unstuck::sdk::TrackContext context;
    std::size_t events = 0;
    {
        auto r = normalize(payload, context);
        if (r.kind != unstuck::sdk::TrackResult::Kind::kOk) {
            state.SkipWithError(("not normalized: " + r.message).c_str());
            return;
        }
        events = r.shipment.events.size();
    }
    for (auto _ : state) {
        auto r = normalize(payload, context);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
    state.counters["events"] = static_cast<double>(events);
    state.counters["payload_bytes"] = static_cast<double>(payload.size());
}

}  // namespace

#if UNSTUCK_HAVE_UPS_NORMALIZER
BENCHMARK_CAPTURE(run, ups, &unstuck::carriers::ups::normalize, "ups.json");
#endif
#if UNSTUCK_HAVE_USPS_NORMALIZER
BENCHMARK_CAPTURE(run, usps, &unstuck::carriers::usps::normalize, "usps.json");
#endif
#if UNSTUCK_HAVE_FEDEX_NORMALIZER
BENCHMARK_CAPTURE(run, fedex, &unstuck::carriers::fedex::normalize, "fedex.json");
#endif
#if UNSTUCK_HAVE_DHL_NORMALIZER
BENCHMARK_CAPTURE(run, dhl, &unstuck::carriers::dhl::normalize, "dhl.json");
#endif

BENCHMARK_MAIN();
