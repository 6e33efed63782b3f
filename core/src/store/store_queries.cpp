// The case store's paged lists (orders, disputes, keyset pagination) and the lookup of orders by tracking
// number through the package index.
#include <algorithm>

#include "store/case_store_impl.hpp"
#include "store/store_cursors.hpp"

namespace unstuck::core {
namespace {

// A WHERE clause built condition by condition; each bound value gets the next `$N` placeholder.
class Filter {
  public:
    // Binds `value` and names its placeholder.
    std::string text(std::string value) {
        texts_.push_back(std::move(value));
        integer_.push_back(false);
        return placeholder();
    }
    std::string integer(Poco::Int64 value) {
        integers_.push_back(value);
        integer_.push_back(true);
        return placeholder();
    }
    void require(const std::string& condition) { conditions_.push_back(condition); }

    std::string where() const {
        std::string sql;
        for (const auto& c : conditions_) sql += (sql.empty() ? " WHERE " : " AND ") + c;
        return sql;
    }
    void bind_all(Statement& statement) const {
        std::size_t t = 0;
        std::size_t i = 0;
        for (bool integer : integer_) {
            if (integer)
                statement.addBind(bind(integers_[i++]));
            else
                statement.addBind(bind(texts_[t++]));
        }
    }

  private:
    std::string placeholder() const { return "$" + std::to_string(integer_.size()); }

    std::vector<std::string> conditions_;
    std::vector<bool> integer_;
    std::vector<std::string> texts_;
    std::vector<Poco::Int64> integers_;
};

std::size_t page_size(std::size_t limit) {
    return std::clamp<std::size_t>(limit, 1, 100000);
}

}  // namespace

Result<OrderPage> CaseStore::list_orders(const OrderQuery& query, std::size_t limit,
                                         std::string_view cursor) {
    std::optional<std::string> after;
    if (!cursor.empty()) {
        after = parse_order_cursor(cursor);
        if (!after) return Error{"cursor: not a cursor of the order list"};
    }
    auto size = page_size(limit);
    Filter filter;
    if (!query.action.empty()) filter.require("action = " + filter.text(query.action));
    if (!query.rule.empty()) filter.require("rule = " + filter.text(query.rule));
    if (query.due_before)
        filter.require("next_check_at IS NOT NULL AND next_check_at <= " +
                       filter.integer(micros(*query.due_before)));
    if (after) filter.require("order_key > " + filter.text(*after));
    return impl_->read<OrderPage>("listing orders", [&](Session& s) -> Result<OrderPage> {
        Statement select(s);
        // One row more than the page tells whether another page follows.
        select << std::string("SELECT ") + kOrderColumns + " FROM orders" + filter.where() +
                      " ORDER BY order_key LIMIT " + std::to_string(size + 1);
        filter.bind_all(select);
        select.execute();
        Rows rows(select);
        OrderPage page;
        auto n = std::min(rows.size(), size);
        page.orders.reserve(n);
        for (std::size_t r = 0; r < n; ++r) page.orders.push_back(read_order(rows, r));
        if (rows.size() > size) page.next_cursor = order_cursor(page.orders.back().order.key());
        return page;
    });
}

Result<DisputePage> CaseStore::list_disputes(const DisputeQuery& query, std::size_t limit,
                                             std::string_view cursor) {
    std::optional<DisputeCursor> after;
    if (!cursor.empty()) {
        after = parse_dispute_cursor(cursor);
        if (!after) return Error{"cursor: not a cursor of the dispute list"};
    }
    auto size = page_size(limit);
    Filter filter;
    if (query.state) filter.require("state = " + filter.text(std::string(to_string(*query.state))));
    if (!query.backend.empty()) filter.require("backend = " + filter.text(query.backend));
    if (!query.order_key.empty()) filter.require("order_key = " + filter.text(query.order_key));
    if (after) {
        auto later = "created_at > " + filter.integer(after->created_at_us);
        auto same = "created_at = " + filter.integer(after->created_at_us);
        filter.require("(" + later + " OR (" + same + " AND dispute_key > " + filter.text(after->key) + "))");
    }
    return impl_->read<DisputePage>("listing disputes", [&](Session& s) -> Result<DisputePage> {
        Statement select(s);
        select << std::string("SELECT ") + kDisputeColumns + " FROM disputes" + filter.where() +
                      " ORDER BY created_at, dispute_key LIMIT " + std::to_string(size + 1);
        filter.bind_all(select);
        select.execute();
        Rows rows(select);
        DisputePage page;
        auto n = std::min(rows.size(), size);
        page.disputes.reserve(n);
        for (std::size_t r = 0; r < n; ++r) page.disputes.push_back(read_dispute(rows, r));
        if (rows.size() > size) {
            const auto& last = page.disputes.back();
            page.next_cursor = dispute_cursor({micros(last.created_at), last.key});
        }
        return page;
    });
}

Result<std::vector<OrderRecord>> CaseStore::orders_with_tracking(std::string_view tracking_number) {
    return impl_->read<std::vector<OrderRecord>>(
        "finding orders by tracking number", [&](Session& s) -> Result<std::vector<OrderRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kOrderColumns +
                          " FROM orders WHERE order_key IN (SELECT order_key FROM order_packages"
                          " WHERE tracking_number = $1) ORDER BY order_key",
                bind(std::string(tracking_number));
            select.execute();
            Rows rows(select);
            std::vector<OrderRecord> out;
            out.reserve(rows.size());
            for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_order(rows, r));
            return out;
        });
}

}  // namespace unstuck::core
