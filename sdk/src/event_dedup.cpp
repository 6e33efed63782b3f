#include "unstuck/sdk/event_dedup.hpp"

namespace unstuck::sdk {

void drop_duplicate_events(std::vector<Event>& events, std::vector<std::string>& warnings) {
    // Duplicates share (code, at, location); in a sorted list they sit among the events of the same instant.
    std::vector<Event> kept;
    std::vector<std::size_t> kept_index;  // position of each kept event in the input
    kept.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        std::size_t dup = kept.size();
        for (std::size_t k = kept.size(); k-- > 0 && kept[k].at == e.at;)
            if (kept[k].code == e.code && kept[k].location == e.location) dup = k;
        if (dup != kept.size()) {
            warnings.push_back("event " + std::to_string(i) + ": duplicate of event " +
                               std::to_string(kept_index[dup]) + " dropped");
            continue;
        }
        kept.push_back(std::move(events[i]));  // `e` is not read again
        kept_index.push_back(i);
    }
    events = std::move(kept);
}

}  // namespace unstuck::sdk
