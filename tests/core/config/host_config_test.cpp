#include <gtest/gtest.h>

#include <fstream>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"

namespace unstuck::core {
namespace {

TEST(HostConfig, ReadsEverySectionAndResolvesPathsAgainstTheFile) {
    auto config = HostConfig::parse(R"({
        "plugin_dirs": ["plugins", "/opt/unstuck/plugins"],
        "plugins": {"ups": {"base_url": "http://127.0.0.1:1"}},
        "secrets": {"ups": {"client_id": "id-123", "client_secret": "s3cret"}},
        "log": {"level": "debug", "json": true},
        "http": {"read_timeout_ms": 500, "max_attempts": 2, "plugins": {"ups": {"requests_per_second": 5}}},
        "policy": "policies/mine.json"})",
                                    "/etc/unstuck");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->plugin_dirs,
              (std::vector<std::filesystem::path>{"/etc/unstuck/plugins", "/opt/unstuck/plugins"}));
    EXPECT_EQ(config->plugin_configs.at("ups")->getValue<std::string>("base_url"), "http://127.0.0.1:1");
    EXPECT_EQ(config->secrets.at("ups").at("client_secret"), "s3cret");
    EXPECT_EQ(config->log.level, "debug");
    EXPECT_TRUE(config->log.json);
    EXPECT_EQ(config->http.read_timeout.count(), 500);
    EXPECT_EQ(config->http.max_attempts, 2);
    // Per-plugin HTTP settings start from the defaults of the document.
    EXPECT_EQ(config->http_for("ups").requests_per_second, 5);
    EXPECT_EQ(config->http_for("ups").read_timeout.count(), 500);
    EXPECT_EQ(config->http_for("fedex").requests_per_second, 0);
    EXPECT_EQ(config->policy_file, "/etc/unstuck/policies/mine.json");
}

struct BadCase {
    const char* json;
    const char* error;
};

class BadHostConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadHostConfig, IsOneLineNamingThePath) {
    auto config = HostConfig::parse(GetParam().json, "/tmp");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadHostConfig,
    ::testing::Values(
        BadCase{R"({"plugin_dir": []})",
                "plugin_dir: unknown key (known: http, log, plugin_dirs, plugins, policy, routes, secrets, "
                "serve, store, "
                "sweep)"},
        BadCase{R"({"plugin_dirs": ["a", 3]})", "plugin_dirs[1]: expected a string"},
        BadCase{R"({"plugins": {"ups": 3}})", "plugins.ups: expected an object"},
        BadCase{R"({"secrets": {"ups": {"client_id": 5}}})", "secrets.ups.client_id: expected a string"},
        BadCase{R"({"log": {"level": "loud"}})",
                R"(log.level: "loud" is not one of trace, debug, info, warn, error, off)"},
        BadCase{R"({"http": {"read_timeout_ms": -1}})", "http.read_timeout_ms: must be at least 0"},
        BadCase{R"({"http": {"plugins": {"ups": {"burst": "many"}}}})",
                "http.plugins.ups.burst: expected an integer"},
        BadCase{R"({"http": {"retry_after_max_ms": "1m"}})", "http.retry_after_max_ms: expected an integer"},
        BadCase{R"({"http": {"plugins": 3}})", "http.plugins: expected an object"},
        // Every section is read when the file is: a bad one stops whichever command loads it.
        BadCase{R"({"sweep": {"batch_size": "x"}})", "sweep.batch_size: expected an integer"},
        BadCase{R"({"sweep": {"workers": 3}})",
                "sweep.workers: unknown key (known: aggregator, batch_size, carrier_plugins, concurrency, "
                "detect, evidence_dir, evidence_roots, marketplaces)"},
        BadCase{R"({"store": {"pool_size": 0}})", "store.pool_size: must be at least 1"},
        BadCase{R"({"store": {"sqlite": "a.db", "pool": 3}})",
                "store.pool: unknown key (known: busy_timeout_ms, claim_lease_s, host_id, pool_size, "
                "postgresql, sqlite)"},
        BadCase{R"({"store": "a.db"})", "store: expected an object"},
        BadCase{R"({"routes": [{"backend": "outbox", "shops": "1"}]})",
                "routes[0].shops: unknown key (known: backend, code, marketplace, shop_id)"},
        BadCase{R"({"log": {"format": "json"}})", "log.format: unknown key (known: json, level)"},
        BadCase{R"([1, 2])", "expected a JSON object at the top"}));

TEST(HostConfig, ReadsTheStoreRoutesAndSweepSectionsAtLoad) {
    auto config = HostConfig::parse(R"({
        "store": {"sqlite": "state/cases.db", "pool_size": 3},
        "routes": [{"code": "pick_up_issues.picked_up_not_updated", "backend": "jira-sm"}, {"backend": "outbox"}],
        "sweep": {"batch_size": 16, "evidence_roots": ["chats"]}})",
                                    "/etc/unstuck");
    ASSERT_TRUE(config.ok()) << config.error().message;
    EXPECT_EQ(config->store.backend, StoreBackend::kSqlite);
    EXPECT_EQ(config->store.sqlite_file, "/etc/unstuck/state/cases.db");
    EXPECT_EQ(config->store.pool_size, 3u);
    ASSERT_EQ(config->routes.routes.size(), 2u);
    EXPECT_EQ(config->routes.routes[0].backend, "jira-sm");
    EXPECT_EQ(config->routes.routes[0].codes,
              (std::vector<std::string>{"pick_up_issues.picked_up_not_updated"}));
    EXPECT_EQ(config->routes.routes[1].where, "routes[1]");
    EXPECT_EQ(config->sweep.batch_size, 16u);
    EXPECT_EQ(config->sweep.evidence_roots, (std::vector<std::filesystem::path>{"/etc/unstuck/chats"}));

    auto defaults = HostConfig::parse("{}", "/etc/unstuck");
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->store.sqlite_file, "/etc/unstuck/unstuck.db");
    EXPECT_TRUE(defaults->routes.routes.empty());
    EXPECT_EQ(defaults->sweep.evidence_dir, "/etc/unstuck/evidence");
    EXPECT_EQ(defaults->http.retry_after_max.count(), 60000);
}

TEST(HostConfig, MalformedJsonSaysSo) {
    auto config = HostConfig::parse("{\"log\": ", "/tmp");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message.rfind("malformed JSON: ", 0), 0u) << config.error().message;
}

TEST(HostConfig, LoadNamesTheFileAndTheKeyOfABadSection) {
    test::TempDir tmp;
    const auto file = tmp.path() / "unstuck.json";
    std::ofstream(file) << R"({"sweep": {"batch_size": "x"}})";
    auto config = HostConfig::load(file);
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, file.string() + ": sweep.batch_size: expected an integer");
}

TEST(HostConfig, LoadNamesTheFile) {
    auto config = HostConfig::load("/nonexistent/unstuck.json");
    ASSERT_FALSE(config.ok());
    EXPECT_EQ(config.error().message, "/nonexistent/unstuck.json: cannot read");
}

}  // namespace
}  // namespace unstuck::core
