#include "sweep/pending_settler.hpp"

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "unstuck/core/disputes/dispute_request_json.hpp"

namespace unstuck::core {

std::shared_ptr<sdk::TicketingPlugin> PendingSettler::backend(const std::string& name, const std::string& who,
                                                              SweepSummary& into) {
    std::lock_guard lock(backends_mutex_);
    if (auto it = context_.backends.find(name); it != context_.backends.end()) return it->second;
    auto plugin = context_.plugins.ticketing(name);
    if (!plugin) {
        into.error(who + ": " + plugin.error().message);
        return nullptr;
    }
    return context_.backends[name] = *plugin;
}

void PendingSettler::settle_one(const DisputeRecord& record, SweepSummary& into) {
    CaseStore& store = *context_.store;
    const std::string who = "settling dispute " + record.key;
    std::vector<OrderRef> refs{record.order};
    auto claims = store.claim_orders(refs, context_.wall());
    if (!claims) {
        ++into.settled.still_pending;
        into.error(who + ": claiming its order: " + claims.error().message);
        return;
    }
    if (claims->empty() || !claims->front()) {
        ++into.settled.skipped;
        return;
    }
    struct Release {
        CaseStore& store;
        std::vector<OrderRef>& refs;
        ~Release() { (void)store.release_claims(refs); }
    } release{store, refs};

    auto backend = this->backend(record.backend, who, into);
    if (!backend) {
        ++into.settled.still_pending;
        return;
    }
    auto found = backend->find(record.key);
    if (found.kind == sdk::FindResult::Kind::kOk) {
        if (auto s = store.mark_filed(record.key, found.value, context_.wall()); !s) {
            ++into.settled.still_pending;
            into.error(who + ": " + s.message());
            return;
        }
        ++into.settled.found;
        return;
    }
    if (found.kind != sdk::FindResult::Kind::kNotFound) {
        std::string why = record.backend + " could not say whether it has the key: " + found.message +
                          retry_text(found.retry_after);
        (void)store.record_attempt_failure(record.key, why, context_.wall());
        ++into.settled.still_pending;
        into.error(who + ": " + why);
        return;
    }
    auto request = parse_dispute_request(record.request_json);
    if (!request) {
        ++into.settled.still_pending;
        into.error(who + ": the stored request: " + request.error().message);
        return;
    }
    auto filed = backend->file(*request);
    switch (filed.kind) {
        case sdk::FileResult::Kind::kOk:
            if (auto s = store.mark_filed(record.key, filed.value, context_.wall()); !s) {
                ++into.settled.still_pending;
                into.error(who + ": " + s.message());
                return;
            }
            ++into.settled.refiled;
            into.filed_through({record.key, record.backend, filed.value.id, filed.value.url});
            return;
        case sdk::FileResult::Kind::kRejected:
            (void)store.mark_rejected(record.key, filed.message, context_.wall());
            ++into.settled.rejected;
            into.error(who + ": " + record.backend + " refused it: " + filed.message);
            return;
        default: {
            std::string why = filed.message + retry_text(filed.retry_after);
            (void)store.record_attempt_failure(record.key, why, context_.wall());
            ++into.settled.still_pending;
            into.error(who + ": " + record.backend + ": " + why);
            return;
        }
    }
}

SettleSummary PendingSettler::settle(SweepSummary& summary) {
    SettleSummary settled;
    if (!context_.writes() || !context_.prepared) return settled;
    auto pending = context_.store->pending_disputes();
    if (!pending) {
        summary.error("reading the pending disputes: " + pending.error().message);
        return settled;
    }
    if (pending->empty()) return settled;

    std::atomic<std::size_t> next{0};
    const unsigned threads =
        static_cast<unsigned>(std::min<std::size_t>(context_.options.concurrency, pending->size()));
    std::vector<SweepSummary> parts(threads);
    auto work = [&](SweepSummary& into) {
        for (std::size_t i; (i = next.fetch_add(1)) < pending->size();) {
            try {
                settle_one((*pending)[i], into);
            } catch (const std::exception& e) {
                ++into.settled.still_pending;
                into.error("settling dispute " + (*pending)[i].key + ": internal error: " + e.what());
            }
        }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work, std::ref(parts[t]));
    work(parts[0]);
    for (auto& h : helpers) h.join();
    for (auto& part : parts) {
        settled += part.settled;
        summary.merge(part);
    }
    return settled;
}

}  // namespace unstuck::core
