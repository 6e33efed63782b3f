#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::core {

SettleSummary& SettleSummary::operator+=(const SettleSummary& o) noexcept {
    found += o.found;
    refiled += o.refiled;
    rejected += o.rejected;
    still_pending += o.still_pending;
    skipped += o.skipped;
    return *this;
}

void SweepSummary::filed_through(FiledDispute dispute) {
    ++filed_by_backend[dispute.backend];
    if (filed_disputes.size() < kMaxListed) filed_disputes.push_back(std::move(dispute));
}

void SweepSummary::dispute_outcome(std::string_view backend, std::string_view outcome) {
    ++disputes_by_backend[{std::string(backend), std::string(outcome)}];
}

void SweepSummary::error(std::string message) {
    ++error_count;
    if (errors.size() < kMaxListed) errors.push_back(std::move(message));
}

void SweepSummary::merge(const SweepSummary& o) {
    lines += o.lines;
    bad_lines += o.bad_lines;
    decided += o.decided;
    skipped += o.skipped;
    failed += o.failed;
    for (const auto& [k, v] : o.by_action) by_action[k] += v;
    for (const auto& [k, v] : o.by_rule) by_rule[k] += v;
    for (const auto& [k, v] : o.by_action_rule) by_action_rule[k] += v;
    filed += o.filed;
    already_filed += o.already_filed;
    pending += o.pending;
    rejected += o.rejected;
    would_file += o.would_file;
    dispute_errors += o.dispute_errors;
    tickets_followed += o.tickets_followed;
    ticket_changes += o.ticket_changes;
    for (const auto& [k, v] : o.filed_by_backend) filed_by_backend[k] += v;
    for (const auto& [k, v] : o.disputes_by_backend) disputes_by_backend[k] += v;
    for (const auto& f : o.filed_disputes) {
        if (filed_disputes.size() >= kMaxListed) break;
        filed_disputes.push_back(f);
    }
    settled += o.settled;
    remedies_applied += o.remedies_applied;
    remedies_already += o.remedies_already;
    remedies_pending += o.remedies_pending;
    remedies_rejected += o.remedies_rejected;
    remedies_without_proof += o.remedies_without_proof;
    remedies_would_apply += o.remedies_would_apply;
    remedy_errors += o.remedy_errors;
    settled_remedies += o.settled_remedies;
    pulled += o.pulled;
    pull_errors += o.pull_errors;
    error_count += o.error_count;
    for (const auto& e : o.errors) {
        if (errors.size() >= kMaxListed) break;
        errors.push_back(e);
    }
}

}  // namespace unstuck::core
