// The case store's claims: which host works an order now.
#include <algorithm>
#include <numeric>

#include "store/case_store_impl.hpp"

namespace unstuck::core {

Result<std::vector<bool>> CaseStore::claim_orders(std::span<const OrderRef> orders, Timestamp at,
                                                  std::optional<Timestamp> skip_decided_since) {
    if (impl_->sqlite()) return std::vector<bool>(orders.size(), true);
    std::vector<std::size_t> order(orders.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::vector<std::string> keys;
    keys.reserve(orders.size());
    for (const auto& o : orders) keys.push_back(o.key());
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return keys[a] < keys[b]; });
    const auto until = micros(at + impl_->options.claim_lease);
    const auto since =
        skip_decided_since ? micros(*skip_decided_since) : std::numeric_limits<Poco::Int64>::max();
    return impl_->write<std::vector<bool>>("claiming orders", [&](Session& s) -> Result<std::vector<bool>> {
        std::vector<bool> claimed(orders.size(), false);
        for (auto i : order) {
            const auto& o = orders[i];
            std::vector<std::string> got;
            s << "INSERT INTO orders (order_key, marketplace, shop_id, order_id, claimed_by, claimed_until)"
                 " VALUES ($1, $2, $3, $4, $5, $6)"
                 " ON CONFLICT (order_key) DO UPDATE SET claimed_by = excluded.claimed_by,"
                 " claimed_until = excluded.claimed_until"
                 " WHERE (orders.claimed_by IS NULL OR orders.claimed_by = excluded.claimed_by"
                 " OR orders.claimed_until < $7) AND (orders.decided_at IS NULL OR orders.decided_at < $8)"
                 " RETURNING order_key",
                bind(keys[i]), bind(o.marketplace), bind(o.shop_id), bind(o.order_id),
                bind(impl_->options.host_id), bind(until), bind(micros(at)), bind(since), into(got), now;
            claimed[i] = !got.empty();
        }
        return claimed;
    });
}

Result<std::vector<OrderRecord>> CaseStore::claim_due(Timestamp at, std::size_t limit) {
    if (impl_->sqlite()) return due_orders(at, limit);
    const auto until = micros(at + impl_->options.claim_lease);
    return impl_->write<std::vector<OrderRecord>>(
        "claiming due orders", [&](Session& s) -> Result<std::vector<OrderRecord>> {
            // Rows another host is claiming right now are skipped, not waited for.
            std::vector<std::string> keys;
            s << "SELECT order_key FROM orders WHERE next_check_at IS NOT NULL AND next_check_at <= $1"
                 " AND (claimed_by IS NULL OR claimed_until < $2)"
                 " ORDER BY next_check_at, order_key LIMIT $3 FOR UPDATE SKIP LOCKED",
                bind(micros(at)), bind(micros(at)), bind(row_limit(limit)), into(keys), now;
            std::vector<OrderRecord> out;
            for (const auto& key : keys) {
                Statement update(s);
                update << std::string(
                              "UPDATE orders SET claimed_by = $1, claimed_until = $2 WHERE order_key = $3"
                              " RETURNING ") +
                              kOrderColumns,
                    bind(impl_->options.host_id), bind(until), bind(key);
                update.execute();
                Rows rows(update);
                for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_order(rows, r));
            }
            return out;
        });
}

sdk::Status CaseStore::release_claims(std::span<const OrderRef> orders) {
    if (impl_->sqlite() || orders.empty()) return {};
    std::vector<std::string> keys;
    for (const auto& o : orders) keys.push_back(o.key());
    std::sort(keys.begin(), keys.end());
    return status_of(impl_->write<Done>("releasing claims", [&](Session& s) -> Result<Done> {
        for (const auto& key : keys)
            s << "UPDATE orders SET claimed_by = NULL, claimed_until = NULL WHERE order_key = $1 AND "
                 "claimed_by = $2",
                bind(key), bind(impl_->options.host_id), now;
        return Done{};
    }));
}

}  // namespace unstuck::core
