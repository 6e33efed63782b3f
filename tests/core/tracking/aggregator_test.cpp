// sweep.aggregator: a carrier without a plugin of its own, and a number no detector claims, are fetched
// through the configured aggregator plugin; the order's carrier reaches it in the track context.
#include <gtest/gtest.h>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"
#include "tracking/carrier_set.hpp"
#include "tracking/order_tracker.hpp"
#include "unstuck/core/config/sweep_options.hpp"

#include <Poco/JSON/Parser.h>

namespace unstuck::test {
namespace {

constexpr const char* kGoldenNumber = "1Z023E2X0214323462";

sdk::Result<core::SweepOptions> sweep_options(const std::string& json) {
    auto object = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    return core::SweepOptions::from_json(object, UNSTUCK_BINARY_DIR);
}

class AggregatorTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // 17TRACK answering for any number with the delivered golden document, renumbered.
        server_ = std::make_unique<LoopbackServer>([](const LoopbackRequest& request) {
            const std::string marker = R"("number":")";
            auto at = request.body.find(marker) + marker.size();
            const std::string number = request.body.substr(at, request.body.find('"', at) - at);
            LoopbackResponse r;
            r.headers = {{"Content-Type", "application/json"}};
            r.body = read_source("tests/golden/17track/delivered.json");
            r.body.replace(r.body.find(kGoldenNumber), std::string(kGoldenNumber).size(), number);
            return r;
        });
        host_ = make_host(R"("17track": {"base_url": ")" + server_->base_url() + R"("})",
                          R"("17track": {"api_key": "k"})", R"("max_attempts": 1)");
        ASSERT_TRUE(host_);
    }

    sdk::Result<core::CarrierSet> carriers(const std::string& sweep_json) {
        auto options = sweep_options(sweep_json);
        EXPECT_TRUE(options.ok()) << (options.ok() ? "" : options.error().message);
        if (!options) return options.error();
        return core::CarrierSet::create(*host_, *options);
    }

    std::unique_ptr<LoopbackServer> server_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(AggregatorTest, TheSweepSectionReadsTheAggregator) {
    auto none = sweep_options("{}");
    ASSERT_TRUE(none.ok());
    EXPECT_EQ(none->aggregator, "");
    auto set = sweep_options(R"({"aggregator": "17track"})");
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->aggregator, "17track");
    auto wrong = sweep_options(R"({"aggregator": 17})");
    ASSERT_FALSE(wrong.ok());
    EXPECT_NE(wrong.error().message.find("sweep.aggregator"), std::string::npos) << wrong.error().message;
}

TEST_F(AggregatorTest, AnAggregatorThatIsNoLoadedPluginIsAConfigError) {
    auto set = carriers(R"({"aggregator": "trackmore"})");
    ASSERT_FALSE(set.ok());
    EXPECT_EQ(set.error().message, "sweep.aggregator: no carrier plugin \"trackmore\" in the plugin folders");
}

TEST_F(AggregatorTest, ACarrierWithoutPluginGoesToTheAggregatorAndListedOnesStay) {
    auto set = carriers(R"({"aggregator": "17track", "carrier_plugins": {"fedex": "aftership"}})");
    ASSERT_TRUE(set.ok()) << set.error().message;
    EXPECT_EQ(set->fetcher("acme-post"), "17track");  // no plugin of that name
    EXPECT_EQ(set->fetcher("ups"), "ups");            // its own plugin
    EXPECT_EQ(set->fetcher("fedex"), "aftership");    // sweep.carrier_plugins wins
    EXPECT_EQ(set->fetcher("17track"), "17track");

    auto without = carriers("{}");
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(without->fetcher("acme-post"), "acme-post");  // as before: fails as no such plugin
}

TEST_F(AggregatorTest, ANumberNoDetectorClaimsGoesToTheAggregator) {
    auto set = carriers(R"({"aggregator": "17track"})");
    ASSERT_TRUE(set.ok());
    EXPECT_EQ(set->detect("XX-NOT-A-FORMAT-1").value(), "17track");
    EXPECT_EQ(set->detect("1Z999AA10123456784").value(), "ups");  // a claim still wins

    auto without = carriers("{}");
    ASSERT_TRUE(without.ok());
    ASSERT_FALSE(without->detect("XX-NOT-A-FORMAT-1").ok());
}

TEST_F(AggregatorTest, TheOrderTrackerFetchesThroughTheAggregatorWithTheOrdersCarrier) {
    auto set = carriers(R"({"aggregator": "17track", "detect": ["ups"]})");
    ASSERT_TRUE(set.ok());
    core::OrderTracker tracker(*set);
    core::OrderCase order;
    order.packages.resize(2);
    order.packages[0].tracking_number = "ACME0000000001";
    order.packages[0].carrier = "acme-post";
    order.packages[1].tracking_number = "ACME0000000002";  // no carrier, and ups's detector does not claim it
    auto failure = tracker.track(order);
    ASSERT_FALSE(failure.has_value()) << failure->message;
    EXPECT_EQ(order.packages[0].events.size(), 6u);
    EXPECT_EQ(order.packages[0].carrier, "acme-post");
    EXPECT_EQ(order.packages[1].carrier, "17track");
    EXPECT_EQ(order.packages[1].events.size(), 6u);
    auto requests = server_->requests();
    ASSERT_EQ(requests.size(), 2u);
    // acme-post has no 17TRACK key: 17TRACK detects the carrier, as for the package without one.
    EXPECT_EQ(requests[0].body, R"([{"number":"ACME0000000001"}])");
    EXPECT_EQ(requests[1].body, R"([{"number":"ACME0000000002"}])");
}

}  // namespace
}  // namespace unstuck::test
