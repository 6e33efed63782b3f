#include "unstuck/core/config/store_options.hpp"

#include <Poco/Environment.h>
#include <Poco/Exception.h>

#include "util/json_fields.hpp"

namespace unstuck::core {

using sdk::Error;
using sdk::Result;

std::string_view to_string(StoreBackend backend) noexcept {
    return backend == StoreBackend::kSqlite ? "sqlite" : "postgresql";
}

StoreOptions StoreOptions::sqlite(std::filesystem::path file) {
    StoreOptions options;
    options.backend = StoreBackend::kSqlite;
    options.sqlite_file = std::move(file);
    return options;
}

StoreOptions StoreOptions::postgres(std::string connection) {
    StoreOptions options;
    options.backend = StoreBackend::kPostgresql;
    options.postgresql = std::move(connection);
    return options;
}

Result<StoreOptions> StoreOptions::from_json(const Poco::JSON::Object::Ptr& store,
                                             const std::filesystem::path& base_dir) {
    StoreOptions options = sqlite(base_dir / "unstuck.db");
    if (!store) return options;
    JsonFields f(*store, "store");
    if (auto s = f.only({"sqlite", "postgresql", "busy_timeout_ms", "pool_size", "claim_lease_s", "host_id"});
        !s)
        return Error{s.message()};
    if (store->has("sqlite") && store->has("postgresql"))
        return Error{"store: give either store.sqlite or store.postgresql, not both"};
    if (store->has("sqlite")) {
        auto file = f.string("sqlite", "");
        if (!file) return std::move(file).error();
        if (file->empty()) return Error{"store.sqlite: expected a file name"};
        std::filesystem::path path(*file);
        options.sqlite_file = (path.is_absolute() ? path : base_dir / path).lexically_normal();
    } else if (store->has("postgresql")) {
        auto connection = f.string("postgresql", "");
        if (!connection) return std::move(connection).error();
        if (connection->empty())
            return Error{
                "store.postgresql: expected a connection string, e.g. \"host=127.0.0.1 dbname=unstuck\""};
        // The connector reads `keyword=value` pairs split at spaces: no URIs, no quoted values.
        if (connection->rfind("postgres://", 0) == 0 || connection->rfind("postgresql://", 0) == 0)
            return Error{
                "store.postgresql: give keyword=value pairs (\"host=... dbname=... user=...\"), not a URI"};
        if (connection->find_first_of("'\"") != std::string::npos)
            return Error{
                "store.postgresql: quoted values are not supported; give keyword=value pairs without spaces"};
        options.backend = StoreBackend::kPostgresql;
        options.sqlite_file.clear();
        options.postgresql = *connection;
    }
    auto busy = f.integer("busy_timeout_ms", options.busy_timeout.count(), 0);
    if (!busy) return std::move(busy).error();
    options.busy_timeout = std::chrono::milliseconds(*busy);
    auto pool = f.integer("pool_size", static_cast<std::int64_t>(options.pool_size), 1);
    if (!pool) return std::move(pool).error();
    options.pool_size = static_cast<std::size_t>(*pool);
    auto lease = f.integer("claim_lease_s", options.claim_lease.count(), 1);
    if (!lease) return std::move(lease).error();
    options.claim_lease = std::chrono::seconds(*lease);
    auto host = f.string("host_id", "");
    if (!host) return std::move(host).error();
    options.host_id = *host;
    return options;
}

}  // namespace unstuck::core
