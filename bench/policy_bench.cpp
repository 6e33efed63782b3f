// The policy engine on in-memory cases: decisions per second, with and without JSON in and out.
//   build/<release>/bin/policy_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/policy/decision_writer.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace {

using namespace unstuck;

// 4096 distinct cases (about 10 MB with their events) do not fit the caches; the runs with /64 decide a few
// cases over and over, as `check` and `sweep` do with the case it has just parsed.
constexpr std::size_t kCases = 4096;
const sdk::Timestamp kNow = *sdk::parse_timestamp("2024-07-16T20:00:00Z");

std::shared_ptr<const core::Policy> policy() {
    static auto loaded = core::load_policy(core::default_policy_file());
    if (!loaded) throw std::runtime_error(loaded.error().message);
    return *loaded;
}

// Orders over every rule: 1 to 3 packages, 0 to 8 events with locations, some tickets and confirmations.
std::string order_json(std::mt19937_64& rng, std::size_t n) {
    auto pick = [&](std::initializer_list<const char*> items) {
        return *(items.begin() + static_cast<std::ptrdiff_t>(rng() % items.size()));
    };
    auto time = [&](std::int64_t min_ago, std::int64_t max_ago) {
        auto ago = min_ago + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_ago - min_ago));
        return sdk::format_utc(kNow - std::chrono::seconds{ago});
    };
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object()
        .field("order_id", std::to_string(576859029223086481ull + n))
        .field("shop_id", "7494105515");
    w.field("region", pick({"US", "US", "US", "GB", "ID", "SG", "PH", "TH"}));
    bool seller = rng() % 5 == 0;
    w.field("shipping_type", seller ? "SELLER" : "PLATFORM");
    w.field("platform_status", pick({"AWAITING_COLLECTION", "AWAITING_SHIPMENT", "IN_TRANSIT", "IN_TRANSIT",
                                     "PARTIALLY_SHIPPING", "DELIVERED", "CANCELLED"}));
    if (rng() % 2) w.field("platform_updated_at", time(3600, 8 * 86400));
    w.key("packages").begin_array();
    int packages = 1 + static_cast<int>(rng() % 3 == 0 ? rng() % 3 : 0);
    for (int p = 0; p < packages; ++p) {
        w.begin_object().field("package_id",
                               std::to_string(1153891868590053777ull + n * 4 + static_cast<unsigned>(p)));
        w.field("tracking_number", "1Z023E2X0214323462")
            .field("carrier", pick({"ups", "usps", "fedex", "dhl"}));
        w.key("events").begin_array();
        int events = static_cast<int>(rng() % 9);
        for (int e = 0; e < events; ++e) {
            w.begin_object().field("at", time(600, 9 * 86400));
            w.field("status", e == 0 ? "INFO_RECEIVED"
                                     : pick({"PICKED_UP", "IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT",
                                             "OUT_FOR_DELIVERY", "DELIVERED", "EXCEPTION", "RETURNING"}));
            w.field("code", "AR").field("description", "Arrived at Facility");
            w.key("location").begin_object().field("city", "Louisville").field("region", "KY");
            w.field("postal_code", "40213").field("country", "US").end_object();
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.end_array();
    if (rng() % 10 == 0) {
        w.key("tickets").begin_array().begin_object();
        w.field("code", pick({"pick_up_issues.picked_up_not_updated",
                              "delivery_process_inquiry.unmoved_tracking_event",
                              "logistic_issue.delivered_not_updated"}));
        w.field("status", pick({"OPEN", "PENDING", "SOLVED", "CLOSED"}))
            .field("created_at", time(3600, 6 * 86400));
        w.end_object().end_array();
    }
    if (rng() % 12 == 0)
        w.key("buyer_confirmed_receipt").begin_object().field("at", time(3600, 86400)).end_object();
    w.end_object();
    return out;
}

struct Corpus {
    std::vector<std::string> json;
    std::vector<core::OrderCase> cases;
};

const Corpus& corpus() {
    static const Corpus c = [] {
        Corpus c;
        std::mt19937_64 rng(20240718);
        core::OrderReader reader;
        for (std::size_t i = 0; i < kCases; ++i) {
            c.json.push_back(order_json(rng, i));
            auto parsed = reader.read(c.json.back());
            if (!parsed) throw std::runtime_error(parsed.error().message);
            c.cases.push_back(std::move(*parsed));
        }
        return c;
    }();
    return c;
}

// The engine alone: case in memory, decision in memory (storage reused).
void BM_Decide(benchmark::State& state) {
    const auto& cases = corpus().cases;
    const auto n = static_cast<std::size_t>(state.range(0));
    core::PolicyEngine engine(policy());
    core::Decision decision;
    std::size_t i = static_cast<std::size_t>(state.thread_index()) * 997;
    for (auto _ : state) {
        auto status = engine.decide(cases[i++ % n], kNow, decision);
        benchmark::DoNotOptimize(status);
        benchmark::DoNotOptimize(decision.action);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Decide)->Arg(kCases)->Arg(64);
BENCHMARK(BM_Decide)->Arg(kCases)->Threads(2)->UseRealTime();

// The engine and the decision's JSON.
void BM_DecideAndWrite(benchmark::State& state) {
    const auto& cases = corpus().cases;
    const auto n = static_cast<std::size_t>(state.range(0));
    core::PolicyEngine engine(policy());
    core::Decision decision;
    std::string out;
    std::size_t i = static_cast<std::size_t>(state.thread_index()) * 997;
    for (auto _ : state) {
        out.clear();
        if (engine.decide(cases[i++ % n], kNow, decision)) core::append_json(out, decision);
        benchmark::DoNotOptimize(out.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(out.size()));
}
BENCHMARK(BM_DecideAndWrite)->Arg(kCases)->Arg(64);
BENCHMARK(BM_DecideAndWrite)->Arg(kCases)->Threads(2)->UseRealTime();

// One JSON line in, one decision line out: what `check --orders` does per line.
void BM_CheckLine(benchmark::State& state) {
    const auto& json = corpus().json;
    const auto n = static_cast<std::size_t>(state.range(0));
    core::PolicyEngine engine(policy());
    core::CheckOptions options;
    options.clock_now = kNow;
    core::OrderChecker checker(engine, options);
    std::string out;
    std::size_t i = static_cast<std::size_t>(state.thread_index()) * 997, bytes = 0;
    for (auto _ : state) {
        out.clear();
        const auto& line = json[i++ % n];
        auto status = checker.check(line, out);
        benchmark::DoNotOptimize(status);
        bytes += line.size();
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_CheckLine)->Arg(kCases)->Arg(64);
BENCHMARK(BM_CheckLine)->Arg(kCases)->Threads(2)->UseRealTime();

// The calendar step that P7, S4 and open tickets take.
void BM_AddBusinessDays(benchmark::State& state) {
    const auto* us = policy()->region("US");
    sdk::Timestamp t = kNow - std::chrono::hours{24 * 30};
    for (auto _ : state) {
        benchmark::DoNotOptimize(us->add_business_days(t, 2));
        t += std::chrono::minutes{97};
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AddBusinessDays);

}  // namespace

BENCHMARK_MAIN();
