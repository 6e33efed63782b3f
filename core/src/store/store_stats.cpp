// The case store's figures for the dashboard: counts by action, rule and dispute state, the next checks,
// decisions and filings per time bucket, the decisions recorded since a point in the history, and orders by
// their order id alone.
#include <algorithm>

#include "store/case_store_impl.hpp"

namespace unstuck::core {
namespace {

std::vector<StoreCounts::Count> grouped(Session& s, const std::string& sql, bool with_backend) {
    Statement select(s);
    select << sql;
    select.execute();
    Rows rows(select);
    std::vector<StoreCounts::Count> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
        StoreCounts::Count c;
        c.name = rows.text(r, 0);
        std::size_t col = 1;
        if (with_backend) c.backend = rows.text(r, col++);
        c.count = static_cast<std::uint64_t>(rows.integer(r, col).value_or(0));
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<OrderRecord> order_rows(Statement& select) {
    select.execute();
    Rows rows(select);
    std::vector<OrderRecord> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_order(rows, r));
    return out;
}

}  // namespace

Result<StoreCounts> CaseStore::counts() {
    return impl_->read<StoreCounts>("counting orders and disputes", [&](Session& s) -> Result<StoreCounts> {
        StoreCounts counts;
        counts.by_action = grouped(s,
                                   "SELECT action, COUNT(*) FROM orders WHERE action IS NOT NULL"
                                   " GROUP BY action ORDER BY COUNT(*) DESC, action",
                                   false);
        counts.by_rule = grouped(s,
                                 "SELECT rule, COUNT(*) FROM orders WHERE rule IS NOT NULL"
                                 " GROUP BY rule ORDER BY COUNT(*) DESC, rule",
                                 false);
        counts.disputes = grouped(s,
                                  "SELECT state, backend, COUNT(*) FROM disputes"
                                  " GROUP BY state, backend ORDER BY state, backend",
                                  true);
        return counts;
    });
}

Result<std::vector<OrderRecord>> CaseStore::next_checks(std::size_t limit) {
    return impl_->read<std::vector<OrderRecord>>(
        "listing the next checks", [&](Session& s) -> Result<std::vector<OrderRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kOrderColumns +
                          " FROM orders WHERE next_check_at IS NOT NULL ORDER BY next_check_at, order_key"
                          " LIMIT " +
                          std::to_string(row_limit(std::max<std::size_t>(limit, 1)));
            return order_rows(select);
        });
}

Result<std::vector<ActivityBucket>> CaseStore::activity(Timestamp from, std::chrono::seconds bucket,
                                                        std::size_t count) {
    const Poco::Int64 size = std::max<Poco::Int64>(bucket.count(), 1) * 1000000;
    const Poco::Int64 start = micros(from);
    const Poco::Int64 end = start + size * static_cast<Poco::Int64>(count);
    return impl_->read<std::vector<ActivityBucket>>(
        "counting decisions and filings", [&](Session& s) -> Result<std::vector<ActivityBucket>> {
            std::vector<ActivityBucket> out(count);
            for (std::size_t i = 0; i < count; ++i)
                out[i].start = from_micros(start + size * static_cast<Poco::Int64>(i));
            auto tally = [&](const char* table, const char* column, std::uint64_t ActivityBucket::*field) {
                Statement select(s);
                const std::string t = column;
                select << "SELECT b, COUNT(*) FROM (SELECT (" + t + " - $1) / $2 AS b FROM " + table +
                              " WHERE " + t + " >= $3 AND " + t + " < $4) AS buckets GROUP BY b",
                    bind(start), bind(size), bind(start), bind(end);
                select.execute();
                Rows rows(select);
                for (std::size_t r = 0; r < rows.size(); ++r) {
                    auto index = rows.integer(r, 0).value_or(-1);
                    if (index < 0 || static_cast<std::size_t>(index) >= count) continue;
                    out[static_cast<std::size_t>(index)].*field +=
                        static_cast<std::uint64_t>(rows.integer(r, 1).value_or(0));
                }
            };
            tally("decisions", "decided_at", &ActivityBucket::decisions);
            tally("disputes", "created_at", &ActivityBucket::filings);
            return out;
        });
}

Result<std::vector<DecisionEvent>> CaseStore::decisions_after(std::int64_t after_id, std::size_t limit) {
    return impl_->read<std::vector<DecisionEvent>>(
        "listing recent decisions", [&](Session& s) -> Result<std::vector<DecisionEvent>> {
            Statement select(s);
            Poco::Int64 after = after_id;
            select << "SELECT d.id, o.marketplace, o.shop_id, o.order_id, d.action, d.rule, d.next_check_at,"
                      " d.decided_at FROM decisions d JOIN orders o ON o.order_key = d.order_key"
                      " WHERE d.id > $1 ORDER BY d.id LIMIT " +
                          std::to_string(row_limit(std::max<std::size_t>(limit, 1))),
                bind(after);
            select.execute();
            Rows rows(select);
            std::vector<DecisionEvent> out;
            out.reserve(rows.size());
            for (std::size_t r = 0; r < rows.size(); ++r) {
                DecisionEvent e;
                e.id = rows.integer(r, 0).value_or(0);
                e.order = {rows.text(r, 1), rows.text(r, 2), rows.text(r, 3)};
                e.action = rows.text(r, 4);
                e.rule = rows.text(r, 5);
                e.next_check_at = rows.time(r, 6);
                e.decided_at = rows.time(r, 7).value_or(Timestamp{});
                out.push_back(std::move(e));
            }
            return out;
        });
}

Result<std::int64_t> CaseStore::latest_decision_id() {
    return impl_->read<std::int64_t>("reading the latest decision", [&](Session& s) -> Result<std::int64_t> {
        Statement select(s);
        select << "SELECT MAX(id) FROM decisions";
        select.execute();
        Rows rows(select);
        return rows.size() == 0 ? 0 : rows.integer(0, 0).value_or(0);
    });
}

Result<std::vector<OrderRecord>> CaseStore::orders_with_id(std::string_view order_id) {
    return impl_->read<std::vector<OrderRecord>>(
        "finding orders by order id", [&](Session& s) -> Result<std::vector<OrderRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kOrderColumns +
                          " FROM orders WHERE order_id = $1 ORDER BY order_key LIMIT 100",
                bind(std::string(order_id));
            return order_rows(select);
        });
}

}  // namespace unstuck::core
