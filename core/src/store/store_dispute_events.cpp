// The case store's dispute history: one row per state change, written by the dispute transitions
// (store_disputes.cpp), read oldest first.
#include "store/store_dispute_events.hpp"

#include "store/case_store_impl.hpp"

namespace unstuck::core {

void add_dispute_event(Session& s, const std::string& key, std::string_view state, std::string_view detail,
                       Timestamp at) {
    s << "INSERT INTO dispute_events (dispute_key, state, detail, at) VALUES ($1, $2, $3, $4)", bind(key),
        bind(std::string(state)), bind(nullable(detail)), bind(micros(at)), now;
}

Result<std::vector<DisputeEvent>> CaseStore::dispute_history(std::string_view key) {
    return impl_->read<std::vector<DisputeEvent>>(
        "reading a dispute's history", [&](Session& s) -> Result<std::vector<DisputeEvent>> {
            Statement select(s);
            select << "SELECT state, detail, at FROM dispute_events WHERE dispute_key = $1 ORDER BY id",
                bind(std::string(key));
            select.execute();
            Rows rows(select);
            std::vector<DisputeEvent> out;
            out.reserve(rows.size());
            for (std::size_t r = 0; r < rows.size(); ++r)
                out.push_back({rows.text(r, 0), rows.text(r, 1), rows.time(r, 2).value_or(Timestamp{})});
            return out;
        });
}

}  // namespace unstuck::core
