// The host config's `routes` and `sweep` sections, and how sweep counts add up.

#include <gtest/gtest.h>

#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/disputes/dispute_routes.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::core {
namespace {

// The routes of a config document, or the error that stopped it loading.
sdk::Result<DisputeRoutes> routes_of(const std::string& json) {
    auto config = HostConfig::parse(json, "/etc/unstuck");
    if (!config) return std::move(config).error();
    return DisputeRoutes(config->routes);
}

// The `sweep` section of a config document, or the error that stopped it loading.
sdk::Result<SweepOptions> sweep_of(const std::string& json) {
    auto config = HostConfig::parse(json, "/etc/unstuck");
    if (!config) return std::move(config).error();
    return config->sweep;
}

std::string routes_error(const std::string& routes) {
    auto r = routes_of(R"({"routes": )" + routes + "}");
    return r ? std::string("no error") : r.error().message;
}

std::string settings_error(const std::string& sweep) {
    auto r = sweep_of(R"({"sweep": )" + sweep + "}");
    return r ? std::string("no error") : r.error().message;
}

TEST(DisputeRoutes, FirstMatchingRouteWins) {
    auto routes = routes_of(R"({"routes": [
        {"shop_id": ["7494105515", "7494105516"], "code": "logistic_issue.delivered_not_updated", "backend": "zendesk"},
        {"marketplace": "tiktok-shop", "shop_id": "7494105515", "backend": "jira-sm"},
        {"backend": "outbox"}]})");
    ASSERT_TRUE(routes) << routes.error().message;
    auto backend = [&](const char* shop, const char* code) {
        const DisputeRoute* r = routes->route("tiktok-shop", shop, code);
        return r ? r->backend : std::string("none");
    };
    EXPECT_EQ(backend("7494105516", "logistic_issue.delivered_not_updated"), "zendesk");
    EXPECT_EQ(backend("7494105515", "logistic_issue.delivered_not_updated"), "zendesk");
    EXPECT_EQ(backend("7494105515", "pick_up_issues.picked_up_not_updated"), "jira-sm");
    EXPECT_EQ(backend("7494105516", "pick_up_issues.picked_up_not_updated"), "outbox");
    EXPECT_EQ(backend("", "pick_up_issues.picked_up_not_updated"), "outbox");
    EXPECT_EQ(routes->routes()[1].where, "routes[1]");
    EXPECT_EQ(routes->backends(), (std::vector<std::string>{"zendesk", "jira-sm", "outbox"}));
}

TEST(DisputeRoutes, NoSectionNoRoutes) {
    auto routes = routes_of("{}");
    ASSERT_TRUE(routes);
    EXPECT_TRUE(routes->empty());
    EXPECT_EQ(routes->route("tiktok-shop", "1", "pick_up_issues.picked_up_not_updated"), nullptr);
}

TEST(DisputeRoutes, ErrorsNameThePath) {
    EXPECT_EQ(routes_error(R"({"backend": "outbox"})"),
              R"(routes: expected an array of routes, e.g. [{"backend": "outbox"}])");
    EXPECT_EQ(routes_error(R"(["outbox"])"), "routes[0]: expected an object");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox"}, {"shop_id": "1"}])"),
              "routes[1].backend: required (the ticketing plugin that files)");
    EXPECT_EQ(routes_error(R"([{"backend": 3}])"), "routes[0].backend: expected a string");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox", "code": []}])"),
              "routes[0].code: expected at least one string (leave the key out for any)");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox", "code": ["a.b", ""]}])"),
              "routes[0].code[1]: must not be empty");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox", "marketplace": ""}])"),
              "routes[0].marketplace: must not be empty");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox", "shop_id": 7494105515}])"),
              "routes[0].shop_id: expected a string or an array of strings");
    EXPECT_EQ(routes_error(R"([{"backend": "outbox", "shops": ["1"]}])")
                  .rfind("routes[0].shops: unknown key (known: ", 0),
              0u);
}

TEST(DisputeRoutes, CodesAreCheckedAgainstThePolicy) {
    auto policy = load_policy(default_policy_file());
    ASSERT_TRUE(policy) << policy.error().message;
    auto good = routes_of(
        R"({"routes": [{"code": ["logistic_issue.delivered_not_updated", "pick_up_issues.picked_up_not_updated"], "backend": "x"}]})");
    ASSERT_TRUE(good);
    EXPECT_TRUE(good->check_codes(**policy));
    auto bad = routes_of(
        R"({"routes": [{"backend": "x"}, {"code": ["pick_up_issues.picked_up_not_updated", "pickup"], "backend": "y"}]})");
    ASSERT_TRUE(bad);
    auto s = bad->check_codes(**policy);
    EXPECT_EQ(s.message().rfind("routes[1].code[1]: unknown dispute code \"pickup\" (known: ", 0), 0u)
        << s.message();
    EXPECT_NE(s.message().find("logistic_issue.delivered_not_updated"), std::string::npos);
}

TEST(SweepOptions, DefaultsAndValues) {
    auto defaults = sweep_of("{}");
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->concurrency, 8u);
    EXPECT_EQ(defaults->batch_size, 128u);
    EXPECT_EQ(defaults->evidence_dir, "/etc/unstuck/evidence");
    EXPECT_EQ(defaults->fetcher("ups"), "ups");

    auto s = sweep_of(R"({"sweep": {"concurrency": 32, "batch_size": 16,
        "evidence_dir": "../var/evidence", "carrier_plugins": {"ups": "replay", "dhl": "replay"},
        "detect": ["usps", "ups"]}})");
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->concurrency, 32u);
    EXPECT_EQ(s->batch_size, 16u);
    EXPECT_EQ(s->evidence_dir, "/etc/var/evidence");
    EXPECT_EQ(s->fetcher("ups"), "replay");
    EXPECT_EQ(s->fetcher("fedex"), "fedex");
    EXPECT_EQ(s->detect, (std::vector<std::string>{"usps", "ups"}));
    auto absolute = sweep_of(R"({"sweep": {"evidence_dir": "/srv/evidence"}})");
    ASSERT_TRUE(absolute);
    EXPECT_EQ(absolute->evidence_dir, "/srv/evidence");
}

TEST(SweepOptions, ErrorsNameThePath) {
    EXPECT_EQ(settings_error("[]"), "sweep: expected an object");
    EXPECT_EQ(settings_error(R"({"concurrency": 0})"), "sweep.concurrency: must be at least 1");
    EXPECT_EQ(settings_error(R"({"concurrency": 5000})"), "sweep.concurrency: must be at most 1024");
    EXPECT_EQ(settings_error(R"({"concurrency": "8"})"), "sweep.concurrency: expected an integer");
    EXPECT_EQ(settings_error(R"({"batch_size": 0})"), "sweep.batch_size: must be at least 1");
    EXPECT_EQ(settings_error(R"({"evidence_dir": 1})"), "sweep.evidence_dir: expected a string");
    EXPECT_EQ(settings_error(R"({"carrier_plugins": {"ups": ""}})"),
              "sweep.carrier_plugins.ups: expected a carrier plugin name");
    EXPECT_EQ(settings_error(R"({"carrier_plugins": ["replay"]})"),
              "sweep.carrier_plugins: expected an object");
    EXPECT_EQ(settings_error(R"({"detect": ["ups", ""]})"),
              "sweep.detect[1]: expected a carrier plugin name");
    EXPECT_EQ(settings_error(R"({"workers": 3})").rfind("sweep.workers: unknown key (known: ", 0), 0u);
}

TEST(SweepOptions, EvidenceRootsDefaultToTheOrdersAndConfigFolders) {
    auto defaults = sweep_of("{}");
    ASSERT_TRUE(defaults);
    EXPECT_TRUE(defaults->evidence_roots.empty());
    EXPECT_EQ(defaults->evidence_roots_for("/srv/orders"),
              (std::vector<std::filesystem::path>{"/srv/orders", "/etc/unstuck"}));
    EXPECT_EQ(defaults->evidence_roots_for("/etc/unstuck"),
              (std::vector<std::filesystem::path>{"/etc/unstuck"}));

    auto s = sweep_of(R"({"sweep": {"evidence_roots": ["chats", "/srv/pod/"]}})");
    ASSERT_TRUE(s) << s.error().message;
    const std::vector<std::filesystem::path> configured{"/etc/unstuck/chats", "/srv/pod/"};
    EXPECT_EQ(s->evidence_roots, configured);
    EXPECT_EQ(s->evidence_roots_for("/srv/orders"), configured);

    EXPECT_EQ(settings_error(R"({"evidence_roots": "chats"})"),
              "sweep.evidence_roots: expected an array of strings");
    EXPECT_EQ(settings_error(R"({"evidence_roots": []})"),
              "sweep.evidence_roots: expected at least one folder (leave the key out for the default)");
    EXPECT_EQ(settings_error(R"({"evidence_roots": ["a", ""]})"),
              "sweep.evidence_roots[1]: expected a folder");
}

TEST(SweepSummary, MergeAddsAndKeepsTheFirstErrors) {
    SweepSummary a, b;
    a.lines = 3;
    a.decided = 2;
    ++a.by_action["WAIT"];
    ++a.by_rule["platform.within_timeline"];
    a.filed = 1;
    ++a.filed_by_backend["outbox"];
    a.error("line 2: bad");
    b.lines = 4;
    b.decided = 4;
    b.by_action["WAIT"] = 2;
    b.by_action["NONE"] = 2;
    b.settled.found = 2;
    for (int i = 0; i < 60; ++i) b.error("error " + std::to_string(i));
    EXPECT_TRUE(SweepSummary{}.clean());
    EXPECT_FALSE(a.clean());
    a.merge(b);
    EXPECT_EQ(a.lines, 7u);
    EXPECT_EQ(a.decided, 6u);
    EXPECT_EQ(a.by_action["WAIT"], 3u);
    EXPECT_EQ(a.by_action["NONE"], 2u);
    EXPECT_EQ(a.filed_by_backend["outbox"], 1u);
    EXPECT_EQ(a.settled.found, 2u);
    EXPECT_EQ(a.settled.total(), 2u);
    EXPECT_EQ(a.error_count, 61u);
    ASSERT_EQ(a.errors.size(), SweepSummary::kMaxListed);
    EXPECT_EQ(a.errors.front(), "line 2: bad");
    EXPECT_EQ(a.errors.back(), "error 48");
}

}  // namespace
}  // namespace unstuck::core
