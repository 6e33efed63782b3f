#include "unstuck/kit/result_picker.hpp"

#include <optional>

namespace unstuck::kit {
namespace {

std::optional<sdk::Timestamp> latest_scan(const sdk::Shipment& s) {
    std::optional<sdk::Timestamp> latest;
    for (const sdk::Event& e : s.events)
        if (!latest || e.at > *latest) latest = e.at;
    return latest;
}

bool all_after(const sdk::Shipment& s, sdk::Timestamp since) {
    if (s.events.empty()) return false;
    for (const sdk::Event& e : s.events)
        if (e.at < since) return false;
    return true;
}

}  // namespace

std::size_t pick_result(std::span<const sdk::Shipment> candidates, const sdk::TrackContext& context,
                        std::string* warning) {
    if (candidates.size() <= 1) return 0;
    auto latest_among = [&](auto&& eligible) {
        std::optional<std::size_t> best;
        std::optional<sdk::Timestamp> best_at;
        for (std::size_t i = 0; i < candidates.size(); ++i) {
            if (!eligible(i)) continue;
            auto at = latest_scan(candidates[i]);
            if (!best || (at && (!best_at || *at > *best_at))) {
                best = i;
                best_at = at;
            }
        }
        return best;
    };

    std::optional<std::size_t> chosen;
    std::string why;
    if (context.order_created_at) {
        chosen =
            latest_among([&](std::size_t i) { return all_after(candidates[i], *context.order_created_at); });
        if (chosen)
            why = "its events fall after the order was created (" +
                  sdk::format_utc(*context.order_created_at) + ")";
    }
    if (!chosen) {
        chosen = latest_among([](std::size_t) { return true; });
        auto at = latest_scan(candidates[*chosen]);
        why = at ? "it has the latest scan (" + sdk::format_utc(*at) + ")" : "no result has events";
        if (context.order_created_at) why = "no result lies wholly after the order's creation; " + why;
    }
    if (warning)
        *warning = std::to_string(candidates.size()) + " results for this number (recycled): kept result " +
                   std::to_string(*chosen + 1) + " because " + why;
    return *chosen;
}

}  // namespace unstuck::kit
