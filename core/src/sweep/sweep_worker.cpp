#include "sweep/sweep_worker.hpp"

#include <algorithm>
#include <exception>
#include <set>

#include "sweep/stored_tracking.hpp"
#include "unstuck/sdk/model_json.hpp"

namespace unstuck::core {

SweepWorker::SweepWorker(SweepContext& context)
    : context_(context),
      tracker_(context.carriers,
               context.store ? stored_tracking(*context.store) : OrderTracker::StoredTracking{}),
      filer_(context),
      remedy_(context),
      follower_(context) {
    summary.dry_run = context.options.dry_run;
}

void SweepWorker::act(OrderCase& order, std::string_view json, std::uint64_t line,
                      std::optional<sdk::Timestamp> at) {
    const std::string who = line_prefix(line) + "order " + order.order_id;
    std::vector<TrackingSnapshot> snapshots;
    OrderTracker::OnFetched keep;
    if (context_.writes())
        keep = [&](const PackageCase& p, const sdk::Shipment& shipment) {
            snapshots.push_back(TrackingSnapshot{p.ref(), p.carrier, p.tracking_number,
                                                 sdk::to_json(shipment), context_.wall()});
        };
    if (auto failure = tracker_.track(order, keep, pushed)) {
        ++(failure->bad_input ? summary.bad_lines : summary.failed);
        summary.error(who + ": " + failure->message);
        return;
    }

    const sdk::Timestamp now = at                     ? *at
                               : context_.options.now ? *context_.options.now
                               : order.now            ? *order.now
                                                      : context_.wall();
    if (auto s = context_.engine.decide(order, now, decision_); !s) {
        ++summary.bad_lines;
        summary.error(who + ": " + s.message());
        return;
    }
    // The disputes the store holds count as the order's tickets, in the states their backends give now; they
    // matter only where a rule files.
    const std::size_t store_tickets_from = order.tickets.size();
    if (context_.store && std::any_of(decision_.packages.begin(), decision_.packages.end(),
                                      [](const PackageDecision& p) { return p.dispute_code.has_value(); })) {
        if (context_.writes()) follower_.follow(order, who, summary);
        auto tickets = context_.store->tickets(OrderRef::of(order));
        if (!tickets) {
            ++summary.failed;
            summary.error(who + ": reading its disputes: " + tickets.error().message);
            return;
        }
        if (!tickets->empty()) {
            order.tickets.insert(order.tickets.end(), tickets->begin(), tickets->end());
            if (auto s = context_.engine.decide(order, now, decision_); !s) {
                ++summary.bad_lines;
                summary.error(who + ": " + s.message());
                return;
            }
        }
    }

    ++summary.decided;
    std::string action(to_string(decision_.action)), rule = decision_.rule.name();
    ++summary.by_action[action];
    ++summary.by_rule[rule];
    ++summary.by_action_rule[{std::move(action), std::move(rule)}];
    std::set<DisputeCode> held_back;
    for (const auto& p : decision_.packages)
        if (p.dispute_code && p.rule.variant != RuleVariant::kBase && p.ticket >= 0 &&
            static_cast<std::size_t>(p.ticket) >= store_tickets_from)
            held_back.insert(*p.dispute_code);
    summary.already_filed += held_back.size();

    bool trouble = false;
    if (decision_.action == Action::kFileDispute)
        for (const auto& dispute : decision_.disputes)
            trouble |= !filer_.file(order, decision_, dispute, now, who, summary);
    if (decision_.action == Action::kUpdateStatusWithPod)
        trouble |= !remedy_.apply(order, decision_, who, summary);

    if (!context_.writes()) return;
    DecisionRecord record = DecisionRecord::of(order, decision_, context_.wall());
    if (trouble) record.next_check_at = std::chrono::time_point_cast<std::chrono::seconds>(now);  // stays due
    record.order_json.assign(json);
    record.snapshots = std::move(snapshots);
    records_.push_back(std::move(record));
}

void SweepWorker::flush() {
    if (records_.empty()) return;
    if (auto s = context_.store->record_decisions(records_); !s) {
        // Not recorded is not decided: these orders failed and stay due.
        summary.decided -= records_.size();
        summary.failed += records_.size();
        summary.error("recording " + std::to_string(records_.size()) +
                      " decisions (those orders stay due): " + s.message());
    }
    records_.clear();
}

void SweepWorker::process_line(std::string_view json, std::uint64_t line, bool padded,
                               std::optional<sdk::Timestamp> now) {
    ++summary.lines;
    if (cases_.empty()) cases_.resize(1);
    OrderCase& order = cases_.front();
    if (auto s = reader_.read(json, order, padded); !s) {
        ++summary.bad_lines;
        summary.error(line_prefix(line) + s.message());
        return;
    }
    try {
        if (context_.writes()) {
            std::vector<OrderRef> refs{OrderRef::of(order)};
            auto claims = context_.store->claim_orders(refs, context_.wall());
            if (!claims) {
                ++summary.failed;
                summary.error(line_prefix(line) + "order " + order.order_id +
                              ": claiming it: " + claims.error().message);
                return;
            }
            if (claims->empty() || !claims->front()) {
                ++summary.skipped;
                return;
            }
            act(order, json, line, now);
            flush();
            (void)context_.store->release_claims(refs);
        } else {
            act(order, json, line, now);
        }
    } catch (const std::exception& e) {
        ++summary.failed;
        summary.error(line_prefix(line) + "order " + order.order_id + ": internal error: " + e.what());
    }
}

void SweepWorker::process_batch(const LineBatch& batch) {
    if (cases_.size() < batch.lines.size()) cases_.resize(batch.lines.size());
    std::vector<std::size_t> parsed;  // indexes into batch.lines (and cases_)
    parsed.reserve(batch.lines.size());
    for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        const InputLine& l = batch.lines[i];
        ++summary.lines;
        if (l.too_long) {
            ++summary.bad_lines;
            summary.error(line_prefix(l.number) + line_too_long_error());
            continue;
        }
        if (auto s = reader_.read(batch.line(l), cases_[i], true); !s) {
            ++summary.bad_lines;
            summary.error(line_prefix(l.number) + s.message());
            continue;
        }
        parsed.push_back(i);
    }

    std::vector<OrderRef> refs;
    std::vector<bool> claimed(batch.lines.size(), true);
    if (context_.writes() && !parsed.empty()) {
        refs.reserve(parsed.size());
        for (std::size_t i : parsed) refs.push_back(OrderRef::of(cases_[i]));
        auto claims = context_.store->claim_orders(refs, context_.wall(), context_.run_started);
        if (!claims || claims->size() != refs.size()) {
            summary.failed += parsed.size();
            summary.error("line " + std::to_string(batch.lines[parsed.front()].number) + ": claiming " +
                          std::to_string(refs.size()) + " orders (they stay due): " +
                          (claims ? std::string("the store answered for another number of orders")
                                  : claims.error().message));
            return;
        }
        for (std::size_t k = 0; k < parsed.size(); ++k) claimed[parsed[k]] = (*claims)[k];
    }

    for (std::size_t i : parsed) {
        const InputLine& l = batch.lines[i];
        if (!claimed[i]) {
            ++summary.skipped;
            continue;
        }
        try {
            act(cases_[i], batch.line(l), l.number);
        } catch (const std::exception& e) {
            ++summary.failed;
            summary.error(line_prefix(l.number) + "order " + cases_[i].order_id +
                          ": internal error: " + e.what());
        }
    }
    flush();
    if (!refs.empty()) {
        std::vector<OrderRef> mine;
        for (std::size_t k = 0; k < parsed.size(); ++k)
            if (claimed[parsed[k]]) mine.push_back(std::move(refs[k]));
        if (!mine.empty())
            if (auto s = context_.store->release_claims(mine); !s)
                summary.error("releasing claims: " + s.message() + " (they lapse by themselves)");
    }
}

std::size_t SweepWorker::process_claimed(std::span<const std::string_view> jsons, sdk::Timestamp now,
                                         const std::atomic<bool>* stop) {
    if (cases_.size() < jsons.size()) cases_.resize(jsons.size());
    std::vector<OrderRef> refs;  // the orders read: claims to release once their decisions are recorded
    refs.reserve(jsons.size());
    auto record = [&] {
        flush();
        if (!refs.empty())
            if (auto s = context_.store->release_claims(refs); !s)
                summary.error("releasing claims: " + s.message() + " (they lapse by themselves)");
        refs.clear();
    };
    auto since = std::chrono::steady_clock::now();
    std::size_t taken = 0;
    for (; taken < jsons.size(); ++taken) {
        if (stop && stop->load()) break;
        const std::size_t i = taken;
        ++summary.lines;
        if (auto s = reader_.read(jsons[i], cases_[i], false); !s) {
            ++summary.bad_lines;
            summary.error("stored order case " + std::to_string(i + 1) + " of " +
                          std::to_string(jsons.size()) + ": " + s.message());
            continue;
        }
        if (context_.writes()) refs.push_back(OrderRef::of(cases_[i]));
        try {
            act(cases_[i], jsons[i], 0, now);
        } catch (const std::exception& e) {
            ++summary.failed;
            summary.error("order " + cases_[i].order_id + ": internal error: " + e.what());
        }
        if (context_.writes() && std::chrono::steady_clock::now() - since >= kRecordEvery) {
            record();
            since = std::chrono::steady_clock::now();
        }
    }
    if (context_.writes()) record();
    return taken;
}

}  // namespace unstuck::core
