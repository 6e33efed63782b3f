#include "serve/order_json.hpp"

#include <optional>

#include "unstuck/sdk/time.hpp"

namespace unstuck::core {
namespace {

void time_or_null(sdk::JsonWriter& w, std::string_view key, const std::optional<sdk::Timestamp>& t) {
    w.key(key);
    if (t)
        w.value(sdk::format_utc_seconds(*t));
    else
        w.null();
}

void decision_or_null(sdk::JsonWriter& w, const std::string& decision_json) {
    w.key("decision");
    if (decision_json.empty())
        w.null();
    else
        w.raw(decision_json);
}

}  // namespace

void write_order_summary(sdk::JsonWriter& w, const OrderRecord& o, bool with_decision) {
    w.begin_object();
    w.field("order_key", o.order.key());
    w.field("marketplace", o.order.marketplace).field("shop_id", o.order.shop_id);
    w.field("order_id", o.order.order_id);
    w.key("action").value_or_null(o.action);
    w.key("rule").value_or_null(o.rule);
    time_or_null(w, "next_check_at", o.next_check_at);
    time_or_null(w, "decided_at", o.decided_at);
    if (with_decision) decision_or_null(w, o.decision_json);
    w.end_object();
}

void write_history_entry(sdk::JsonWriter& w, const HistoryEntry& e) {
    w.begin_object();
    w.field("action", e.action).field("rule", e.rule);
    time_or_null(w, "next_check_at", e.next_check_at);
    time_or_null(w, "decided_at", e.decided_at);
    decision_or_null(w, e.decision_json);
    w.end_object();
}

}  // namespace unstuck::core
