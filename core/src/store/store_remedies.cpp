// The case store's seller-shipped remedies: PENDING rows begun once, applied, rejected, attempts.
#include "store/case_store_impl.hpp"
#include "unstuck/core/store/pod_update_json.hpp"

namespace unstuck::core {

std::string_view to_string(RemedyState state) noexcept {
    switch (state) {
        case RemedyState::kPending:
            return "PENDING";
        case RemedyState::kApplied:
            return "APPLIED";
        case RemedyState::kRejected:
            return "REJECTED";
    }
    return "PENDING";
}

std::optional<RemedyState> parse_remedy_state(std::string_view name) noexcept {
    if (name == "PENDING") return RemedyState::kPending;
    if (name == "APPLIED") return RemedyState::kApplied;
    if (name == "REJECTED") return RemedyState::kRejected;
    return std::nullopt;
}

namespace {

constexpr const char* kRemedyColumns =
    "remedy_key, order_key, marketplace, shop_id, order_id, package_id, plugin, state, attempts, last_error, "
    "proof_url, request_json, created_at, updated_at";

RemedyRecord read_remedy(const Rows& rows, std::size_t r) {
    RemedyRecord m;
    m.key = rows.text(r, 0);
    m.order_key = rows.text(r, 1);
    m.marketplace = rows.text(r, 2);
    m.shop_id = rows.text(r, 3);
    m.order_id = rows.text(r, 4);
    m.package_id = rows.text(r, 5);
    m.plugin = rows.text(r, 6);
    m.state = parse_remedy_state(rows.text(r, 7)).value_or(RemedyState::kPending);
    m.attempts = static_cast<int>(rows.integer(r, 8).value_or(0));
    m.last_error = rows.text(r, 9);
    m.proof_url = rows.text(r, 10);
    m.request_json = rows.text(r, 11);
    m.created_at = rows.time(r, 12).value_or(Timestamp{});
    m.updated_at = rows.time(r, 13).value_or(Timestamp{});
    return m;
}

// The remedies a WHERE clause (one text parameter, or none) selects, oldest first.
std::vector<RemedyRecord> select_remedies(Session& s, const std::string& where, const std::string* value) {
    Statement select(s);
    std::string sql = std::string("SELECT ") + kRemedyColumns + " FROM remedies" +
                      (where.empty() ? "" : " WHERE " + where) + " ORDER BY created_at, remedy_key";
    if (value)
        select << sql, bind(*value);
    else
        select << sql;
    select.execute();
    Rows rows(select);
    std::vector<RemedyRecord> out;
    out.reserve(rows.size());
    for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_remedy(rows, r));
    return out;
}

std::optional<RemedyRecord> select_remedy(Session& s, const std::string& key) {
    auto found = select_remedies(s, "remedy_key = $1", &key);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

// Explains why a transition did not apply to `key`.
Error not_applied(const std::string& description, std::string_view key,
                  const std::optional<RemedyRecord>& found, std::string_view wanted) {
    std::string where = description + ": remedy " + std::string(key);
    if (!found) return Error{where + ": not in the store"};
    return Error{where + ": is " + std::string(to_string(found->state)) + ", cannot " + std::string(wanted)};
}

}  // namespace

Result<RemedyBegin> CaseStore::begin_remedy(const sdk::PodUpdate& update, std::string_view plugin,
                                            Timestamp at) {
    if (update.key.empty()) return Error{impl_->description + ": beginning a remedy: the update has no key"};
    if (plugin.empty())
        return Error{impl_->description + ": beginning remedy " + update.key +
                     ": no marketplace plugin named"};
    OrderRef order{update.marketplace, update.shop_id, update.order_id};
    auto json = to_json(update);
    return impl_->write<RemedyBegin>(
        "beginning remedy " + update.key, [&](Session& s) -> Result<RemedyBegin> {
            // The unique key decides: a concurrent writer of the same key waits here and then inserts
            // nothing.
            std::vector<std::string> inserted;
            s << "INSERT INTO remedies (remedy_key, order_key, marketplace, shop_id, order_id, package_id, "
                 "plugin,"
                 " state, attempts, request_json, created_at, updated_at)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', 0, $8, $9, $10)"
                 " ON CONFLICT (remedy_key) DO NOTHING RETURNING remedy_key",
                bind(update.key), bind(order.key()), bind(order.marketplace), bind(order.shop_id),
                bind(order.order_id), bind(update.package_id), bind(std::string(plugin)), bind(json),
                bind(micros(at)), bind(micros(at)), into(inserted), now;
            auto record = select_remedy(s, update.key);
            if (!record)
                return Error{impl_->description + ": remedy " + update.key + " vanished while beginning it"};
            return RemedyBegin{!inserted.empty(), std::move(*record)};
        });
}

Result<std::optional<RemedyRecord>> CaseStore::find_remedy(std::string_view key) {
    return impl_->read<std::optional<RemedyRecord>>("reading a remedy",
                                                    [&](Session& s) -> Result<std::optional<RemedyRecord>> {
                                                        return select_remedy(s, std::string(key));
                                                    });
}

sdk::Status CaseStore::mark_remedy_applied(std::string_view key, std::string_view proof_url, Timestamp at) {
    return status_of(impl_->write<Done>("marking a remedy applied", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE remedies SET state = 'APPLIED', proof_url = $1, attempts = attempts + 1,"
             " last_error = NULL, updated_at = $2 WHERE remedy_key = $3 AND state = 'PENDING'"
             " RETURNING remedy_key",
            bind(nullable(proof_url)), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) return Done{};
        auto found = select_remedy(s, std::string(key));
        if (found && found->state == RemedyState::kApplied) return Done{};
        return not_applied(impl_->description, key, found, "mark it APPLIED");
    }));
}

sdk::Status CaseStore::mark_remedy_rejected(std::string_view key, std::string_view reason, Timestamp at) {
    return status_of(impl_->write<Done>("marking a remedy rejected", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE remedies SET state = 'REJECTED', last_error = $1, attempts = attempts + 1, updated_at = "
             "$2"
             " WHERE remedy_key = $3 AND state = 'PENDING' RETURNING remedy_key",
            bind(nullable(reason)), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) return Done{};
        auto found = select_remedy(s, std::string(key));
        if (found && found->state == RemedyState::kRejected && found->last_error == reason) return Done{};
        return not_applied(impl_->description, key, found, "mark it REJECTED");
    }));
}

sdk::Status CaseStore::record_remedy_failure(std::string_view key, std::string_view error, Timestamp at) {
    return status_of(impl_->write<Done>("recording a failed remedy attempt", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE remedies SET attempts = attempts + 1, last_error = $1, updated_at = $2"
             " WHERE remedy_key = $3 AND state = 'PENDING' RETURNING remedy_key",
            bind(nullable(error)), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) return Done{};
        return not_applied(impl_->description, key, select_remedy(s, std::string(key)),
                           "record a failed attempt");
    }));
}

Result<std::vector<RemedyRecord>> CaseStore::pending_remedies() {
    return impl_->read<std::vector<RemedyRecord>>("listing pending remedies",
                                                  [&](Session& s) -> Result<std::vector<RemedyRecord>> {
                                                      const std::string state = "PENDING";
                                                      return select_remedies(s, "state = $1", &state);
                                                  });
}

Result<std::vector<RemedyRecord>> CaseStore::remedies_of(const OrderRef& order) {
    return impl_->read<std::vector<RemedyRecord>>("reading remedies",
                                                  [&](Session& s) -> Result<std::vector<RemedyRecord>> {
                                                      const std::string key = order.key();
                                                      return select_remedies(s, "order_key = $1", &key);
                                                  });
}

}  // namespace unstuck::core
