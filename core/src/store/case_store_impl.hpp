#pragma once
// Private: what the case store's files share: its sessions and transactions (CaseStore::Impl), and the
// values, rows and errors as the database gives them.

#include <algorithm>
#include <cstddef>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

#include "store/store_sessions.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/ticket_state.hpp"

namespace unstuck::core {

using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::bind;
using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using sdk::Error;
using sdk::Result;
using sdk::Timestamp;

// --- Values as the database keeps them ---

inline Poco::Int64 micros(Timestamp t) {
    return t.time_since_epoch().count();
}
inline Timestamp from_micros(Poco::Int64 us) {
    return Timestamp(std::chrono::microseconds(us));
}

inline Poco::Nullable<Poco::Int64> nullable(const std::optional<Timestamp>& t) {
    return t ? Poco::Nullable<Poco::Int64>(micros(*t)) : Poco::Nullable<Poco::Int64>();
}
// Empty text is stored as NULL.
inline Poco::Nullable<std::string> nullable(std::string_view text) {
    return text.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(std::string(text));
}

// The rows of an executed statement, read by column index; NULL reads as empty text or no number.
class Rows {
  public:
    explicit Rows(const Statement& statement) : rs_(statement) {}
    std::size_t size() const { return rs_.rowCount(); }
    std::string text(std::size_t row, std::size_t col) const {
        return rs_.isNull(col, row) ? std::string() : rs_.value(col, row).convert<std::string>();
    }
    std::optional<Poco::Int64> integer(std::size_t row, std::size_t col) const {
        if (rs_.isNull(col, row)) return std::nullopt;
        return rs_.value(col, row).convert<Poco::Int64>();
    }
    std::optional<Timestamp> time(std::size_t row, std::size_t col) const {
        auto us = integer(row, col);
        return us ? std::optional(from_micros(*us)) : std::nullopt;
    }

  private:
    Poco::Data::RecordSet rs_;
};

inline constexpr const char* kOrderColumns =
    "marketplace, shop_id, order_id, action, rule, next_check_at, decision_json, order_json, decided_at";

inline OrderRecord read_order(const Rows& rows, std::size_t r) {
    OrderRecord o;
    o.order = {rows.text(r, 0), rows.text(r, 1), rows.text(r, 2)};
    o.action = rows.text(r, 3);
    o.rule = rows.text(r, 4);
    o.next_check_at = rows.time(r, 5);
    o.decision_json = rows.text(r, 6);
    o.order_json = rows.text(r, 7);
    o.decided_at = rows.time(r, 8);
    return o;
}

inline constexpr const char* kDisputeColumns =
    "dispute_key, marketplace, shop_id, order_id, code, backend, state, remote_id, remote_url, reason, "
    "attempts, "
    "last_error, remote_state, request_json, created_at, updated_at";

inline DisputeRecord read_dispute(const Rows& rows, std::size_t r) {
    DisputeRecord d;
    d.key = rows.text(r, 0);
    d.order = {rows.text(r, 1), rows.text(r, 2), rows.text(r, 3)};
    d.code = rows.text(r, 4);
    d.backend = rows.text(r, 5);
    d.state = parse_dispute_state(rows.text(r, 6)).value_or(DisputeState::kPending);
    d.remote_id = rows.text(r, 7);
    d.remote_url = rows.text(r, 8);
    d.reason = rows.text(r, 9);
    d.attempts = static_cast<int>(rows.integer(r, 10).value_or(0));
    d.last_error = rows.text(r, 11);
    d.remote_state = sdk::parse_ticket_state(rows.text(r, 12));
    d.request_json = rows.text(r, 13);
    d.created_at = rows.time(r, 14).value_or(Timestamp{});
    d.updated_at = rows.time(r, 15).value_or(Timestamp{});
    return d;
}

// One line of a database error: the connectors' messages span lines (PostgreSQL adds the statement).
inline std::string one_line(const std::string& message) {
    std::string out;
    for (char c : message) {
        if (c == '\n' || c == '\r') {
            if (!out.empty()) break;
            continue;
        }
        out += c == '\t' ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Thrown inside a transaction to roll it back with a message of our own.
struct Refused {
    std::string message;
};

struct CaseStore::Impl {
    StoreOptions options;
    std::string description;
    StoreSessions sessions;
    std::mutex sqlite_writer;  // SQLite takes one writer at a time: queue them here rather than in its lock

    Impl(StoreOptions o, std::string d, std::string connector, std::string connection)
        : options(std::move(o)),
          description(std::move(d)),
          sessions(std::move(connector), std::move(connection), options.pool_size, setup()) {}

    bool sqlite() const noexcept { return options.backend == StoreBackend::kSqlite; }

    StoreSessions::Setup setup() const {
        if (options.backend == StoreBackend::kSqlite) {
            auto busy_ms = options.busy_timeout.count();
            return [busy_ms](Session& s) {
                s << "PRAGMA busy_timeout = " + std::to_string(busy_ms), now;
                s << "PRAGMA foreign_keys = ON", now;
                s << "PRAGMA synchronous = NORMAL", now;
            };
        }
        auto busy_ms = options.busy_timeout.count();
        return [busy_ms](Session& s) {
            s << "SET client_min_messages = warning", now;
            s << "SET lock_timeout = " + std::to_string(busy_ms), now;
        };
    }

    Error failure(std::string_view what, const std::string& message) const {
        return Error{description + ": " + std::string(what) + ": " + one_line(message)};
    }

    // Runs `body(session)` in one transaction: committed when it returns a value, rolled back when it
    // returns an error or throws.
    template <typename T, typename Body>
    Result<T> write(std::string_view what, Body&& body) {
        std::unique_lock<std::mutex> serial;
        if (sqlite()) serial = std::unique_lock(sqlite_writer);
        std::optional<StoreSessions::Lease> lease;
        try {
            lease.emplace(sessions.acquire());
        } catch (const Poco::Exception& e) {
            return failure(what, e.displayText());
        } catch (const std::exception& e) {
            return failure(what, e.what());
        }
        Session& session = **lease;
        auto rollback = [&] {
            try {
                session << "ROLLBACK", now;
            } catch (...) {
                lease->discard();
            }
        };
        try {
            session << (sqlite() ? "BEGIN IMMEDIATE" : "BEGIN"), now;
        } catch (const Poco::Exception& e) {
            lease->discard();
            return failure(what, e.displayText());
        }
        try {
            Result<T> result = body(session);
            if (!result) {
                rollback();
                return result;
            }
            session << "COMMIT", now;
            return result;
        } catch (const Refused& r) {
            rollback();
            return Error{r.message};
        } catch (const Poco::Exception& e) {
            rollback();
            return failure(what, e.displayText());
        } catch (const std::exception& e) {
            rollback();
            return failure(what, e.what());
        }
    }

    // Runs `body(session)` outside a transaction (one statement reads a consistent snapshot).
    template <typename T, typename Body>
    Result<T> read(std::string_view what, Body&& body) {
        try {
            auto lease = sessions.acquire();
            try {
                return body(*lease);
            } catch (...) {
                lease.discard();
                throw;
            }
        } catch (const Poco::Exception& e) {
            return failure(what, e.displayText());
        } catch (const std::exception& e) {
            return failure(what, e.what());
        }
    }

    Result<int> migrate();
    std::optional<DisputeRecord> select_dispute(Session& s, const std::string& key);
};

// The value of a transaction that returns nothing but success.
struct Done {};
inline sdk::Status status_of(const Result<Done>& r) {
    return r ? sdk::Status() : sdk::Status(r.error());
}

// A LIMIT as the database takes it.
inline Poco::Int64 row_limit(std::size_t limit) {
    return static_cast<Poco::Int64>(std::min<std::size_t>(limit, std::numeric_limits<Poco::Int32>::max()));
}

}  // namespace unstuck::core
