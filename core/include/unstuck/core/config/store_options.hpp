#pragma once
//! Where the case store lives and how it behaves: the host config's `store` section.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! The database behind the case store.
enum class StoreBackend : std::uint8_t {
    kSqlite,      //!< one embedded SQLite file (one host)
    kPostgresql,  //!< a PostgreSQL server (one or several hosts)
};

//! `sqlite` or `postgresql`.
std::string_view to_string(StoreBackend backend) noexcept;

//! The case store's settings. In the host config:
//! `{"store": {"sqlite": "unstuck.db"}}` or `{"store": {"postgresql": "host=... dbname=..."}}`, with the
//! optional keys `busy_timeout_ms`, `pool_size`, `claim_lease_s` and `host_id`.
struct StoreOptions {
    StoreBackend backend = StoreBackend::kSqlite;  //!< which database
    std::filesystem::path sqlite_file;             //!< SQLite: the database file
    std::string postgresql;  //!< PostgreSQL: libpq `keyword=value` pairs split at spaces (no URI, no quotes)
    std::chrono::milliseconds busy_timeout{10000};  //!< how long a call waits for a locked database
    std::size_t pool_size = 8;                      //!< most database sessions open at once
    std::chrono::seconds claim_lease{600};          //!< how long an order claim holds (PostgreSQL)
    std::string host_id;                            //!< this host's name in claims; default: the host name

    //! SQLite in `file` with the other settings at their defaults.
    static StoreOptions sqlite(std::filesystem::path file);
    //! PostgreSQL through `connection` with the other settings at their defaults.
    static StoreOptions postgres(std::string connection);

    //! Reads the `store` section of a host config. Without one (null): SQLite in `unstuck.db` in
    //! `base_dir`, the config's folder, against which relative file names resolve; errors name `store.<key>`.
    static sdk::Result<StoreOptions> from_json(const Poco::JSON::Object::Ptr& section,
                                               const std::filesystem::path& base_dir);
};

}  // namespace unstuck::core
