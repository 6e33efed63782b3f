#include "sweep/pending_settler.hpp"

#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "sweep/pod_remedy.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"
#include "unstuck/core/store/pod_update_json.hpp"

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

PendingSettler::OrderClaim::~OrderClaim() {
    if (!refs.empty()) (void)store.release_claims(refs);
}

std::unique_ptr<PendingSettler::OrderClaim> PendingSettler::claim(const OrderRef& order,
                                                                  const std::string& who,
                                                                  SettleSummary& counts, SweepSummary& into) {
    auto held = std::make_unique<OrderClaim>(OrderClaim{*context_.store, {order}});
    auto claims = held->store.claim_orders(held->refs, context_.wall());
    if (!claims) {
        held->refs.clear();
        ++counts.still_pending;
        into.error(who + ": claiming its order: " + claims.error().message);
        return nullptr;
    }
    if (claims->empty() || !claims->front()) {
        held->refs.clear();  // another host's claim: not this settler's to release
        ++counts.skipped;
        return nullptr;
    }
    return held;
}

void PendingSettler::settle_one(const DisputeRecord& record, SweepSummary& into) {
    CaseStore& store = *context_.store;
    const std::string who = "settling dispute " + record.key;
    auto held = claim(record.order, who, into.settled, into);
    if (!held) return;

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

std::shared_ptr<sdk::MarketplacePlugin> PendingSettler::marketplace(const std::string& name,
                                                                    const std::string& who,
                                                                    SweepSummary& into) {
    std::lock_guard lock(backends_mutex_);
    if (auto it = context_.marketplaces.find(name); it != context_.marketplaces.end() && it->second)
        return it->second;
    auto plugin = context_.plugins.marketplace(name);
    if (!plugin) {
        into.error(who + ": " + plugin.error().message);
        return nullptr;
    }
    return context_.marketplaces[name] = *plugin;
}

void PendingSettler::settle_remedy(const RemedyRecord& record, SweepSummary& into) {
    CaseStore& store = *context_.store;
    const std::string who = "settling remedy " + record.key;
    auto held = claim(OrderRef{record.marketplace, record.shop_id, record.order_id}, who,
                      into.settled_remedies, into);
    if (!held) return;

    auto plugin = marketplace(record.plugin, who, into);
    if (!plugin) {
        ++into.settled_remedies.still_pending;
        return;
    }
    auto update = parse_pod_update(record.request_json);
    if (!update) {
        ++into.settled_remedies.still_pending;
        into.error(who + ": the stored update: " + update.error().message);
        return;
    }
    auto found = plugin->find_delivery_status(*update);
    if (found.kind == sdk::TicketingResult<sdk::PodReceipt>::Kind::kOk) {
        if (auto s = store.mark_remedy_applied(record.key, found.value.proof_url, context_.wall()); !s) {
            ++into.settled_remedies.still_pending;
            into.error(who + ": " + s.message());
            return;
        }
        ++into.settled_remedies.found;
        return;
    }
    if (found.kind != sdk::TicketingResult<sdk::PodReceipt>::Kind::kNotFound) {
        std::string why = record.plugin + " could not say whether the package shows it: " + found.message +
                          retry_text(found.retry_after);
        (void)store.record_remedy_failure(record.key, why, context_.wall());
        ++into.settled_remedies.still_pending;
        into.error(who + ": " + why);
        return;
    }
    switch (PodRemedy(context_).send(*plugin, record.plugin, *update, who, into)) {
        case PodRemedy::Sent::kApplied:
            ++into.settled_remedies.refiled;
            return;
        case PodRemedy::Sent::kRejected:
            ++into.settled_remedies.rejected;
            return;
        case PodRemedy::Sent::kRetry:
            ++into.settled_remedies.still_pending;
            return;
    }
}

template <typename Item, typename One>
void PendingSettler::each(const std::vector<Item>& items, SweepSummary& summary, One&& one) {
    if (items.empty()) return;
    std::atomic<std::size_t> next{0};
    const unsigned threads =
        static_cast<unsigned>(std::min<std::size_t>(context_.options.concurrency, items.size()));
    std::vector<SweepSummary> parts(threads);
    auto work = [&](SweepSummary& into) {
        for (std::size_t i; (i = next.fetch_add(1)) < items.size();) one(items[i], into);
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(work, std::ref(parts[t]));
    work(parts[0]);
    for (auto& h : helpers) h.join();
    for (auto& part : parts) summary.merge(part);
}

SettleSummary PendingSettler::settle(SweepSummary& summary) {
    if (!context_.writes() || !context_.prepared) return {};
    SweepSummary disputes;
    if (auto pending = context_.store->pending_disputes(); !pending) {
        disputes.error("reading the pending disputes: " + pending.error().message);
    } else {
        each(*pending, disputes, [this](const DisputeRecord& record, SweepSummary& into) {
            try {
                settle_one(record, into);
            } catch (const std::exception& e) {
                ++into.settled.still_pending;
                into.error("settling dispute " + record.key + ": internal error: " + e.what());
            }
        });
    }
    summary.merge(disputes);

    if (auto pending = context_.store->pending_remedies(); !pending) {
        summary.error("reading the pending remedies: " + pending.error().message);
    } else {
        each(*pending, summary, [this](const RemedyRecord& record, SweepSummary& into) {
            try {
                settle_remedy(record, into);
            } catch (const std::exception& e) {
                ++into.settled_remedies.still_pending;
                into.error("settling remedy " + record.key + ": internal error: " + e.what());
            }
        });
    }
    return disputes.settled;
}

}  // namespace unstuck::core
