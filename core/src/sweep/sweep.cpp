#include "unstuck/core/sweep/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "sweep/pending_settler.hpp"
#include "sweep/sweep_context.hpp"
#include "sweep/sweep_worker.hpp"
#include "util/bounded_queue.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::core {

using sdk::Error;

namespace {

constexpr std::size_t kBatchBytes = std::size_t{4} << 20;  // a batch is cut early past this many bytes

}  // namespace

struct Sweep::Impl : SweepContext {
    using SweepContext::SweepContext;
};

Sweep::Sweep(PluginHost& plugins, const PolicyEngine& engine, CaseStore* store, SweepRunOptions options)
    : impl_(std::make_unique<Impl>(plugins, engine, store, std::move(options))) {}

Sweep::~Sweep() = default;

sdk::Status Sweep::prepare() {
    SweepContext& m = *impl_;
    if (!m.store && !m.options.dry_run) return Error{"a sweep that files needs a store"};
    if (auto s = m.options.routes.check_codes(m.engine.policy()); !s) return s;

    auto carriers = CarrierSet::create(m.plugins, m.options.sweep);
    if (!carriers) return carriers.error();
    m.carriers = std::move(*carriers);

    if (!m.options.dry_run && m.options.routes.empty())
        return Error{
            "routes: no routes, so no ticketing plugin would file a dispute; add a \"routes\" section "
            "(docs/operations.md) or sweep with --dry-run"};
    // Every backend must be there before any is created (creating one may touch its folder or service).
    auto ticketing = m.plugins.names("ticketing");
    for (const auto& route : m.options.routes.routes())
        if (std::find(ticketing.begin(), ticketing.end(), route.backend) == ticketing.end()) {
            auto plugin = m.plugins.ticketing(route.backend);  // says why: not found, refused, other kind
            return Error{route.where + ".backend: " +
                         (plugin ? "no ticketing plugin \"" + route.backend + "\"" : plugin.error().message)};
        }
    // The marketplaces the remedies go through: each must be a loaded marketplace plugin; a dry run sends
    // nothing, so it creates none.
    const auto& marketplaces = m.options.sweep.marketplaces;
    auto loaded = m.plugins.names("marketplace");
    for (std::size_t i = 0; i < marketplaces.size(); ++i) {
        const std::string where = "sweep.marketplaces[" + std::to_string(i) + "]";
        std::shared_ptr<sdk::MarketplacePlugin> created;
        if (!m.options.dry_run || std::find(loaded.begin(), loaded.end(), marketplaces[i]) == loaded.end()) {
            auto plugin = m.plugins.marketplace(marketplaces[i]);  // says why: not found, refused, other kind
            if (!plugin) return Error{where + ": " + plugin.error().message};
            if (!m.options.dry_run) created = *plugin;
        }
        m.marketplaces[marketplaces[i]] = std::move(created);
    }
    if (!m.options.dry_run) {
        for (const auto& route : m.options.routes.routes()) {
            if (m.backends.count(route.backend)) continue;
            auto plugin = m.plugins.ticketing(route.backend);
            if (!plugin) return Error{route.where + ".backend: " + plugin.error().message};
            m.backends[route.backend] = *plugin;
        }
    }
    m.prepared = true;
    return {};
}

SettleSummary Sweep::settle_pending(SweepSummary& summary) {
    PendingSettler settler(*impl_);
    return settler.settle(summary);
}

void Sweep::process(std::string_view json, SweepSummary& summary, std::uint64_t line,
                    std::optional<sdk::Timestamp> now) {
    SweepWorker worker(*impl_);
    worker.process_line(json, line, false, now);
    summary.merge(worker.summary);
}

void Sweep::process_pushed(std::string_view json, const PushedTracking& pushed, SweepSummary& summary,
                           std::optional<sdk::Timestamp> now) {
    SweepWorker worker(*impl_);
    worker.pushed = &pushed;
    worker.process_line(json, 0, false, now);
    summary.merge(worker.summary);
}

std::size_t Sweep::process_claimed(std::span<const std::string_view> jsons, SweepSummary& summary,
                                   sdk::Timestamp now, const std::atomic<bool>* stop) {
    if (jsons.empty()) return 0;
    SweepWorker worker(*impl_);
    const std::size_t taken = worker.process_claimed(jsons, now, stop);
    summary.merge(worker.summary);
    return taken;
}

SweepSummary Sweep::run(int fd) {
    SweepContext& m = *impl_;
    const auto started = std::chrono::steady_clock::now();
    m.run_started = m.wall();
    lines_done_ = 0;
    bytes_done_ = 0;
    SweepSummary total;
    total.dry_run = m.options.dry_run;
    if (!m.prepared) {
        total.error("the sweep was not prepared");
        return total;
    }

    const unsigned threads = m.options.concurrency;
    LineBatchLimits limits;
    limits.max_lines = std::max(1u, m.options.sweep.batch_size);
    limits.max_bytes = kBatchBytes;
    BoundedQueue<LineBatch> queue(std::max<std::size_t>(2, threads));
    std::vector<std::unique_ptr<SweepWorker>> workers;
    for (unsigned i = 0; i < threads; ++i) workers.push_back(std::make_unique<SweepWorker>(m));
    std::vector<std::thread> pool;
    for (auto& w : workers) {
        pool.emplace_back([this, &queue, worker = w.get()] {
            while (auto batch = queue.pop()) {
                worker->process_batch(*batch);
                lines_done_.fetch_add(batch->lines.size(), std::memory_order_relaxed);
                bytes_done_.fetch_add(batch->bytes, std::memory_order_relaxed);
            }
        });
    }

    // The reader never holds more than one batch and one block; the queue bounds the batches in flight.
    JsonLinesReader reader(fd, limits);
    for (;;) {
        LineBatch batch;
        batch.text.reserve(std::min<std::size_t>(limits.max_lines, 1024) * 1024);
        if (!reader.next(batch)) break;
        if (batch.lines.empty()) {
            bytes_done_.fetch_add(batch.bytes, std::memory_order_relaxed);
            continue;
        }
        queue.push(std::move(batch));
    }
    if (!reader.error().empty()) total.error("reading the orders: " + reader.error());
    queue.close();
    for (auto& t : pool) t.join();
    for (auto& w : workers) total.merge(w->summary);
    total.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return total;
}

}  // namespace unstuck::core
