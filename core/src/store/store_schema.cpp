#include "store/store_schema.hpp"

namespace unstuck::core {

// Every instant is a BIGINT of microseconds since 1970-01-01T00:00:00Z (UTC); every text is TEXT. The only
// dialect difference is the auto-increment key of the history, written `{id}`. Never edit a released step:
// add a migration.
std::span<const StoreMigration> store_migrations() {
    static const std::vector<StoreMigration> migrations{
        {1,
         "orders, decision history and tracking snapshots",
         {
             "CREATE TABLE orders ("
             " order_key TEXT PRIMARY KEY,"  // {marketplace}:{shop_id}:{order_id}
             " marketplace TEXT NOT NULL,"
             " shop_id TEXT NOT NULL,"
             " order_id TEXT NOT NULL,"
             " action TEXT,"  // null while claimed but never decided
             " rule TEXT,"
             " next_check_at BIGINT,"
             " decision_json TEXT,"
             " order_json TEXT,"
             " decided_at BIGINT)",
             "CREATE INDEX orders_next_check_at ON orders (next_check_at)",
             "CREATE TABLE decisions ("
             " id {id},"
             " order_key TEXT NOT NULL REFERENCES orders (order_key) ON DELETE CASCADE,"
             " action TEXT NOT NULL,"
             " rule TEXT NOT NULL,"
             " next_check_at BIGINT,"
             " decision_json TEXT NOT NULL,"
             " decided_at BIGINT NOT NULL)",
             "CREATE INDEX decisions_order_key ON decisions (order_key, id)",
             "CREATE TABLE tracking_snapshots ("
             " order_key TEXT NOT NULL REFERENCES orders (order_key) ON DELETE CASCADE,"
             " package TEXT NOT NULL,"
             " carrier TEXT NOT NULL,"
             " tracking_number TEXT NOT NULL,"
             " shipment_json TEXT NOT NULL,"
             " fetched_at BIGINT NOT NULL,"
             " PRIMARY KEY (order_key, package))",
         }},
        {2,
         "disputes under their unique keys",
         {
             "CREATE TABLE disputes ("
             " dispute_key TEXT NOT NULL,"
             " order_key TEXT NOT NULL,"
             " marketplace TEXT NOT NULL,"
             " shop_id TEXT NOT NULL,"
             " order_id TEXT NOT NULL,"
             " code TEXT NOT NULL,"
             " backend TEXT NOT NULL,"
             " state TEXT NOT NULL CHECK (state IN ('PENDING', 'FILED', 'REJECTED')),"
             " remote_id TEXT,"
             " remote_url TEXT,"
             " reason TEXT,"
             " attempts INTEGER NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " remote_state TEXT CHECK (remote_state IN ('OPEN', 'PENDING', 'SOLVED', 'CLOSED')),"
             " request_json TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL,"
             " CONSTRAINT disputes_dispute_key UNIQUE (dispute_key))",
             "CREATE INDEX disputes_order_key ON disputes (order_key)",
             "CREATE INDEX disputes_state ON disputes (state, created_at)",
         }},
        {3,
         "order claims for hosts sharing one database",
         {
             "ALTER TABLE orders ADD COLUMN claimed_by TEXT",
             "ALTER TABLE orders ADD COLUMN claimed_until BIGINT",
         }},
        {4,
         "package index by tracking number, order list filters",
         {
             "CREATE TABLE order_packages ("
             " order_key TEXT NOT NULL REFERENCES orders (order_key) ON DELETE CASCADE,"
             " package TEXT NOT NULL,"
             " tracking_number TEXT NOT NULL,"
             " carrier TEXT NOT NULL,"
             " PRIMARY KEY (order_key, package))",
             "CREATE INDEX order_packages_tracking_number ON order_packages (tracking_number)",
             // The orders decided before this version: their snapshots name their packages.
             "INSERT INTO order_packages (order_key, package, tracking_number, carrier)"
             " SELECT order_key, package, tracking_number, carrier FROM tracking_snapshots"
             " WHERE tracking_number <> ''",
             "CREATE INDEX orders_action ON orders (action, order_key)",
             "CREATE INDEX orders_rule ON orders (rule, order_key)",
             "CREATE INDEX disputes_created_at ON disputes (created_at, dispute_key)",
         }},
        {5,
         "due orders in claim order",
         {
             // claim_due and due_orders read the due orders by (next_check_at, order_key): with this index
             // a batch is read in order, not sorted out of every order due at the same instant.
             "CREATE INDEX orders_due ON orders (next_check_at, order_key)",
             "DROP INDEX orders_next_check_at",
         }},
        {6,
         "dispute state history",
         {
             "CREATE TABLE dispute_events ("
             " id {id},"
             " dispute_key TEXT NOT NULL REFERENCES disputes (dispute_key) ON DELETE CASCADE,"
             " state TEXT NOT NULL,"  // PENDING, FILED, REJECTED, RETRY, or the synced remote state
             " detail TEXT,"          // the remote id, the refusal, the error of a failed attempt
             " at BIGINT NOT NULL)",
             "CREATE INDEX dispute_events_dispute_key ON dispute_events (dispute_key, id)",
             // The disputes of earlier versions: their creation, and the state they stand in.
             "INSERT INTO dispute_events (dispute_key, state, detail, at)"
             " SELECT dispute_key, 'PENDING', NULL, created_at FROM disputes",
             "INSERT INTO dispute_events (dispute_key, state, detail, at)"
             " SELECT dispute_key, state, COALESCE(remote_id, reason), updated_at FROM disputes"
             " WHERE state <> 'PENDING'",
         }},
        {7,
         "marketplace cursors and seller-shipped remedies",
         {
             "CREATE TABLE marketplace_cursors ("
             " plugin TEXT NOT NULL,"
             " shop_id TEXT NOT NULL,"
             " cursor TEXT NOT NULL,"
             " updated_at BIGINT NOT NULL,"
             " PRIMARY KEY (plugin, shop_id))",
             "CREATE TABLE remedies ("
             " remedy_key TEXT NOT NULL,"  // {marketplace}:{shop_id}:{order_id}:{package_id}:pod
             " order_key TEXT NOT NULL,"
             " marketplace TEXT NOT NULL,"
             " shop_id TEXT NOT NULL,"
             " order_id TEXT NOT NULL,"
             " package_id TEXT NOT NULL,"
             " plugin TEXT NOT NULL,"
             " state TEXT NOT NULL CHECK (state IN ('PENDING', 'APPLIED', 'REJECTED')),"
             " attempts INTEGER NOT NULL DEFAULT 0,"
             " last_error TEXT,"
             " proof_url TEXT,"
             " request_json TEXT NOT NULL,"
             " created_at BIGINT NOT NULL,"
             " updated_at BIGINT NOT NULL,"
             " CONSTRAINT remedies_remedy_key UNIQUE (remedy_key))",
             "CREATE INDEX remedies_order_key ON remedies (order_key)",
             "CREATE INDEX remedies_state ON remedies (state, created_at)",
         }},
    };
    return migrations;
}

std::string store_sql(std::string_view step, StoreBackend backend) {
    static constexpr std::string_view kId = "{id}";
    std::string sql(step);
    if (auto at = sql.find(kId); at != std::string::npos)
        sql.replace(at, kId.size(),
                    backend == StoreBackend::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                     : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    return sql;
}

}  // namespace unstuck::core
