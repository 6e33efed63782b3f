#include "serve/scheduler.hpp"

#include <algorithm>
#include <exception>
#include <vector>

#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::core {

namespace {

using Millis = std::chrono::milliseconds;

std::shared_ptr<spdlog::logger> log() {
    static const auto logger = core::logger("scheduler");
    return logger;
}

// The pool size: `serve.scheduler.concurrency`, else `sweep.concurrency`, at least one.
unsigned pool_size(const ServeContext& c) {
    const unsigned n =
        c.options.scheduler.concurrency ? c.options.scheduler.concurrency : c.config.sweep.concurrency;
    return std::max(1u, n);
}

// The store's claim lease, at least a second.
std::chrono::seconds store_lease(const ServeContext& c) {
    return std::max<std::chrono::seconds>(c.store.options().claim_lease, std::chrono::seconds(1));
}

}  // namespace

Scheduler::Scheduler(ServeContext& context) : context_(context) {
    for (const auto& name : context_.config.sweep.marketplaces) {
        auto sync = std::make_unique<MarketplaceSync>(context_.plugins, context_.sweep, &context_.store, name,
                                                      pool_size(context_));
        if (auto s = sync->prepare(); !s) {
            log()->error("pulls of {}: {}", name, s.message());
            continue;
        }
        sync->stop_when(&stopping_);
        markets_.push_back(std::move(sync));
    }
}

Scheduler::~Scheduler() {
    stop();
}

void Scheduler::start() {
    if (!context_.options.scheduler.enabled || thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
    if (context_.options.scheduler.pull_every_s > 0 && !markets_.empty())
        pull_thread_ = std::thread([this] { pull_loop(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        woken_ = true;
    }
    wakeup_.notify_all();
    pull_wakeup_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (pull_thread_.joinable()) pull_thread_.join();
}

void Scheduler::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wakeup_.notify_all();
}

SchedulerStats Scheduler::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void Scheduler::note_store_error(const std::string& message) {
    {
        std::lock_guard lock(mutex_);
        ++stats_.store_errors;
        stats_.last_error = message;
    }
    log()->error("{} (tried again in at most {} ms)", message, context_.options.scheduler.idle_poll_ms);
}

void Scheduler::recheck(std::span<const OrderRecord> orders, std::span<char> started, SweepSummary& into) {
    SweepSummary part;
    std::vector<std::string_view> jsons;
    std::vector<std::size_t> index;  // jsons[k] is orders[index[k]]
    jsons.reserve(orders.size());
    index.reserve(orders.size());
    for (std::size_t i = 0; i < orders.size(); ++i) {
        if (!orders[i].order_json.empty()) {
            jsons.push_back(orders[i].order_json);
            index.push_back(i);
            continue;
        }
        // Recorded without its case (or claimed, never decided): nothing to re-check it from.
        started[i] = 1;
        ++part.lines;
        ++part.bad_lines;
        part.error("order " + orders[i].order.key() + ": the store holds no order case to re-check it from");
    }
    const std::size_t taken = context_.sweep.process_claimed(jsons, part, context_.clock(), &stopping_);
    for (std::size_t k = 0; k < taken; ++k) started[index[k]] = 1;
    context_.metrics.count(part);
    for (const auto& e : part.errors) log()->warn("re-check: {}", e);
    if (part.error_count > part.errors.size())
        log()->warn("re-check: {} more errors in the batch", part.error_count - part.errors.size());
    into.merge(part);
}

SchedulerPass Scheduler::run_once() {
    SchedulerPass pass;
    CaseStore& store = context_.store;
    const std::size_t batch = std::max(1u, context_.options.scheduler.batch);
    auto claimed = store.claim_due(context_.clock(), batch);
    {
        std::lock_guard lock(mutex_);
        ++stats_.passes;
    }
    if (!claimed) {
        pass.error = claimed.error().message;
        note_store_error(pass.error);
        return pass;
    }
    std::vector<OrderRecord>& orders = *claimed;
    pass.claimed = orders.size();
    if (orders.empty()) return pass;

    // The pool takes the orders in claim order, a slice at a time; once stopping, nobody starts another
    // slice, and a slice in hand takes no further order.
    const unsigned threads = std::min<std::size_t>(pool_size(context_), orders.size());
    const std::size_t slice = std::clamp<std::size_t>((orders.size() + threads - 1) / threads, 1, kSlice);
    std::atomic<std::size_t> next{0};
    std::vector<char> started(orders.size(), 0);
    std::vector<SweepSummary> parts(threads);
    auto work = [&](unsigned t) {
        for (;;) {
            if (stopping_.load()) return;
            const std::size_t from = next.fetch_add(slice);
            if (from >= orders.size()) return;
            const std::size_t n = std::min(slice, orders.size() - from);
            try {
                recheck(std::span(orders).subspan(from, n), std::span(started).subspan(from, n), parts[t]);
            } catch (const std::exception& e) {  // the claims lapse by themselves; the orders stay due
                parts[t].failed += n;
                parts[t].error("orders " + orders[from].order.key() +
                               " and after: internal error: " + e.what());
                std::fill_n(started.begin() + static_cast<std::ptrdiff_t>(from), n, char{1});
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& th : pool) th.join();
    for (const auto& p : parts) pass.summary.merge(p);

    std::vector<OrderRef> done, untouched;
    for (std::size_t i = 0; i < orders.size(); ++i)
        (started[i] ? done : untouched).push_back(std::move(orders[i].order));
    pass.rechecked = done.size();
    pass.released = untouched.size();
    if (!untouched.empty())
        if (auto s = store.release_claims(untouched); !s)
            note_store_error("releasing " + std::to_string(untouched.size()) + " claims: " + s.message() +
                             " (they lapse by themselves)");
    // An order still due after its re-check was not decided, or decided with a dispute left to retry: it
    // is put off rather than claimed again at once.
    const sdk::Timestamp at = context_.clock();
    if (!done.empty())
        if (auto s = store.defer_checks(done, at, at + kRetryDelay); !s)
            note_store_error("putting off the checks that failed: " + s.message());
    {
        std::lock_guard lock(mutex_);
        stats_.rechecked += done.size();
        due_ -= std::min<std::uint64_t>(due_, done.size());
        context_.metrics.scheduler_due_orders(static_cast<double>(due_));
    }
    return pass;
}

std::optional<std::chrono::milliseconds> Scheduler::sleep_time() {
    const Millis idle{std::max(1u, context_.options.scheduler.idle_poll_ms)};
    const sdk::Timestamp at = context_.clock();
    auto next = context_.store.next_check_time(at);
    if (!next) {
        note_store_error(next.error().message);
        return std::nullopt;
    }
    if (!*next) return idle;
    auto wait = std::chrono::ceil<Millis>(**next - at);
    return std::clamp(wait, Millis{0}, idle);
}

SweepSummary Scheduler::pull_marketplaces() {
    SweepSummary total;
    for (auto& sync : markets_) {
        if (stopping_.load()) break;
        const auto started = std::chrono::steady_clock::now();
        SweepSummary part;
        sync->pull(part, context_.clock());
        context_.metrics.count(part);
        context_.metrics.marketplace_orders(sync->plugin(), part.pulled, part.pull_errors);
        context_.metrics.marketplace_pull(
            sync->plugin());  // last: a pull counted is a pull whose counts are in
        {
            std::lock_guard lock(mutex_);
            ++stats_.pulls;
        }
        log()->info(
            "pulled {}: {} order(s) read in {:.1f} s, {} decided, {} failed, {} bad; {} dispute(s) filed, {} "
            "remedy(ies) applied; {} page(s) or order(s) could not be read",
            sync->plugin(), part.pulled,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), part.decided,
            part.failed, part.bad_lines, part.filed, part.remedies_applied, part.pull_errors);
        for (const auto& e : part.errors) log()->warn("pull: {}", e);
        if (part.error_count > part.errors.size())
            log()->warn("pull of {}: {} more errors", sync->plugin(), part.error_count - part.errors.size());
        total.merge(part);
    }
    return total;
}

void Scheduler::pull_loop() {
    const std::chrono::seconds every{context_.options.scheduler.pull_every_s};
    while (!stopping_.load()) {
        try {
            pull_marketplaces();
        } catch (const std::exception& e) {
            log()->error("a marketplace pull failed: {}", e.what());
        }
        std::unique_lock lock(mutex_);
        pull_wakeup_.wait_for(lock, every, [this] { return stopping_.load(); });
    }
}

void Scheduler::settle() {
    SweepSummary summary;
    const SettleSummary s = context_.sweep.settle_pending(summary);
    last_settle_ = std::chrono::steady_clock::now();
    if (s.total())
        log()->info(
            "PENDING disputes settled: {} found, {} filed again, {} rejected, {} still pending, {} left "
            "to another host",
            s.found, s.refiled, s.rejected, s.still_pending, s.skipped);
    for (const auto& e : summary.errors) log()->warn("settling: {}", e);
}

void Scheduler::loop() {
    const Millis idle{std::max(1u, context_.options.scheduler.idle_poll_ms)};
    const std::size_t batch = std::max(1u, context_.options.scheduler.batch);
    bool count = true;  // count the due orders at the first pass after each sleep
    try {
        settle();
    } catch (const std::exception& e) {
        log()->error("settling PENDING disputes: {}", e.what());
    }
    while (!stopping_.load()) {
        if (count) {
            if (auto due = context_.store.count_due(context_.clock()); due) {
                std::lock_guard lock(mutex_);
                due_ = *due;
                context_.metrics.scheduler_due_orders(static_cast<double>(due_));
            } else {
                note_store_error(due.error().message);
            }
        }
        SchedulerPass pass;
        try {
            pass = run_once();
        } catch (const std::exception& e) {
            pass.error = e.what();
            note_store_error(std::string("a pass failed: ") + e.what());
        }
        if (stopping_.load()) break;
        const auto settle_every = std::min<std::chrono::seconds>(kSettleEvery, store_lease(context_));
        if (!last_settle_ || std::chrono::steady_clock::now() - *last_settle_ >= settle_every) settle();
        // A full batch: more may be due at once.
        count = pass.claimed < batch || !pass.error.empty();
        if (!count) continue;

        Millis wait = idle;
        if (pass.error.empty()) wait = sleep_time().value_or(idle);
        // Nothing claimed yet something due: another host's claim or a race; do not spin.
        if (wait.count() == 0 && pass.claimed == 0) wait = std::min(idle, Millis{10});
        std::unique_lock lock(mutex_);
        if (wait.count() > 0) wakeup_.wait_for(lock, wait, [this] { return woken_; });
        woken_ = false;
    }
}

}  // namespace unstuck::core
