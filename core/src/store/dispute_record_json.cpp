#include "unstuck/core/store/dispute_record_json.hpp"

#include "unstuck/sdk/ticket_state.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

void write_json(sdk::JsonWriter& w, const DisputeRecord& d) {
    w.begin_object();
    w.field("key", d.key).field("state", to_string(d.state));
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

}  // namespace unstuck::core
