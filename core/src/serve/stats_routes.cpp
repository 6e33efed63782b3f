// What the dashboard reads (read scope): `/v1/stats` (counts, next checks, disputes, decisions and filings
// per bucket), `/v1/events` (decisions recorded since a cursor, for polling), `/v1/search` (an order id, an
// order key, a tracking number or a dispute key) and `/v1/orders/{order_key}/timeline` (everything the order
// page draws, with the policy's deadlines computed here by the core's calendar).
#include <algorithm>
#include <charconv>
#include <set>

#include <Poco/JSON/Parser.h>

#include "serve/dashboard_routes.hpp"
#include "unstuck/core/store/dispute_record_json.hpp"
#include "unstuck/sdk/json_writer.hpp"
#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::core {
namespace {

using sdk::Timestamp;
using std::chrono::seconds;

ApiResponse store_error(const sdk::Error& e) {
    return api_error(503, "unavailable", e.message);
}

std::optional<OrderRef> parse_order_key(std::string_view key) {
    auto first = key.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    auto second = key.find(':', first + 1);
    if (second == std::string_view::npos || first == 0 || second + 1 >= key.size()) return std::nullopt;
    return OrderRef{std::string(key.substr(0, first)), std::string(key.substr(first + 1, second - first - 1)),
                    std::string(key.substr(second + 1))};
}

void time_or_null(sdk::JsonWriter& w, std::string_view name, const std::optional<Timestamp>& t) {
    w.key(name);
    if (t)
        w.value(sdk::format_utc_seconds(*t));
    else
        w.null();
}

// Stored JSON written as is, or null when empty.
void raw_or_null(sdk::JsonWriter& w, std::string_view name, const std::string& json) {
    w.key(name);
    if (json.empty())
        w.null();
    else
        w.raw(json);
}

Poco::JSON::Object::Ptr parse_object(const std::string& json) {
    if (json.empty()) return nullptr;
    try {
        Poco::JSON::Parser parser;
        return parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        return nullptr;
    } catch (const std::exception&) {
        return nullptr;
    }
}

std::string text_of(const Poco::JSON::Object::Ptr& o, const std::string& name) {
    if (!o || !o->has(name) || o->isNull(name)) return {};
    try {
        return o->getValue<std::string>(name);
    } catch (const Poco::Exception&) {
        return {};
    }
}

std::optional<Timestamp> time_of(const Poco::JSON::Object::Ptr& o, const std::string& name) {
    auto text = text_of(o, name);
    if (text.empty()) return std::nullopt;
    auto t = sdk::parse_timestamp(text);
    return t ? std::optional(*t) : std::nullopt;
}

void order_summary(sdk::JsonWriter& w, const OrderRecord& o) {
    w.begin_object();
    w.field("order_key", o.order.key()).field("marketplace", o.order.marketplace);
    w.field("shop_id", o.order.shop_id).field("order_id", o.order.order_id);
    w.key("action").value_or_null(o.action);
    w.key("rule").value_or_null(o.rule);
    time_or_null(w, "next_check_at", o.next_check_at);
    time_or_null(w, "decided_at", o.decided_at);
    w.end_object();
}

// --- /v1/stats ---

struct Window {
    std::string_view name;
    seconds bucket;
    std::size_t count;
};
constexpr std::array<Window, 3> kWindows{{
    {"24h", seconds(3600), 24},
    {"7d", seconds(6 * 3600), 28},
    {"30d", seconds(86400), 30},
}};

ApiResponse stats(ServeContext& context, const ApiRequest& request) {
    const auto name = request.query_value("window").value_or("24h");
    const Window* window = nullptr;
    for (const auto& w : kWindows)
        if (w.name == name) window = &w;
    if (!window)
        return api_error(400, "invalid_field", "window: expected 24h, 7d or 30d, not \"" + name + "\"",
                         "window");
    const Timestamp now = context.clock();
    // Buckets aligned on their size in UTC, the last one holding `now`.
    const auto size = std::chrono::duration_cast<std::chrono::microseconds>(window->bucket);
    const auto aligned = Timestamp((now.time_since_epoch() / size) * size);
    const Timestamp from = aligned + size - size * static_cast<long>(window->count);

    auto counts = context.store.counts();
    if (!counts) return store_error(counts.error());
    auto next = context.store.next_checks(10);
    if (!next) return store_error(next.error());
    auto activity = context.store.activity(from, window->bucket, window->count);
    if (!activity) return store_error(activity.error());

    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().field("now", sdk::format_utc_seconds(now)).field("window", std::string(window->name));
    w.key("orders").begin_object();
    w.key("by_action").begin_array();
    for (const auto& c : counts->by_action)
        w.begin_object()
            .field("action", c.name)
            .field("count", static_cast<std::int64_t>(c.count))
            .end_object();
    w.end_array().key("by_rule").begin_array();
    for (const auto& c : counts->by_rule)
        w.begin_object()
            .field("rule", c.name)
            .field("count", static_cast<std::int64_t>(c.count))
            .end_object();
    w.end_array().end_object();
    w.key("due_next").begin_array();
    for (const auto& o : *next) {
        w.begin_object();
        w.field("order_key", o.order.key()).field("order_id", o.order.order_id);
        w.field("action", o.action).field("rule", o.rule);
        time_or_null(w, "next_check_at", o.next_check_at);
        w.field("overdue", o.next_check_at && *o.next_check_at <= now);
        w.end_object();
    }
    w.end_array().key("disputes").begin_array();
    for (const auto& c : counts->disputes)
        w.begin_object()
            .field("state", c.name)
            .field("backend", c.backend)
            .field("count", static_cast<std::int64_t>(c.count))
            .end_object();
    w.end_array().key("activity").begin_object();
    w.field("bucket_seconds", static_cast<std::int64_t>(window->bucket.count()));
    w.key("buckets").begin_array();
    for (const auto& b : *activity)
        w.begin_object()
            .field("start", sdk::format_utc_seconds(b.start))
            .field("decisions", static_cast<std::int64_t>(b.decisions))
            .field("filings", static_cast<std::int64_t>(b.filings))
            .end_object();
    w.end_array().end_object().end_object();
    return api_json(200, std::move(body));
}

// --- /v1/events ---

ApiResponse events(ServeContext& context, const ApiRequest& request) {
    std::int64_t after = 0;
    const auto since = request.query_value("since");
    if (since && !since->empty()) {
        auto [end, ec] = std::from_chars(since->data(), since->data() + since->size(), after);
        if (ec != std::errc() || end != since->data() + since->size() || after < 0)
            return api_error(400, "invalid_field", "since: not a cursor /v1/events gave", "since");
    } else {
        // No cursor: the latest few, so that a page opening has something to show.
        auto latest = context.store.latest_decision_id();
        if (!latest) return store_error(latest.error());
        after = std::max<std::int64_t>(0, *latest - 20);
    }
    auto decisions = context.store.decisions_after(after, 100);
    if (!decisions) return store_error(decisions.error());
    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("events").begin_array();
    std::int64_t cursor = after;
    for (const auto& d : *decisions) {
        cursor = std::max(cursor, d.id);
        w.begin_object().field("id", d.id).field("kind", "decision");
        w.field("order_key", d.order.key()).field("order_id", d.order.order_id);
        w.field("action", d.action).field("rule", d.rule);
        w.field("decided_at", sdk::format_utc_seconds(d.decided_at));
        time_or_null(w, "next_check_at", d.next_check_at);
        w.key("filings").begin_array();
        if (d.action == "FILE_DISPUTE") {
            auto disputes = context.store.disputes_of(d.order);
            if (!disputes) return store_error(disputes.error());
            for (const auto& dispute : *disputes) write_json(w, dispute);
        }
        w.end_array().end_object();
    }
    w.end_array().field("cursor", std::to_string(cursor)).end_object();
    return api_json(200, std::move(body));
}

// --- /v1/search ---

ApiResponse search(ServeContext& context, const ApiRequest& request) {
    auto q = request.query_value("q").value_or("");
    while (!q.empty() && q.back() == ' ') q.pop_back();
    while (!q.empty() && q.front() == ' ') q.erase(0, 1);
    if (q.empty() || q.size() > 300)
        return api_error(400, "invalid_field",
                         "q: give an order id, order key, tracking number or dispute key", "q");
    std::vector<std::pair<std::string, OrderRecord>> orders;  // how it matched, the order
    std::set<std::string> seen;
    auto add = [&](std::string how, const OrderRecord& o) {
        if (seen.insert(o.order.key()).second) orders.emplace_back(std::move(how), o);
    };
    std::optional<DisputeRecord> dispute;
    if (auto ref = parse_order_key(q)) {
        auto found = context.store.find_order(*ref);
        if (!found) return store_error(found.error());
        if (*found) add("order_key", **found);
        auto d = context.store.find_dispute(q);
        if (!d) return store_error(d.error());
        dispute = *d;
        if (dispute) {
            auto owner = context.store.find_order(dispute->order);
            if (!owner) return store_error(owner.error());
            if (*owner) add("dispute_key", **owner);
        }
    }
    auto by_id = context.store.orders_with_id(q);
    if (!by_id) return store_error(by_id.error());
    for (const auto& o : *by_id) add("order_id", o);
    auto by_tracking = context.store.orders_with_tracking(q);
    if (!by_tracking) return store_error(by_tracking.error());
    for (const auto& o : *by_tracking) add("tracking_number", o);

    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().field("q", q).key("orders").begin_array();
    for (const auto& [how, o] : orders) {
        w.begin_object().field("matched", how).key("order");
        order_summary(w, o);
        w.end_object();
    }
    w.end_array().key("disputes").begin_array();
    if (dispute) write_json(w, *dispute);
    w.end_array().end_object();
    return api_json(200, std::move(body));
}

// --- /v1/orders/{order_key}/timeline ---

struct Deadline {
    std::string kind;     // pickup_update, delivery_update, stall, ticket_window, next_check
    std::string package;  // the package it belongs to; empty for the order
    std::string rule;     // what passing it does
    Timestamp from{};     // the instant it counts from
    Timestamp at{};
    std::string basis;  // how it is counted
};

std::string hours_text(seconds s) {
    auto h = s.count() / 3600;
    auto rest = s.count() % 3600;
    return rest == 0 ? std::to_string(h) + " h" : std::to_string(s.count()) + " s";
}

std::vector<Deadline> deadlines(const Policy& policy, const BusinessCalendar* calendar,
                                const Poco::JSON::Object::Ptr& decision, const std::vector<Ticket>& tickets,
                                bool seller) {
    std::vector<Deadline> out;
    const auto& t = policy.thresholds;
    const auto business = [&](int n) { return std::to_string(n) + " business days"; };
    if (decision && decision->has("packages") && decision->isArray("packages")) {
        auto packages = decision->getArray("packages");
        for (std::size_t i = 0; i < packages->size(); ++i) {
            auto p = packages->getObject(static_cast<unsigned>(i));
            if (!p) continue;
            auto ref = text_of(p, "package_id");
            if (ref.empty()) ref = text_of(p, "tracking_number");
            auto facts = p->getObject("facts");
            if (!facts) continue;
            const auto stage = text_of(facts, "platform_stage");
            if (auto picked = time_of(facts, "picked_up_at"); picked && stage == "PRE" && !seller)
                out.push_back({"pickup_update", ref, "platform.picked_up_not_updated", *picked,
                               *picked + t.pickup_update, hours_text(t.pickup_update) + " after pickup"});
            if (auto delivered = time_of(facts, "carrier_delivered_at"); delivered && !seller)
                out.push_back({"delivery_update", ref, "platform.carrier_delivered_not_updated", *delivered,
                               *delivered + t.delivery_update,
                               hours_text(t.delivery_update) + " after the carrier's delivery"});
            if (auto last = time_of(facts, "last_update_at");
                last && calendar && (seller || stage == "SHIPPED"))
                out.push_back({"stall", ref, seller ? "seller.carrier_stalled" : "platform.unmoved_tracking",
                               *last, calendar->add_business_days(*last, t.stall_business_days),
                               business(t.stall_business_days) + " after the last update"});
        }
    }
    if (calendar && !seller)
        for (const auto& ticket : tickets) {
            if (ticket.status != TicketStatus::kOpen && ticket.status != TicketStatus::kPending) continue;
            out.push_back({"ticket_window",
                           {},
                           ticket.code,
                           ticket.created_at,
                           calendar->add_business_days(ticket.created_at, t.ticket_business_days),
                           business(t.ticket_business_days) + " after the ticket was opened"});
        }
    return out;
}

// The weekend days and holidays between two instants, as intervals of the region's local days.
void non_business(sdk::JsonWriter& w, const BusinessCalendar& calendar, Timestamp from, Timestamp to) {
    using std::chrono::days;
    using std::chrono::local_days;
    const auto first = std::chrono::floor<days>(calendar.to_local(from));
    const auto last = std::chrono::floor<days>(calendar.to_local(to));
    w.begin_array();
    int guard = 0;
    for (local_days day = first; day <= last && guard < 400; day += days(1), ++guard) {
        if (calendar.is_business_day(day)) continue;
        const bool weekend = (calendar.weekend() & weekday_bit(std::chrono::weekday(day))) != 0;
        const auto start = calendar.to_sys(sdk::LocalTimestamp(day));
        const auto end = calendar.to_sys(sdk::LocalTimestamp(day + days(1)));
        const std::chrono::year_month_day ymd(std::chrono::sys_days(day.time_since_epoch()));
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        w.begin_object().field("date", std::string(date)).field("kind", weekend ? "weekend" : "holiday");
        w.field("start", sdk::format_utc_seconds(start)).field("end", sdk::format_utc_seconds(end));
        w.end_object();
    }
    w.end_array();
}

ApiResponse timeline(ServeContext& context, const ApiRequest& request) {
    const auto& key = request.params.at("order_key");
    auto ref = parse_order_key(key);
    if (!ref) return api_error(404, "not_found", "no order " + key);
    auto found = context.store.find_order(*ref);
    if (!found) return store_error(found.error());
    if (!*found) return api_error(404, "not_found", "no order " + key);
    const auto& order = **found;
    auto snapshots = context.store.snapshots(*ref);
    if (!snapshots) return store_error(snapshots.error());
    auto disputes = context.store.disputes_of(*ref);
    if (!disputes) return store_error(disputes.error());
    auto tickets = context.store.tickets(*ref);
    if (!tickets) return store_error(tickets.error());
    auto history = context.store.history(*ref);
    if (!history) return store_error(history.error());

    const auto the_case = parse_object(order.order_json);
    const auto decision = parse_object(order.decision_json);
    const auto& policy = context.engine.policy();
    const auto region = text_of(the_case, "region");
    const BusinessCalendar* calendar = policy.region(region);
    const bool seller = text_of(the_case, "shipping_type") == "SELLER";
    // The case's own tickets count as the store's do.
    std::vector<Ticket> all_tickets = *tickets;
    if (the_case && the_case->has("tickets") && the_case->isArray("tickets")) {
        auto list = the_case->getArray("tickets");
        for (std::size_t i = 0; i < list->size(); ++i) {
            auto t = list->getObject(static_cast<unsigned>(i));
            auto created = time_of(t, "created_at");
            auto status = sdk::parse_ticket_state(text_of(t, "status"));
            if (!created || !status) continue;
            all_tickets.push_back(Ticket{text_of(t, "order_id"), text_of(t, "code"), *status, *created});
        }
    }
    auto due = deadlines(policy, calendar, decision, all_tickets, seller);
    const Timestamp now = context.clock();

    // The span the page draws: every instant it shows, and now.
    Timestamp lo = now;
    Timestamp hi = now;
    auto widen = [&](std::optional<Timestamp> t) {
        if (!t) return;
        lo = std::min(lo, *t);
        hi = std::max(hi, *t);
    };
    for (const auto& d : due) {
        widen(d.from);
        widen(d.at);
    }
    for (const auto& t : all_tickets) widen(t.created_at);
    widen(order.next_check_at);
    widen(time_of(the_case, "platform_updated_at"));
    for (const auto& s : *snapshots) {
        auto shipment = parse_object(s.shipment_json);
        if (!shipment || !shipment->isArray("events")) continue;
        auto events = shipment->getArray("events");
        for (std::size_t i = 0; i < events->size(); ++i)
            widen(time_of(events->getObject(static_cast<unsigned>(i)), "at"));
    }
    if (the_case && the_case->isArray("packages")) {
        auto packages = the_case->getArray("packages");
        for (std::size_t i = 0; i < packages->size(); ++i) {
            auto p = packages->getObject(static_cast<unsigned>(i));
            if (!p || !p->isArray("events")) continue;
            auto events = p->getArray("events");
            for (std::size_t j = 0; j < events->size(); ++j)
                widen(time_of(events->getObject(static_cast<unsigned>(j)), "at"));
        }
    }
    // Cap the span at a year back from its end, so one odd date does not flatten the drawing.
    lo = std::max(lo, hi - std::chrono::hours(24 * 366));

    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object();
    w.key("order").begin_object();
    w.field("order_key", order.order.key()).field("marketplace", order.order.marketplace);
    w.field("shop_id", order.order.shop_id).field("order_id", order.order.order_id);
    w.key("action").value_or_null(order.action);
    w.key("rule").value_or_null(order.rule);
    time_or_null(w, "next_check_at", order.next_check_at);
    time_or_null(w, "decided_at", order.decided_at);
    w.key("region").value_or_null(region);
    w.key("time_zone").value_or_null(calendar ? calendar->time_zone() : std::string());
    w.key("shipping_type").value_or_null(text_of(the_case, "shipping_type"));
    w.key("platform_status").value_or_null(text_of(the_case, "platform_status"));
    time_or_null(w, "platform_updated_at", time_of(the_case, "platform_updated_at"));
    w.end_object();
    w.field("now", sdk::format_utc_seconds(now));
    w.key("range").begin_object();
    w.field("start", sdk::format_utc_seconds(lo)).field("end", sdk::format_utc_seconds(hi));
    w.end_object();
    raw_or_null(w, "case", order.order_json);
    raw_or_null(w, "decision", order.decision_json);
    w.key("packages").begin_array();
    for (const auto& s : *snapshots) {
        w.begin_object().field("package", s.package).field("carrier", s.carrier);
        w.field("tracking_number", s.tracking_number);
        w.field("fetched_at", sdk::format_utc_seconds(s.fetched_at));
        raw_or_null(w, "shipment", s.shipment_json);
        w.end_object();
    }
    w.end_array();
    w.key("deadlines").begin_array();
    for (const auto& d : due) {
        w.begin_object().field("kind", d.kind).key("package").value_or_null(d.package);
        w.field("rule", d.rule).field("basis", d.basis);
        w.field("from", sdk::format_utc_seconds(d.from)).field("at", sdk::format_utc_seconds(d.at));
        w.field("passed", d.at < now).end_object();
    }
    w.end_array();
    w.key("non_business_days");
    if (calendar)
        non_business(w, *calendar, lo - std::chrono::hours(24), hi + std::chrono::hours(24));
    else
        w.begin_array().end_array();
    w.key("disputes").begin_array();
    for (const auto& d : *disputes) write_json(w, d);
    w.end_array();
    w.key("history").begin_array();
    for (const auto& h : *history) {
        w.begin_object().field("action", h.action).field("rule", h.rule);
        time_or_null(w, "next_check_at", h.next_check_at);
        w.field("decided_at", sdk::format_utc_seconds(h.decided_at)).end_object();
    }
    w.end_array().end_object();
    return api_json(200, std::move(body));
}

}  // namespace

void add_stats_routes(ApiRouter& router, ServeContext& context) {
    router.add("GET", "/v1/stats", Scope::kRead,
               [&context](const ApiRequest& request) { return stats(context, request); });
    router.add("GET", "/v1/events", Scope::kRead,
               [&context](const ApiRequest& request) { return events(context, request); });
    router.add("GET", "/v1/search", Scope::kRead,
               [&context](const ApiRequest& request) { return search(context, request); });
    router.add("GET", "/v1/orders/{order_key}/timeline", Scope::kRead,
               [&context](const ApiRequest& request) { return timeline(context, request); });
}

}  // namespace unstuck::core
