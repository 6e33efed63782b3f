// unstuck_disputes: the disputes in the host's case store.
#include <optional>
#include <string>

#include "api_error.hpp"
#include "host_state.hpp"
#include "json_input.hpp"
#include "unstuck/core/store/dispute_record_json.hpp"
#include "unstuck/sdk/json_writer.hpp"

using namespace unstuck;
using namespace unstuck::capi;

extern "C" int unstuck_disputes(unstuck_host* host, const char* filter_json, char** out_json) {
    return guarded("unstuck_disputes", [&] {
        require(out_json, "out_json");
        std::optional<std::string> order_id;
        std::optional<core::DisputeState> state_filter;
        if (filter_json) {
            require_utf8(filter_json, "filter_json");
            auto filter = parse_object(filter_json, "filter_json");
            static const char* const kKeys[] = {"order_id", "state", nullptr};
            require_keys(filter, kKeys, "filter_json");
            order_id = string_field(filter, "order_id", "filter_json");
            if (auto s = string_field(filter, "state", "filter_json")) {
                state_filter = core::parse_dispute_state(*s);
                if (!state_filter)
                    throw ApiError{UNSTUCK_EINVALID, "filter_json: $.state: \"" + *s +
                                                         "\" is not one of PENDING, FILED, REJECTED"};
            }
        }
        auto state = hosts().get(host, "host");
        std::string out;
        sdk::JsonWriter w(out);
        w.begin_array();
        if (auto* store = state->store()) {
            auto disputes = store->list_disputes(state_filter);
            if (!disputes) throw ApiError{UNSTUCK_ESTORE, disputes.error().message};
            for (const auto& d : *disputes)
                if (!order_id || d.order.order_id == *order_id) core::write_json(w, d);
        }
        w.end_array();
        *out_json = give(out);
        return succeed();
    });
}
