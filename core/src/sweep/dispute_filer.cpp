#include "sweep/dispute_filer.hpp"

#include "unstuck/core/disputes/dispute_request.hpp"

namespace unstuck::core {

void DisputeFiler::count_existing(const DisputeRecord& record, SweepSummary& summary) const {
    switch (record.state) {
        case DisputeState::kFiled:
            ++summary.already_filed;
            summary.dispute_outcome(record.backend, "already_filed");
            break;
        case DisputeState::kPending:
            ++summary.pending;  // another filer holds it; a later run settles it if that filer died
            summary.dispute_outcome(record.backend, "pending");
            break;
        case DisputeState::kRejected:
            ++summary.rejected;
            summary.dispute_outcome(record.backend, "rejected");
            break;
    }
}

void DisputeFiler::submit(sdk::TicketingPlugin& backend, const std::string& backend_name,
                          const sdk::DisputeRequest& request, const std::string& who, SweepSummary& summary) {
    CaseStore& store = *context_.store;
    const std::string what = who + ": dispute " + request.key;
    auto result = backend.file(request);
    switch (result.kind) {
        case sdk::FileResult::Kind::kOk:
            ++summary.filed;
            summary.dispute_outcome(backend_name, "filed");
            summary.filed_through({request.key, backend_name, result.value.id, result.value.url});
            if (auto s = store.mark_filed(request.key, result.value, context_.wall()); !s)
                summary.error(what + ": filed as " + result.value.id +
                              " but not recorded (the next run finds it): " + s.message());
            return;
        case sdk::FileResult::Kind::kRejected:
            ++summary.rejected;
            summary.dispute_outcome(backend_name, "rejected");
            if (auto s = store.mark_rejected(request.key, result.message, context_.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + backend_name + " refused it: " + result.message);
            return;
        default: {
            ++summary.pending;
            summary.dispute_outcome(backend_name, "retry");
            std::string why = result.message + retry_text(result.retry_after);
            if (auto s = store.record_attempt_failure(request.key, why, context_.wall()); !s)
                summary.error(what + ": " + s.message());
            summary.error(what + ": " + backend_name + ": " + why + "; stays PENDING, the next run files it");
            return;
        }
    }
}

bool DisputeFiler::file(const OrderCase& order, const Decision& decision, const Dispute& dispute,
                        sdk::Timestamp now, const std::string& who, SweepSummary& summary) {
    const SweepRunOptions& options = context_.options;
    const std::string_view code = to_string(dispute.code);
    const DisputeRoute* route = options.routes.route(order.marketplace, order.shop_id, code);
    if (!route && options.dry_run && options.routes.empty()) {
        ++summary.would_file;  // nothing to route: routes are needed only to file
        return true;
    }
    if (!route) {
        ++summary.dispute_errors;
        summary.error(who + ": dispute " + dispute.key + ": no route matches marketplace \"" +
                      order.marketplace + "\", shop \"" + order.shop_id + "\", code \"" + std::string(code) +
                      "\"");
        return false;
    }
    if (options.dry_run) {
        ++summary.would_file;
        return true;
    }
    CaseStore& store = *context_.store;
    const std::string what = who + ": dispute " + dispute.key;
    auto existing = store.find_dispute(dispute.key);
    if (!existing) {
        ++summary.dispute_errors;
        summary.error(what + ": " + existing.error().message);
        return false;
    }
    if (*existing) {
        count_existing(**existing, summary);
        return true;
    }
    auto files = context_.evidence.build(dispute, order);
    if (!files) {
        ++summary.dispute_errors;
        summary.error(what + ": " + files.error().message);
        return false;
    }
    sdk::DisputeRequest request = make_dispute_request(decision, dispute, order);
    request.files = std::move(*files);
    // PENDING first: whoever writes the row files; a crash after this is settled by the next run.
    auto begun = store.begin_dispute(request, route->backend, now);
    if (!begun) {
        ++summary.dispute_errors;
        summary.error(what + ": " + begun.error().message);
        return false;
    }
    if (!begun->created) {
        count_existing(begun->record, summary);
        return true;
    }
    auto backend = context_.backends.find(route->backend);
    if (backend == context_.backends.end()) {
        ++summary.dispute_errors;
        summary.error(what + ": no ticketing plugin \"" + route->backend + "\" was prepared");
        return false;
    }
    submit(*backend->second, route->backend, request, who, summary);
    return true;
}

}  // namespace unstuck::core
