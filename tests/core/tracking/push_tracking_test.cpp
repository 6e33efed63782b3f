// Tracking that is not fetched: a push carrier's packages take their stored tracking (the real replay module
// under a manifest that says "tracking": "push"), and pushed tracking replaces a pull carrier's fetch.

#include <gtest/gtest.h>

#include <fstream>

#include "support/carrier_host.hpp"
#include "support/test_paths.hpp"
#include "tracking/carrier_set.hpp"
#include "tracking/order_tracker.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

// A demo number whose saved UPS response the replay folder holds.
constexpr const char* kSaved = "1Z023E2X0214323015";

sdk::Shipment shipment_with(const std::string& number, int events) {
    sdk::Shipment s;
    s.carrier = "replay";
    s.tracking_number = number;
    for (int i = 0; i < events; ++i) {
        sdk::Event e;
        e.at = sdk::Timestamp(std::chrono::hours(480000 + i));
        e.status = sdk::TrackingStatus::kInTransit;
        e.code = "E" + std::to_string(i);
        s.events.push_back(e);
    }
    sdk::finalize_shipment(s);
    return s;
}

core::PackageCase package(std::string number) {
    core::PackageCase p;
    p.package_id = "P-" + number;
    p.tracking_number = std::move(number);
    p.carrier = "replay";
    return p;
}

class PushTrackingTest : public ::testing::Test {
  protected:
    // The replay module in its own folder, its manifest saying `tracking` (empty: as shipped).
    std::unique_ptr<core::PluginHost> host(const std::string& tracking) {
        const fs::path plugins = tmp_.path() / ("plugins-" + (tracking.empty() ? "pull" : tracking));
        fs::create_directories(plugins);
        fs::copy_file(fs::path(UNSTUCK_PLUGIN_DIR) / "carrier_replay.so", plugins / "carrier_replay.so");
        std::string manifest = read_source("plugins/carriers/replay/manifest.json");
        if (!tracking.empty()) manifest.insert(manifest.find('{') + 1, R"("tracking": ")" + tracking + "\",");
        write_file(plugins / "carrier_replay.manifest.json", manifest);
        fs::create_directories(tmp_.path() / "responses");
        fs::copy_file(source_path("samples/demo/responses") / (std::string(kSaved) + ".json"),
                      tmp_.path() / "responses" / (std::string(kSaved) + ".json"),
                      fs::copy_options::skip_existing);
        auto config =
            core::HostConfig::parse(R"({"plugin_dirs": [")" + plugins.string() +
                                        R"("], "log": {"level": "off"}, "plugins": {"replay": {"dir": ")" +
                                        (tmp_.path() / "responses").string() + R"("}}})",
                                    tmp_.path());
        EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
        return std::make_unique<core::PluginHost>(std::move(config).value());
    }

    TempDir tmp_;
};

TEST_F(PushTrackingTest, APushCarriersPackagesTakeTheirStoredTrackingAndAreNeverFetched) {
    auto plugins = host("push");
    auto set = core::CarrierSet::create(*plugins, {});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_TRUE(set->pushes("replay"));
    std::vector<std::string> asked;
    core::OrderTracker tracker(*set, [&](const core::OrderCase&, const core::PackageCase& p) {
        asked.push_back(p.tracking_number);
        return p.tracking_number == "PUSHED1" ? std::optional(shipment_with("PUSHED1", 3)) : std::nullopt;
    });
    core::OrderCase order;
    order.order_id = "A1";
    order.packages = {package(kSaved), package("PUSHED1")};
    int fetched = 0;
    auto failure = tracker.track(order, [&](const core::PackageCase&, const sdk::Shipment&) { ++fetched; });
    ASSERT_FALSE(failure) << failure->message;
    EXPECT_EQ(fetched, 0);
    EXPECT_EQ(asked, (std::vector<std::string>{kSaved, "PUSHED1"}));
    // The folder holds a response for the first number, but a push carrier is not asked: nothing pushed yet.
    EXPECT_TRUE(order.packages[0].events.empty());
    EXPECT_TRUE(order.packages[0].carrier_not_found);
    EXPECT_EQ(order.packages[1].events.size(), 3u);
    EXPECT_FALSE(order.packages[1].carrier_not_found);
}

TEST_F(PushTrackingTest, APullCarrierIsFetchedUnlessTrackingWasPushedForTheNumber) {
    auto plugins = host("");
    auto set = core::CarrierSet::create(*plugins, {});
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_FALSE(set->pushes("replay"));
    bool asked = false;
    core::OrderTracker tracker(*set, [&](const core::OrderCase&, const core::PackageCase&) {
        asked = true;
        return std::optional(shipment_with("x", 1));
    });

    core::OrderCase fetched_order;
    fetched_order.order_id = "A1";
    fetched_order.packages = {package(kSaved)};
    int fetched = 0;
    ASSERT_FALSE(
        tracker.track(fetched_order, [&](const core::PackageCase&, const sdk::Shipment&) { ++fetched; }));
    EXPECT_EQ(fetched, 1);
    const std::size_t saved_events = fetched_order.packages[0].events.size();
    EXPECT_GT(saved_events, 0u);

    core::PushedTracking pushed{{kSaved, shipment_with(kSaved, 7)}};
    core::OrderCase pushed_order;
    pushed_order.order_id = "A1";
    pushed_order.packages = {package(kSaved)};
    fetched = 0;
    ASSERT_FALSE(tracker.track(
        pushed_order, [&](const core::PackageCase&, const sdk::Shipment&) { ++fetched; }, &pushed));
    EXPECT_EQ(fetched, 0);
    ASSERT_EQ(pushed_order.packages[0].events.size(), 7u);
    EXPECT_NE(saved_events, 7u);
    EXPECT_EQ(pushed_order.packages[0].events[6].code, "E6");
    EXPECT_FALSE(asked);  // stored tracking is for push carriers only
}

TEST_F(PushTrackingTest, AManifestTrackingOtherThanPullOrPushRefusesTheModule) {
    auto plugins = host("poll");
    ASSERT_EQ(plugins->loader().find("replay"), nullptr);
    ASSERT_EQ(plugins->records().size(), 1u);
    EXPECT_NE(plugins->records()[0].reason.find(R"(tracking: "poll" is not pull or push)"), std::string::npos)
        << plugins->records()[0].reason;
}

}  // namespace
}  // namespace unstuck::test
