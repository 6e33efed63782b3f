#include "unstuck/sdk/model.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "unstuck/sdk/event_dedup.hpp"

namespace unstuck::sdk {

std::vector<SubstatusMismatch> finalize_shipment(Shipment& shipment) {
    auto& events = shipment.events;
    // Most carriers' lists arrive in order (or reversed by the normalizer) and are left untouched. Otherwise
    // the positions are sorted (stable) and each event moved once: sorting the events themselves would move
    // every event several times.
    auto by_time = [](const Event& a, const Event& b) { return a.at < b.at; };
    if (!std::is_sorted(events.begin(), events.end(), by_time)) {
        std::vector<std::size_t> order(events.size());
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return events[a].at < events[b].at; });
        std::vector<Event> sorted;
        sorted.reserve(events.size());
        for (std::size_t i : order) sorted.push_back(std::move(events[i]));
        events = std::move(sorted);
    }

    drop_duplicate_events(events, shipment.warnings);

    bool on_return = false;
    for (Event& e : events) {
        on_return = on_return || e.return_leg;
        e.return_leg = on_return;
        if (on_return && e.status == TrackingStatus::kDelivered) {
            e.status = TrackingStatus::kReturned;
            e.substatus = "other";
        }
    }

    const Event* latest = nullptr;
    for (auto it = events.rbegin(); it != events.rend() && !latest; ++it)
        if (it->physical_scan) latest = &*it;
    if (!latest && !events.empty()) latest = &events.back();
    if (latest) {
        shipment.status = latest->status;
        shipment.substatus = latest->substatus;
        if (latest->return_leg && latest->status != TrackingStatus::kReturned) {
            shipment.status = TrackingStatus::kReturning;
            if (!is_valid_substatus(TrackingStatus::kReturning, shipment.substatus))
                shipment.substatus = "other";
        }
    }

    shipment.delivered_at.reset();
    for (const Event& e : events)
        if (e.status == TrackingStatus::kDelivered && !e.return_leg) shipment.delivered_at = e.at;
    return find_substatus_mismatches(shipment);
}

}  // namespace unstuck::sdk
