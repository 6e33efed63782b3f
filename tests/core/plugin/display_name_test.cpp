// Display names: a manifest's optional display_name, the shipped carriers' names, and the names explanations
// use when the policy document does not name a carrier itself.

#include <gtest/gtest.h>

#include <fstream>

#include "support/carrier_host.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/plugin/carrier_names.hpp"
#include "unstuck/core/plugin/manifest.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::core {
namespace {

sdk::Result<Manifest> load_text(const test::TempDir& dir, const std::string& text) {
    auto file = dir.path() / "carrier_x.manifest.json";
    std::ofstream(file) << text;
    return Manifest::load(file);
}

HostConfig build_plugins() {
    HostConfig config = HostConfig::defaults();
    config.plugin_dirs = {test::plugin_dir()};
    return config;
}

// The shipped policy without its own carrier names, so that only the plugins name carriers.
std::shared_ptr<const Policy> policy_without_names() {
    auto loaded = load_policy(default_policy_file());
    EXPECT_TRUE(loaded.ok()) << loaded.error().message;
    auto policy = std::make_shared<Policy>(**loaded);
    policy->carrier_names.clear();
    return policy;
}

TEST(DisplayName, IsTheManifestsOrElseThePluginsName) {
    test::TempDir dir;
    auto file = (dir.path() / "carrier_x.manifest.json").string();
    auto named =
        load_text(dir, R"({"name": "ontrac", "kind": "carrier", "version": "1", "display_name": "OnTrac"})");
    ASSERT_TRUE(named.ok()) << named.error().message;
    EXPECT_EQ(named->display_name, "OnTrac");
    auto plain = load_text(dir, R"({"name": "ontrac", "kind": "carrier", "version": "1"})");
    ASSERT_TRUE(plain.ok()) << plain.error().message;
    EXPECT_EQ(plain->display_name, "ontrac");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1", "display_name": 7})")
                  .error()
                  .message,
              file + ": display_name: expected a string");
    EXPECT_EQ(load_text(dir, R"({"name": "x", "kind": "carrier", "version": "1", "display_name": " "})")
                  .error()
                  .message,
              file + ": display_name: must not be empty");
}

TEST(DisplayName, EveryShippedCarrierHasItsOwn) {
    PluginHost host(build_plugins());
    std::map<std::string, std::string> names;
    for (const auto& r : host.records())
        if (r.loaded && r.kind == "carrier") names[r.name] = r.display_name;
    EXPECT_EQ(names["ups"], "UPS");
    EXPECT_EQ(names["fedex"], "FedEx");
    EXPECT_EQ(names["usps"], "USPS");
    EXPECT_EQ(names["dhl"], "DHL");
    EXPECT_EQ(names["replay"], "Replay");
}

TEST(DisplayName, CompletesThePolicysCarrierNamesWithoutOverridingThem) {
    PluginHost host(build_plugins());
    auto bare = policy_without_names();
    auto named = with_carrier_display_names(bare, host);
    EXPECT_EQ(named->carrier_name("ups"), "UPS");
    EXPECT_EQ(named->carrier_name("fedex"), "FedEx");
    EXPECT_EQ(named->carrier_name("acme"), "acme");         // no plugin: as given
    EXPECT_FALSE(named->carrier_names.contains("outbox"));  // a ticketing plugin names no carrier
    EXPECT_TRUE(bare->carrier_names.empty());               // the document itself is left alone

    auto own = std::make_shared<Policy>(*bare);
    own->carrier_names["ups"] = "United Parcel Service";
    EXPECT_EQ(with_carrier_display_names(own, host)->carrier_name("ups"), "United Parcel Service");
}

TEST(DisplayName, AnExplanationNamesTheCarrierByIt) {
    PluginHost host(build_plugins());
    PolicyEngine engine(with_carrier_display_names(policy_without_names(), host));
    CheckOptions options;
    options.normalize = [&host](std::string_view name, std::string_view payload,
                                const sdk::TrackContext& context) -> sdk::Result<sdk::TrackResult> {
        auto plugin = host.carrier(name);
        if (!plugin) return plugin.error();
        return (*plugin)->normalize(payload, context);
    };
    const std::string order =
        R"({"order_id": "R1", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM",
            "platform_status": "IN_TRANSIT",
            "packages": [{"package_id": "P1", "tracking_number": "1Z2R3V080109326575",
                          "raw": {"carrier": "ups", "payload": )" +
        test::read_source("tests/golden/ups/not_found.json") + R"(}}], "now": "2024-09-05T00:00:00Z"})";
    OrderChecker checker(engine, options);
    std::string out;
    auto s = checker.check(order, out);
    ASSERT_TRUE(s) << s.message();
    EXPECT_NE(out.find("UPS does not know tracking number 1Z2R3V080109326575"), std::string::npos) << out;
    EXPECT_EQ(out.find("ups does not know"), std::string::npos) << out;
}

}  // namespace
}  // namespace unstuck::core
