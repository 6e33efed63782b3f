// `POST /v1/sweeps`: the scheduler's step at once: claims the orders due at the service clock in batches and
// re-checks each through the sweep's per-order step until a batch comes back short, then answers the summary.
#include <chrono>
#include <memory>

#include "serve/routes.hpp"
#include "serve/scheduler.hpp"
#include "unstuck/core/sweep/sweep_summary_json.hpp"

namespace unstuck::core {
namespace {

// Batches one request sweeps at most; what is still due after them is left to the scheduler (or the next
// request).
constexpr int kMaxPasses = 1000;

}  // namespace

void add_sweep_routes(ApiRouter& router, ServeContext& context) {
    // A scheduler of the request's own (never started), for its one pass; one sweep request at a time.
    auto scheduler = std::make_shared<Scheduler>(context);
    auto serial = std::make_shared<std::mutex>();
    router.add("POST", "/v1/sweeps", Scope::kWrite, [&context, scheduler, serial](const ApiRequest&) {
        std::lock_guard lock(*serial);
        const auto started = std::chrono::steady_clock::now();
        const std::size_t batch = std::max(1u, context.options.scheduler.batch);
        SweepSummary summary;
        for (int pass = 0; pass < kMaxPasses; ++pass) {
            auto done = scheduler->run_once();
            if (!done.error.empty()) return api_error(503, "unavailable", done.error);
            summary.merge(done.summary);
            if (done.claimed < batch) break;
        }
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return api_json(200, "{\"summary\":" + sweep_summary_json(summary) + "}");
    });
}

}  // namespace unstuck::core
