#include "unstuck/core/store/dispute_event_json.hpp"

#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

void write_json(sdk::JsonWriter& w, std::span<const DisputeEvent> history) {
    w.begin_array();
    for (const auto& e : history) {
        w.begin_object().field("state", e.state).field("at", sdk::format_utc_seconds(e.at));
        w.key("detail").value_or_null(e.detail);
        w.end_object();
    }
    w.end_array();
}

}  // namespace unstuck::core
