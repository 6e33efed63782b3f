// The case store's orders: decisions recorded with their snapshots, looked up, their history, the due ones.
#include <algorithm>
#include <numeric>

#include "store/case_store_impl.hpp"

namespace unstuck::core {

sdk::Status CaseStore::record_decision(const DecisionRecord& record) {
    return record_decisions(std::span(&record, 1));
}

sdk::Status CaseStore::record_decisions(std::span<const DecisionRecord> records) {
    if (records.empty()) return {};
    for (const auto& r : records)
        if (r.order.order_id.empty())
            return Error{impl_->description + ": recording a decision: no order id"};
    // Rows are locked in key order so that hosts writing overlapping batches never deadlock.
    std::vector<std::size_t> order(records.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<std::string> keys;
    keys.reserve(records.size());
    for (const auto& r : records) keys.push_back(r.order.key());
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });

    auto done = impl_->write<Done>("recording decisions", [&](Session& s) -> Result<Done> {
        for (auto i : order) {
            const auto& r = records[i];
            const auto& key = keys[i];
            // The history gets an entry when the decision differs from the order's latest.
            Poco::Nullable<std::string> previous;
            s << "SELECT decision_json FROM orders WHERE order_key = $1", bind(key), into(previous), now;
            s << "INSERT INTO orders (order_key, marketplace, shop_id, order_id, action, rule, next_check_at,"
                 " decision_json, order_json, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
                 " ON CONFLICT (order_key) DO UPDATE SET action = excluded.action, rule = excluded.rule,"
                 " next_check_at = excluded.next_check_at, decision_json = excluded.decision_json,"
                 " order_json = COALESCE(excluded.order_json, orders.order_json),"
                 " decided_at = excluded.decided_at",
                bind(key), bind(r.order.marketplace), bind(r.order.shop_id), bind(r.order.order_id),
                bind(r.action), bind(r.rule), bind(nullable(r.next_check_at)), bind(r.decision_json),
                bind(nullable(r.order_json)), bind(micros(r.decided_at)), now;
            if (previous.isNull() || previous.value() != r.decision_json)
                s << "INSERT INTO decisions (order_key, action, rule, next_check_at, decision_json, "
                     "decided_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6)",
                    bind(key), bind(r.action), bind(r.rule), bind(nullable(r.next_check_at)),
                    bind(r.decision_json), bind(micros(r.decided_at)), now;
            for (const auto& snap : r.snapshots)
                s << "INSERT INTO tracking_snapshots (order_key, package, carrier, tracking_number,"
                     " shipment_json, fetched_at) VALUES ($1, $2, $3, $4, $5, $6)"
                     " ON CONFLICT (order_key, package) DO UPDATE SET carrier = excluded.carrier,"
                     " tracking_number = excluded.tracking_number, shipment_json = excluded.shipment_json,"
                     " fetched_at = excluded.fetched_at",
                    bind(key), bind(snap.package), bind(snap.carrier), bind(snap.tracking_number),
                    bind(snap.shipment_json), bind(micros(snap.fetched_at)), now;
            if (!r.packages.empty()) {
                s << "DELETE FROM order_packages WHERE order_key = $1", bind(key), now;
                for (const auto& p : r.packages)
                    s << "INSERT INTO order_packages (order_key, package, tracking_number, carrier)"
                         " VALUES ($1, $2, $3, $4) ON CONFLICT (order_key, package) DO UPDATE SET"
                         " tracking_number = excluded.tracking_number, carrier = excluded.carrier",
                        bind(key), bind(p.package), bind(p.tracking_number), bind(p.carrier), now;
            }
        }
        return Done{};
    });
    return status_of(done);
}

sdk::Status CaseStore::save_snapshots(const OrderRef& order, std::span<const TrackingSnapshot> snapshots) {
    auto key = order.key();
    return status_of(impl_->write<Done>("saving tracking snapshots", [&](Session& s) -> Result<Done> {
        std::vector<std::string> known;
        s << "SELECT order_key FROM orders WHERE order_key = $1", bind(key), into(known), now;
        if (known.empty())
            return Error{impl_->description + ": saving tracking snapshots: order " + key +
                         " is not in the store"};
        for (const auto& snap : snapshots)
            s << "INSERT INTO tracking_snapshots (order_key, package, carrier, tracking_number,"
                 " shipment_json, fetched_at) VALUES ($1, $2, $3, $4, $5, $6)"
                 " ON CONFLICT (order_key, package) DO UPDATE SET carrier = excluded.carrier,"
                 " tracking_number = excluded.tracking_number, shipment_json = excluded.shipment_json,"
                 " fetched_at = excluded.fetched_at",
                bind(key), bind(snap.package), bind(snap.carrier), bind(snap.tracking_number),
                bind(snap.shipment_json), bind(micros(snap.fetched_at)), now;
        return Done{};
    }));
}

Result<std::optional<OrderRecord>> CaseStore::find_order(const OrderRef& order) {
    return impl_->read<std::optional<OrderRecord>>(
        "reading an order", [&](Session& s) -> Result<std::optional<OrderRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kOrderColumns + " FROM orders WHERE order_key = $1",
                bind(order.key());
            select.execute();
            Rows rows(select);
            if (rows.size() == 0) return std::optional<OrderRecord>();
            return std::optional(read_order(rows, 0));
        });
}

Result<std::vector<HistoryEntry>> CaseStore::history(const OrderRef& order) {
    return impl_->read<std::vector<HistoryEntry>>(
        "reading decision history", [&](Session& s) -> Result<std::vector<HistoryEntry>> {
            Statement select(s);
            select << "SELECT action, rule, next_check_at, decision_json, decided_at FROM decisions"
                      " WHERE order_key = $1 ORDER BY id",
                bind(order.key());
            select.execute();
            Rows rows(select);
            std::vector<HistoryEntry> out;
            for (std::size_t r = 0; r < rows.size(); ++r)
                out.push_back({rows.text(r, 0), rows.text(r, 1), rows.time(r, 2), rows.text(r, 3),
                               rows.time(r, 4).value_or(Timestamp{})});
            return out;
        });
}

Result<std::vector<TrackingSnapshot>> CaseStore::snapshots(const OrderRef& order) {
    return impl_->read<std::vector<TrackingSnapshot>>(
        "reading tracking snapshots", [&](Session& s) -> Result<std::vector<TrackingSnapshot>> {
            Statement select(s);
            select << "SELECT package, carrier, tracking_number, shipment_json, fetched_at FROM "
                      "tracking_snapshots"
                      " WHERE order_key = $1 ORDER BY package",
                bind(order.key());
            select.execute();
            Rows rows(select);
            std::vector<TrackingSnapshot> out;
            for (std::size_t r = 0; r < rows.size(); ++r)
                out.push_back({rows.text(r, 0), rows.text(r, 1), rows.text(r, 2), rows.text(r, 3),
                               rows.time(r, 4).value_or(Timestamp{})});
            return out;
        });
}

Result<std::vector<OrderRecord>> CaseStore::due_orders(Timestamp at, std::size_t limit) {
    return impl_->read<std::vector<OrderRecord>>(
        "reading due orders", [&](Session& s) -> Result<std::vector<OrderRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kOrderColumns +
                          " FROM orders WHERE next_check_at IS NOT NULL AND next_check_at <= $1"
                          " ORDER BY next_check_at, order_key LIMIT $2",
                bind(micros(at)), bind(row_limit(limit));
            select.execute();
            Rows rows(select);
            std::vector<OrderRecord> out;
            for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_order(rows, r));
            return out;
        });
}

}  // namespace unstuck::core
