#include "unstuck/core/store/case_store.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <numeric>
#include <regex>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>
#include <Poco/Environment.h>
#include <Poco/Exception.h>
#include <Poco/Nullable.h>

#include "store/store_schema.hpp"
#include "store/store_sessions.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"
#include "unstuck/core/policy/decision_writer.hpp"
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

std::string_view to_string(DisputeState state) noexcept {
    switch (state) {
        case DisputeState::kPending:
            return "PENDING";
        case DisputeState::kFiled:
            return "FILED";
        case DisputeState::kRejected:
            return "REJECTED";
    }
    return "PENDING";
}

std::optional<DisputeState> parse_dispute_state(std::string_view name) noexcept {
    if (name == "PENDING") return DisputeState::kPending;
    if (name == "FILED") return DisputeState::kFiled;
    if (name == "REJECTED") return DisputeState::kRejected;
    return std::nullopt;
}

OrderRef OrderRef::of(const OrderCase& order) {
    return {order.marketplace, order.shop_id, order.order_id};
}

std::string OrderRef::key() const {
    return marketplace + ":" + shop_id + ":" + order_id;
}

DecisionRecord DecisionRecord::of(const OrderCase& order, const Decision& decision, Timestamp decided_at) {
    DecisionRecord record;
    record.order = OrderRef::of(order);
    record.action = std::string(to_string(decision.action));
    record.rule = decision.rule.name();
    record.next_check_at = decision.next_check_at;
    record.decision_json = to_json(decision);
    record.decided_at = decided_at;
    return record;
}

namespace {

// --- Values as the database keeps them ---

Poco::Int64 micros(Timestamp t) {
    return t.time_since_epoch().count();
}
Timestamp from_micros(Poco::Int64 us) {
    return Timestamp(std::chrono::microseconds(us));
}

Poco::Nullable<Poco::Int64> nullable(const std::optional<Timestamp>& t) {
    return t ? Poco::Nullable<Poco::Int64>(micros(*t)) : Poco::Nullable<Poco::Int64>();
}
// Empty text is stored as NULL.
Poco::Nullable<std::string> nullable(std::string_view text) {
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

constexpr const char* kOrderColumns =
    "marketplace, shop_id, order_id, action, rule, next_check_at, decision_json, order_json, decided_at";

OrderRecord read_order(const Rows& rows, std::size_t r) {
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

constexpr const char* kDisputeColumns =
    "dispute_key, marketplace, shop_id, order_id, code, backend, state, remote_id, remote_url, reason, "
    "attempts, "
    "last_error, remote_state, request_json, created_at, updated_at";

DisputeRecord read_dispute(const Rows& rows, std::size_t r) {
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
std::string one_line(const std::string& message) {
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

std::string without_password(const std::string& connection) {
    static const std::regex keyword(R"((password\s*=\s*)('[^']*'|\S+))", std::regex::icase);
    static const std::regex uri(R"((://[^:/@]*:)[^@]*@)");
    return std::regex_replace(std::regex_replace(connection, keyword, "$1***"), uri, "$1***@");
}

void register_connectors() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
    });
}

// Thrown inside a transaction to roll it back with a message of our own.
struct Refused {
    std::string message;
};

}  // namespace

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

namespace {
struct Done {};
sdk::Status status_of(const Result<Done>& r) {
    return r ? sdk::Status() : sdk::Status(r.error());
}
}  // namespace

Result<int> CaseStore::Impl::migrate() {
    auto latest = CaseStore::latest_schema_version();
    return write<int>("migrating the schema", [&](Session& s) -> Result<int> {
        // Hosts that open a new PostgreSQL database at once take turns here; SQLite's writer lock does it.
        if (!sqlite()) {
            int locked = 0;
            s << "SELECT 1 FROM (SELECT pg_advisory_xact_lock(7243001)) AS migration_lock", into(locked), now;
        }
        s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
             " description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            now;
        Poco::Int64 current = 0;
        s << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(current), now;
        if (current > latest)
            return Error{description + ": the database's schema is version " + std::to_string(current) +
                         ", newer than this unstuck knows (" + std::to_string(latest) +
                         "); use the unstuck that wrote it or a newer one"};
        auto applied_at =
            micros(std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()));
        for (const auto& migration : store_migrations()) {
            if (migration.version <= current) continue;
            for (auto step : migration.steps) {
                try {
                    s << store_sql(step, options.backend), now;
                } catch (const Poco::Exception& e) {
                    throw Refused{description + ": migration " + std::to_string(migration.version) + " (" +
                                  std::string(migration.description) +
                                  ") failed: " + one_line(e.displayText())};
                }
            }
            s << "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)",
                bind(migration.version), bind(std::string(migration.description)), bind(applied_at), now;
        }
        return latest;
    });
}

std::optional<DisputeRecord> CaseStore::Impl::select_dispute(Session& s, const std::string& key) {
    Statement select(s);
    select << std::string("SELECT ") + kDisputeColumns + " FROM disputes WHERE dispute_key = $1", bind(key);
    select.execute();
    Rows rows(select);
    if (rows.size() == 0) return std::nullopt;
    return read_dispute(rows, 0);
}

CaseStore::CaseStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CaseStore::~CaseStore() = default;

int CaseStore::latest_schema_version() noexcept {
    return store_migrations().back().version;
}
const StoreOptions& CaseStore::options() const noexcept {
    return impl_->options;
}
const std::string& CaseStore::describe() const noexcept {
    return impl_->description;
}

Result<std::unique_ptr<CaseStore>> CaseStore::open(const StoreOptions& given) {
    register_connectors();
    StoreOptions options = given;
    if (options.host_id.empty()) {
        try {
            options.host_id = Poco::Environment::nodeName();
        } catch (const Poco::Exception&) {
        }
        if (options.host_id.empty()) options.host_id = "unstuck";
    }
    std::string connector, connection, description;
    if (options.backend == StoreBackend::kSqlite) {
        if (options.sqlite_file.empty()) return Error{"store: no SQLite file given"};
        connector = "SQLite";
        connection = options.sqlite_file.string();
        description = "sqlite:" + connection;
        auto folder = options.sqlite_file.parent_path();
        std::error_code ec;
        if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
            return Error{description + ": cannot open: the folder " + folder.string() + " does not exist"};
    } else {
        if (options.postgresql.empty()) return Error{"store: no PostgreSQL connection string given"};
        connector = "PostgreSQL";
        connection = options.postgresql;
        description = "postgresql:" + without_password(connection);
    }
    auto impl = std::make_unique<Impl>(options, description, connector, connection);
    if (impl->sqlite()) {
        // WAL lets readers (e.g. `unstuck disputes`) run beside a sweep; it stays set in the file.
        auto wal = impl->read<Done>("cannot open", [&](Session& s) -> Result<Done> {
            std::string mode;
            s << "PRAGMA journal_mode = WAL", into(mode), now;
            if (mode != "wal")
                return Error{impl->description + ": cannot use WAL journaling (got " + mode + ")"};
            return Done{};
        });
        if (!wal) return std::move(wal).error();
    }
    if (auto migrated = impl->migrate(); !migrated) return std::move(migrated).error();
    return std::unique_ptr<CaseStore>(new CaseStore(std::move(impl)));
}

Result<int> CaseStore::schema_version() {
    return impl_->read<int>("reading the schema version", [&](Session& s) -> Result<int> {
        Poco::Int64 version = 0;
        s << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(version), now;
        return static_cast<int>(version);
    });
}

// --- Orders and decisions ---

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
        }
        return Done{};
    });
    return status_of(done);
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

namespace {
Poco::Int64 row_limit(std::size_t limit) {
    return static_cast<Poco::Int64>(std::min<std::size_t>(limit, std::numeric_limits<Poco::Int32>::max()));
}
}  // namespace

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

// --- Claims ---

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

// --- Disputes ---

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
        if (!changed.empty()) return Done{};
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
        if (!changed.empty()) return Done{};
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
        if (!changed.empty()) return Done{};
        return not_applied(impl_->description, key, impl_->select_dispute(s, std::string(key)),
                           "record a failed attempt");
    }));
}

sdk::Status CaseStore::record_remote_state(std::string_view key, sdk::TicketState state, Timestamp at) {
    return status_of(impl_->write<Done>("recording a ticket state", [&](Session& s) -> Result<Done> {
        std::vector<std::string> changed;
        s << "UPDATE disputes SET remote_state = $1, updated_at = $2 WHERE dispute_key = $3 AND state = "
             "'FILED'"
             " RETURNING dispute_key",
            bind(std::string(sdk::to_string(state))), bind(micros(at)), bind(std::string(key)), into(changed),
            now;
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
