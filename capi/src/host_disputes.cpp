// unstuck_disputes: the disputes in the host's case store.
#include <optional>
#include <string>

#include "api_error.hpp"
#include "host_state.hpp"
#include "json_input.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/ticket_state.hpp"

using namespace unstuck;
using namespace unstuck::capi;

namespace {

void write_dispute(sdk::JsonWriter& w, const core::DisputeRecord& d) {
    w.begin_object();
    w.field("key", d.key).field("state", core::to_string(d.state));
    w.field("marketplace", d.order.marketplace).field("shop_id", d.order.shop_id);
    w.field("order_id", d.order.order_id).field("code", d.code).field("backend", d.backend);
    w.field("remote_id", d.remote_id).field("remote_url", d.remote_url);
    if (d.remote_state)
        w.field("remote_state", sdk::to_string(*d.remote_state));
    else
        w.key("remote_state").null();
    w.field("reason", d.reason).field("attempts", static_cast<std::int64_t>(d.attempts));
    w.field("last_error", d.last_error);
    w.field("created_at", sdk::format_utc_seconds(d.created_at));
    w.field("updated_at", sdk::format_utc_seconds(d.updated_at));
    w.end_object();
}

}  // namespace

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
                if (!order_id || d.order.order_id == *order_id) write_dispute(w, d);
        }
        w.end_array();
        *out_json = give(out);
        return succeed();
    });
}
