// The embedded SQLite store and the host config's `store` section.

#include <gtest/gtest.h>

#include <fstream>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/store/case_store.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::HostConfig;
using core::StoreBackend;
using core::StoreOptions;
using namespace Poco::Data::Keywords;

sdk::Result<StoreOptions> options_from(const std::string& json, const std::filesystem::path& base) {
    auto config = HostConfig::parse(json, base);
    if (!config) return config.error();
    return config->store;
}

TEST(StoreOptionsTest, DefaultsToUnstuckDbBesideTheConfig) {
    auto options = options_from("{}", "/etc/unstuck");
    ASSERT_TRUE(options) << options.error().message;
    EXPECT_EQ(options->backend, StoreBackend::kSqlite);
    EXPECT_EQ(options->sqlite_file, std::filesystem::path("/etc/unstuck/unstuck.db"));
    EXPECT_EQ(options->pool_size, 8u);
    EXPECT_TRUE(options->host_id.empty()) << "filled in by open()";
}

TEST(StoreOptionsTest, ReadsEveryKey) {
    auto options = options_from(R"({"store": {"sqlite": "state/cases.db", "busy_timeout_ms": 2500,
                                              "pool_size": 3, "claim_lease_s": 90, "host_id": "worker-7"}})",
                                "/etc/unstuck");
    ASSERT_TRUE(options) << options.error().message;
    EXPECT_EQ(options->sqlite_file, std::filesystem::path("/etc/unstuck/state/cases.db"));
    EXPECT_EQ(options->busy_timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(options->pool_size, 3u);
    EXPECT_EQ(options->claim_lease, std::chrono::seconds(90));
    EXPECT_EQ(options->host_id, "worker-7");

    options = options_from(R"({"store": {"sqlite": "/var/lib/unstuck/unstuck.db"}})", "/etc/unstuck");
    ASSERT_TRUE(options);
    EXPECT_EQ(options->sqlite_file, std::filesystem::path("/var/lib/unstuck/unstuck.db"));

    options =
        options_from(R"({"store": {"postgresql": "host=db.internal dbname=unstuck user=unstuck"}})", "/x");
    ASSERT_TRUE(options) << options.error().message;
    EXPECT_EQ(options->backend, StoreBackend::kPostgresql);
    EXPECT_EQ(options->postgresql, "host=db.internal dbname=unstuck user=unstuck");
}

TEST(StoreOptionsTest, ErrorsNameTheKey) {
    struct Case {
        const char* json;
        const char* error;
    };
    for (const auto& c : std::vector<Case>{
             {R"({"store": 5})", "store: expected an object"},
             {R"({"store": {"sqlite": 5}})", "store.sqlite: expected a string"},
             {R"({"store": {"sqlite": ""}})", "store.sqlite: expected a file name"},
             {R"({"store": {"postgresql": ""}})", "store.postgresql: expected a connection string"},
             {R"({"store": {"sqlite": "a.db", "postgresql": "host=x"}})", "not both"},
             {R"({"store": {"postgresql": "postgresql://u@db/unstuck"}})",
              "store.postgresql: give keyword=value pairs"},
             {R"({"store": {"postgresql": "host=db options='-c x=y'"}})", "store.postgresql: quoted values"},
             {R"({"store": {"sqllite": "a.db"}})", "store.sqllite: unknown key"},
             {R"({"store": {"pool_size": 0}})", "store.pool_size: must be at least 1"},
             {R"({"store": {"busy_timeout_ms": "5s"}})", "store.busy_timeout_ms: expected an integer"},
             {R"({"store": {"claim_lease_s": 0}})", "store.claim_lease_s: must be at least 1"},
             {R"({"store": {"host_id": 1}})", "store.host_id: expected a string"},
         }) {
        auto options = options_from(c.json, "/etc/unstuck");
        ASSERT_FALSE(options) << c.json;
        EXPECT_NE(options.error().message.find(c.error), std::string::npos)
            << c.json << " -> " << options.error().message;
    }
}

TEST(SqliteStoreTest, CreatesTheFileInWalMode) {
    TempDir dir;
    auto options = options_from("{}", dir.path());
    ASSERT_TRUE(options);
    auto store = CaseStore::open(*options);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "unstuck.db"));
    EXPECT_EQ((*store)->describe(), "sqlite:" + (dir.path() / "unstuck.db").string());
    EXPECT_FALSE((*store)->options().host_id.empty());
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session session("SQLite", (dir.path() / "unstuck.db").string());
    std::string mode;
    session << "PRAGMA journal_mode", into(mode), now;
    EXPECT_EQ(mode, "wal");
}

TEST(SqliteStoreTest, AMissingFolderIsOneClearLine) {
    TempDir dir;
    auto file = dir.path() / "no-such-folder" / "unstuck.db";
    auto store = CaseStore::open(StoreOptions::sqlite(file));
    ASSERT_FALSE(store);
    EXPECT_EQ(store.error().message, "sqlite:" + file.string() + ": cannot open: the folder " +
                                         file.parent_path().string() + " does not exist");
}

TEST(SqliteStoreTest, AFileThatIsNoDatabaseIsOneClearLine) {
    TempDir dir;
    auto file = dir.path() / "unstuck.db";
    std::ofstream(file) << "these are not the orders you are looking for\n" << std::string(4096, 'x');
    auto store = CaseStore::open(StoreOptions::sqlite(file));
    ASSERT_FALSE(store);
    const auto& message = store.error().message;
    EXPECT_EQ(message.rfind("sqlite:" + file.string() + ": ", 0), 0u) << message;
    EXPECT_NE(message.find("not a database"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(PostgresStoreTest, AnUnreachableServerIsOneClearLineWithoutThePassword) {
    auto store = CaseStore::open(StoreOptions::postgres(
        "host=127.0.0.1 port=1 dbname=unstuck user=unstuck password=hunter2 connect_timeout=5"));
    ASSERT_FALSE(store);
    const auto& message = store.error().message;
    EXPECT_EQ(message.rfind("postgresql:host=127.0.0.1 port=1 dbname=unstuck user=unstuck password=*** ", 0),
              0u)
        << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
    EXPECT_NE(message.find("Connection refused"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

}  // namespace
}  // namespace unstuck::test
