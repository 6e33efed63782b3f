#include "unstuck/core/store/case_store.hpp"

#include <regex>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Environment.h>

#include "store/case_store_impl.hpp"
#include "store/store_schema.hpp"
#include "unstuck/core/policy/decision_writer.hpp"

namespace unstuck::core {
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
    for (const auto& p : order.packages) {
        if (p.tracking_number.empty()) continue;
        auto carrier = !p.carrier.empty() ? p.carrier : p.raw ? p.raw->carrier : std::string();
        record.packages.push_back({p.ref(), p.tracking_number, std::move(carrier)});
    }
    return record;
}

namespace {

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

}  // namespace unstuck::core
