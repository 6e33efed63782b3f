// The case store's schedule: when the next order is due, how many are, and re-checks put off.
#include <algorithm>

#include "store/case_store_impl.hpp"

namespace unstuck::core {

Result<std::optional<Timestamp>> CaseStore::next_check_time(Timestamp at) {
    return impl_->read<std::optional<Timestamp>>(
        "reading the next check time", [&](Session& s) -> Result<std::optional<Timestamp>> {
            // Walks the next_check_at index from its start; live claims are passed over (they come back
            // when released or lapsed).
            std::vector<Poco::Int64> first;
            s << "SELECT next_check_at FROM orders WHERE next_check_at IS NOT NULL"
                 " AND (claimed_by IS NULL OR claimed_until < $1) ORDER BY next_check_at LIMIT 1",
                bind(micros(at)), into(first), now;
            if (first.empty()) return std::optional<Timestamp>();
            return std::optional(from_micros(first.front()));
        });
}

Result<std::uint64_t> CaseStore::count_due(Timestamp at) {
    return impl_->read<std::uint64_t>("counting due orders", [&](Session& s) -> Result<std::uint64_t> {
        Poco::Int64 count = 0;
        s << "SELECT COUNT(*) FROM orders WHERE next_check_at IS NOT NULL AND next_check_at <= $1",
            bind(micros(at)), into(count), now;
        return static_cast<std::uint64_t>(std::max<Poco::Int64>(count, 0));
    });
}

sdk::Status CaseStore::defer_checks(std::span<const OrderRef> orders, Timestamp at, Timestamp until) {
    if (orders.empty()) return {};
    std::vector<std::string> keys;
    keys.reserve(orders.size());
    for (const auto& o : orders) keys.push_back(o.key());
    std::sort(keys.begin(), keys.end());  // one lock order for every host
    return status_of(impl_->write<Done>("putting off checks", [&](Session& s) -> Result<Done> {
        for (const auto& key : keys)
            s << "UPDATE orders SET next_check_at = $1 WHERE order_key = $2 AND next_check_at IS NOT NULL"
                 " AND next_check_at <= $3",
                bind(micros(until)), bind(key), bind(micros(at)), now;
        return Done{};
    }));
}

}  // namespace unstuck::core
