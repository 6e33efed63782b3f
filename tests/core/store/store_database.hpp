#pragma once
// Shared by the store tests: a fresh, empty database per test, in SQLite or in the PostgreSQL test server.

#include <gtest/gtest.h>

#include <unistd.h>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "support/test_paths.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {

enum class StoreKind { kSqlite, kPostgresql };

inline std::string store_kind_name(const ::testing::TestParamInfo<StoreKind>& info) {
    return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgresql";
}

//! The test server's connection string: `UNSTUCK_TEST_POSTGRES`, else the file the ctest fixture writes
//! (scripts/postgres-test-server.sh start <build>/postgres-test); empty when neither is there.
inline std::string postgres_test_connection() {
    if (const char* env = std::getenv("UNSTUCK_TEST_POSTGRES"); env && *env) return env;
    std::ifstream in(std::filesystem::path(UNSTUCK_BINARY_DIR) / "postgres-test" / "connection");
    std::string line;
    std::getline(in, line);
    return line;
}

//! One fresh database: a file in a TempDir (SQLite) or a new schema in the test server (PostgreSQL), dropped
//! afterwards.
class StoreDatabase {
  public:
    explicit StoreDatabase(StoreKind kind) : kind_(kind) {
        Poco::Data::SQLite::Connector::registerConnector();
        Poco::Data::PostgreSQL::Connector::registerConnector();
        if (kind_ == StoreKind::kSqlite) {
            dir_.emplace();
            return;
        }
        server_ = postgres_test_connection();
        if (server_.empty()) return;
        static std::atomic<int> counter{0};
        std::random_device random;
        schema_ = "store_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                  std::to_string(random() % 1000000);
        admin_.emplace("PostgreSQL", server_);
        using namespace Poco::Data::Keywords;
        *admin_ << "SET client_min_messages = warning", now;
        *admin_ << "CREATE SCHEMA " + schema_, now;
    }
    ~StoreDatabase() {
        if (admin_) {
            try {
                using namespace Poco::Data::Keywords;
                *admin_ << "DROP SCHEMA " + schema_ + " CASCADE", now;
            } catch (...) {
            }
        }
    }
    StoreDatabase(const StoreDatabase&) = delete;
    StoreDatabase& operator=(const StoreDatabase&) = delete;

    //! Why this database cannot be had here, or empty.
    std::string unavailable() const {
        if (kind_ == StoreKind::kPostgresql && server_.empty())
            return "no PostgreSQL test server: run through ctest (fixture postgres) or set "
                   "UNSTUCK_TEST_POSTGRES";
        return {};
    }
    StoreKind kind() const noexcept { return kind_; }
    bool sqlite() const noexcept { return kind_ == StoreKind::kSqlite; }

    //! Options for a store on this database, as host `host_id`.
    core::StoreOptions options(const std::string& host_id = "host-a") const {
        auto options = sqlite() ? core::StoreOptions::sqlite(dir_->path() / "unstuck.db")
                                : core::StoreOptions::postgres(server_ + " options=-csearch_path=" + schema_);
        options.host_id = host_id;
        options.pool_size = 4;
        return options;
    }

    //! Opens a store on this database; fails the test when it cannot.
    std::unique_ptr<core::CaseStore> open(const std::string& host_id = "host-a") const {
        auto store = core::CaseStore::open(options(host_id));
        if (!store) {
            ADD_FAILURE() << store.error().message;
            return nullptr;
        }
        return std::move(*store);
    }

    //! Runs SQL on the database directly (outside the store).
    void execute(const std::string& sql) {
        using namespace Poco::Data::Keywords;
        auto s = session();
        s << sql, now;
    }
    //! A session of its own on the database.
    Poco::Data::Session session() {
        if (sqlite()) return Poco::Data::Session("SQLite", (dir_->path() / "unstuck.db").string());
        if (schema_.empty() || !admin_) throw std::runtime_error("no PostgreSQL test server");
        Poco::Data::Session s("PostgreSQL", server_);
        using namespace Poco::Data::Keywords;
        s << "SET search_path = " + schema_, now;
        return s;
    }

    const std::filesystem::path& folder() const { return dir_->path(); }

  private:
    StoreKind kind_;
    std::optional<TempDir> dir_;
    std::string server_;
    std::string schema_;
    std::optional<Poco::Data::Session> admin_;
};

}  // namespace unstuck::test
