// `unstuck sweep --dry-run`: routes are needed only to file, so a dry run without them counts every dispute
// the policy prescribes as one it would file; with routes, a dry run still checks that one matches.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "support/run_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

// The fixture's config with its `routes` member replaced by `routes` (a member and its comma, or nothing).
void set_routes(const SweepFixture& fx, const std::string& routes) {
    std::string config = read_file(fx.config());
    const std::string fixture_routes = R"( "routes": [{"backend": "outbox"}],)";
    auto at = config.find(fixture_routes);
    ASSERT_NE(at, std::string::npos) << config;
    config.replace(at, fixture_routes.size(), routes);
    write_file(fx.config(), config);
}

std::int64_t count(const simdjson::dom::element& root, const char* section, const char* key) {
    std::int64_t v = -1;
    return root[section][key].get_int64().get(v) ? -1 : v;
}

ProcessResult dry_run(const SweepFixture& fx) {
    return run_host({"--config", fx.config().string(), "sweep", "--orders", fx.orders().string(), "--now",
                     kSweepNow, "--dry-run", "--json"});
}

TEST(SweepDryRun, WithoutRoutesEveryPrescribedDisputeWouldBeFiled) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(20);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox",
                    R"("outbox": {"dir": ")" + (tmp.path() / "outbox").string() + R"("})", "");
    set_routes(fx, "");
    ASSERT_EQ(read_file(fx.config()).find("routes"), std::string::npos);

    auto r = dry_run(fx);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(r.out).get(root)) << r.out;
    EXPECT_EQ(count(root, "orders", "decided"), 20);
    EXPECT_EQ(count(root, "disputes", "would_file"), 18);
    EXPECT_EQ(count(root, "disputes", "errors"), 0);
    EXPECT_FALSE(fs::exists(tmp.path() / "store.db"));
    EXPECT_FALSE(fs::exists(tmp.path() / "outbox"));

    // Without --dry-run the routes are still required.
    auto real = run_host({"--config", fx.config().string(), "sweep", "--orders", fx.orders().string()});
    EXPECT_EQ(real.exit_code, 2) << real.err;
    EXPECT_NE(real.err.find("routes: no routes"), std::string::npos) << real.err;
}

TEST(SweepDryRun, WithRoutesADisputeNoRouteMatchesIsStillAnError) {
    TempDir tmp;
    SweepFixture fx(tmp.path());
    fx.write_orders(10);
    fx.write_config(R"({"sqlite": "store.db"})", "outbox",
                    R"("outbox": {"dir": ")" + (tmp.path() / "outbox").string() + R"("})", "");
    // Only the delivered-not-updated disputes have a route.
    set_routes(fx, R"( "routes": [{"code": "logistic_issue.delivered_not_updated", "backend": "outbox"}],)");

    auto r = dry_run(fx);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(r.out).get(root)) << r.out;
    EXPECT_EQ(count(root, "orders", "decided"), 10);
    EXPECT_EQ(count(root, "disputes", "would_file"), 1);
    EXPECT_EQ(count(root, "disputes", "errors"), 8);
    EXPECT_NE(
        r.err.find("order order-0: dispute tiktok-shop:42:order-0:pick_up_issues.picked_up_not_updated: "
                   "no route matches marketplace \"tiktok-shop\", shop \"42\", code "
                   "\"pick_up_issues.picked_up_not_updated\""),
        std::string::npos)
        << r.err;
}

}  // namespace
}  // namespace unstuck::test
