#include "sweep/ticket_follower.hpp"

#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::core {

void TicketFollower::follow(const OrderCase& order, const std::string& who, SweepSummary& summary) {
    auto disputes = context_.store->disputes_of(OrderRef::of(order));
    if (!disputes) {
        logger("sweep")->warn("{}: reading its disputes to follow their tickets: {}", who,
                              disputes.error().message);
        return;
    }
    for (const DisputeRecord& d : *disputes) {
        if (d.state != DisputeState::kFiled || d.remote_id.empty() ||
            d.remote_state == sdk::TicketState::kClosed)
            continue;
        auto backend = context_.backends.find(d.backend);
        if (backend == context_.backends.end()) continue;  // no longer routed: its state stays as last known
        auto state = backend->second->state(sdk::RemoteTicket{d.remote_id, d.remote_url});
        if (state.kind != sdk::StateResult::Kind::kOk) {
            logger("sweep")->warn("{}: dispute {}: asking {} for the ticket's state: {}", who, d.key,
                                  d.backend, state.message.empty() ? "not found" : state.message);
            continue;
        }
        ++summary.tickets_followed;
        if (state.value == d.remote_state) continue;
        if (auto s = context_.store->record_remote_state(d.key, state.value, context_.wall()); !s)
            summary.error(who + ": dispute " + d.key + ": recording its ticket's state: " + s.message());
        else
            ++summary.ticket_changes;
    }
}

}  // namespace unstuck::core
