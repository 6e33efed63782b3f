// The case store's disputes: tickets, PENDING rows begun once, filed, rejected, attempts, each change with
// its event in the dispute's history (store_dispute_events.cpp).
#include <algorithm>
#include <numeric>

#include "store/case_store_impl.hpp"
#include "store/store_dispute_events.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"

namespace unstuck::core {

Result<std::vector<Ticket>> CaseStore::tickets(const OrderRef& order) {
    return impl_->read<std::vector<Ticket>>(
        "reading tickets", [&](Session& s) -> Result<std::vector<Ticket>> {
            Statement select(s);
            select << "SELECT order_id, code, remote_state, created_at FROM disputes"
                      " WHERE order_key = $1 AND state <> 'REJECTED' ORDER BY created_at, dispute_key",
                bind(order.key());
            select.execute();
            Rows rows(select);
            std::vector<Ticket> out;
            for (std::size_t r = 0; r < rows.size(); ++r) {
                Ticket t;
                t.order_id = rows.text(r, 0);
                t.code = rows.text(r, 1);
                auto synced = sdk::parse_ticket_state(rows.text(r, 2));
                t.status = synced ? *synced : TicketStatus::kOpen;
                t.created_at = rows.time(r, 3).value_or(Timestamp{});
                out.push_back(std::move(t));
            }
            return out;
        });
}

Result<std::vector<DisputeRecord>> CaseStore::disputes_of(const OrderRef& order) {
    return impl_->read<std::vector<DisputeRecord>>(
        "reading disputes", [&](Session& s) -> Result<std::vector<DisputeRecord>> {
            Statement select(s);
            select << std::string("SELECT ") + kDisputeColumns +
                          " FROM disputes WHERE order_key = $1 ORDER BY created_at, dispute_key",
                bind(order.key());
            select.execute();
            Rows rows(select);
            std::vector<DisputeRecord> out;
            for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_dispute(rows, r));
            return out;
        });
}

Result<DisputeBegin> CaseStore::begin_dispute(const sdk::DisputeRequest& request, std::string_view backend,
                                              Timestamp at) {
    if (request.key.empty())
        return Error{impl_->description + ": beginning a dispute: the request has no key"};
    if (backend.empty())
        return Error{impl_->description + ": beginning dispute " + request.key +
                     ": no ticketing backend named"};
    OrderRef order{request.marketplace, request.shop_id, request.order_id};
    auto json = to_json(request);
    return impl_->write<DisputeBegin>(
        "beginning dispute " + request.key, [&](Session& s) -> Result<DisputeBegin> {
            // The unique key decides: a concurrent writer of the same key waits here and then inserts
            // nothing.
            std::vector<std::string> inserted;
            s << "INSERT INTO disputes (dispute_key, order_key, marketplace, shop_id, order_id, code, "
                 "backend, state,"
                 " attempts, request_json, created_at, updated_at)"
                 " VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', 0, $8, $9, $10)"
                 " ON CONFLICT (dispute_key) DO NOTHING RETURNING dispute_key",
                bind(request.key), bind(order.key()), bind(order.marketplace), bind(order.shop_id),
                bind(order.order_id), bind(request.code), bind(std::string(backend)), bind(json),
                bind(micros(at)), bind(micros(at)), into(inserted), now;
            if (!inserted.empty()) add_dispute_event(s, request.key, "PENDING", {}, at);
            auto record = impl_->select_dispute(s, request.key);
            if (!record)
                return Error{impl_->description + ": dispute " + request.key +
                             " vanished while beginning it"};
            return DisputeBegin{!inserted.empty(), std::move(*record)};
        });
}

Result<std::optional<DisputeRecord>> CaseStore::find_dispute(std::string_view key) {
    return impl_->read<std::optional<DisputeRecord>>("reading a dispute",
                                                     [&](Session& s) -> Result<std::optional<DisputeRecord>> {
                                                         return impl_->select_dispute(s, std::string(key));
                                                     });
}

namespace {

// Explains why a transition did not apply to `key`.
Error not_applied(const std::string& description, std::string_view key,
                  const std::optional<DisputeRecord>& found, std::string_view wanted) {
    std::string where = description + ": dispute " + std::string(key);
    if (!found) return Error{where + ": not in the store"};
    std::string state(to_string(found->state));
    if (found->state == DisputeState::kFiled) state += " as " + found->remote_id;
    return Error{where + ": is " + state + ", cannot " + std::string(wanted)};
}

}  // namespace

sdk::Status CaseStore::mark_filed(std::string_view key, const sdk::RemoteTicket& remote, Timestamp at) {
    if (remote.id.empty())
        return Error{impl_->description + ": dispute " + std::string(key) +
                     ": a filed dispute needs its remote id"};
    return status_of(impl_->write<Done>("marking a dispute filed", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE disputes SET state = 'FILED', remote_id = $1, remote_url = $2, attempts = attempts + 1,"
             " last_error = NULL, updated_at = $3 WHERE dispute_key = $4 AND state = 'PENDING'"
             " RETURNING dispute_key",
            bind(remote.id), bind(nullable(remote.url)), bind(micros(at)), bind(std::string(key)),
            into(changed), now;
        if (!changed.empty()) {
            add_dispute_event(s, std::string(key), "FILED", remote.id, at);
            return Done{};
        }
        auto found = impl_->select_dispute(s, std::string(key));
        if (found && found->state == DisputeState::kFiled && found->remote_id == remote.id) return Done{};
        return not_applied(impl_->description, key, found, "mark it FILED as " + remote.id);
    }));
}

sdk::Status CaseStore::mark_rejected(std::string_view key, std::string_view reason, Timestamp at) {
    return status_of(impl_->write<Done>("marking a dispute rejected", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE disputes SET state = 'REJECTED', reason = $1, attempts = attempts + 1, updated_at = $2"
             " WHERE dispute_key = $3 AND state = 'PENDING' RETURNING dispute_key",
            bind(std::string(reason)), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) {
            add_dispute_event(s, std::string(key), "REJECTED", reason, at);
            return Done{};
        }
        auto found = impl_->select_dispute(s, std::string(key));
        if (found && found->state == DisputeState::kRejected && found->reason == reason) return Done{};
        return not_applied(impl_->description, key, found, "mark it REJECTED");
    }));
}

sdk::Status CaseStore::record_attempt_failure(std::string_view key, std::string_view error, Timestamp at) {
    return status_of(impl_->write<Done>("recording a failed attempt", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE disputes SET attempts = attempts + 1, last_error = $1, updated_at = $2"
             " WHERE dispute_key = $3 AND state = 'PENDING' RETURNING dispute_key",
            bind(std::string(error)), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) {
            add_dispute_event(s, std::string(key), "RETRY", error, at);
            return Done{};
        }
        return not_applied(impl_->description, key, impl_->select_dispute(s, std::string(key)),
                           "record a failed attempt");
    }));
}

sdk::Status CaseStore::record_remote_state(std::string_view key, sdk::TicketState state, Timestamp at) {
    const std::string name(sdk::to_string(state));
    return status_of(impl_->write<Done>("recording a ticket state", [&](Session& s) -> Result<Done> {
        // A state that differs from the one synced before is a change of the history; on PostgreSQL a
        // concurrent sync of the same state waits for this row and then finds nothing to change.
        std::vector<std::string> changed;
        s << "UPDATE disputes SET remote_state = $1, updated_at = $2 WHERE dispute_key = $3 AND state = "
             "'FILED'"
             " AND (remote_state IS NULL OR remote_state <> $4) RETURNING dispute_key",
            bind(name), bind(micros(at)), bind(std::string(key)), bind(name), into(changed), now;
        if (!changed.empty()) {
            add_dispute_event(s, std::string(key), name, {}, at);
            return Done{};
        }
        s << "UPDATE disputes SET remote_state = $1, updated_at = $2 WHERE dispute_key = $3 AND state = "
             "'FILED'"
             " RETURNING dispute_key",
            bind(name), bind(micros(at)), bind(std::string(key)), into(changed), now;
        if (!changed.empty()) return Done{};
        return not_applied(impl_->description, key, impl_->select_dispute(s, std::string(key)),
                           "record the ticket's state (only a FILED dispute has one)");
    }));
}

Result<std::vector<DisputeRecord>> CaseStore::list_disputes(std::optional<DisputeState> state) {
    return impl_->read<std::vector<DisputeRecord>>(
        "listing disputes", [&](Session& s) -> Result<std::vector<DisputeRecord>> {
            Statement select(s);
            std::string sql = std::string("SELECT ") + kDisputeColumns + " FROM disputes";
            if (state) {
                select << sql + " WHERE state = $1 ORDER BY created_at, dispute_key",
                    bind(std::string(to_string(*state)));
            } else {
                select << sql + " ORDER BY created_at, dispute_key";
            }
            select.execute();
            Rows rows(select);
            std::vector<DisputeRecord> out;
            out.reserve(rows.size());
            for (std::size_t r = 0; r < rows.size(); ++r) out.push_back(read_dispute(rows, r));
            return out;
        });
}

}  // namespace unstuck::core
