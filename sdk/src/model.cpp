#include "unstuck/sdk/model.hpp"

#include <algorithm>
#include <numeric>
#include <string>

namespace unstuck::sdk {

void finalize_shipment(Shipment& shipment) {
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

    // Duplicates share (code, at, location); after the sort they sit among the events of the same instant.
    std::vector<Event> kept;
    std::vector<std::size_t> kept_index;  // position of each kept event in the sorted input
    kept.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        std::size_t dup = kept.size();
        for (std::size_t k = kept.size(); k-- > 0 && kept[k].at == e.at;)
            if (kept[k].code == e.code && kept[k].location == e.location) dup = k;
        if (dup != kept.size()) {
            shipment.warnings.push_back("event " + std::to_string(i) + ": duplicate of event " +
                                        std::to_string(kept_index[dup]) + " dropped");
            continue;
        }
        kept.push_back(std::move(events[i]));  // `e` is not read again
        kept_index.push_back(i);
    }
    events = std::move(kept);

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
}

}  // namespace unstuck::sdk
