// OrderTracker: detect then fetch, raw documents, not found, and carrier failures named by package, through
// the real carrier plugins (replay over saved responses, DHL against a loopback server).

#include <gtest/gtest.h>

#include <fstream>

#include "support/carrier_host.hpp"
#include "support/loopback_server.hpp"
#include "tracking/carrier_set.hpp"
#include "tracking/order_tracker.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

// A demo number whose saved UPS response shows a pickup.
constexpr const char* kSaved = "1Z023E2X0214323015";

class OrderTrackerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<LoopbackServer>([this](const LoopbackRequest&) { return dhl_answer_; });
        fs::copy_file(source_path("samples/demo/responses") / (std::string(kSaved) + ".json"),
                      responses_.path() / (std::string(kSaved) + ".json"));
        std::ofstream(responses_.path() / "BROKEN1.json")
            << read_source("tests/golden/replay/error_page_saved.json");
        host_ = make_host(
            R"("replay": {"dir": ")" + responses_.path().string() + R"("}, "dhl": {"base_url": ")" +
                server_->base_url() + R"("})",
            R"("dhl": {"api_key": "k"})",
            R"("read_timeout_ms": 400, "max_attempts": 1, "backoff_base_ms": 5, "backoff_max_ms": 20)");
        ASSERT_TRUE(host_);
    }

    core::CarrierSet carriers(core::SweepOptions options) {
        auto set = core::CarrierSet::create(*host_, options);
        EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().message);
        return set ? std::move(*set) : core::CarrierSet{};
    }

    static core::OrderCase order_with(std::vector<core::PackageCase> packages) {
        core::OrderCase order;
        order.order_id = "A1";
        order.shop_id = "S1";
        order.region = "US";
        order.packages = std::move(packages);
        return order;
    }

    static core::PackageCase package(std::string number, std::string carrier = "") {
        core::PackageCase p;
        p.package_id = "P-" + number;
        p.tracking_number = std::move(number);
        p.carrier = std::move(carrier);
        return p;
    }

    TempDir responses_;
    LoopbackResponse dhl_answer_{503, {}, "{}"};
    std::unique_ptr<LoopbackServer> server_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(OrderTrackerTest, DetectsTheCarrierThenFetches) {
    core::SweepOptions options;
    options.detect = {"replay"};
    auto set = carriers(options);
    core::OrderTracker tracker(set);
    auto order = order_with({package(kSaved)});
    std::vector<std::string> fetched;
    auto failure = tracker.track(order, [&](const core::PackageCase& p, const sdk::Shipment& s) {
        fetched.push_back(p.ref() + " " + s.tracking_number);
        EXPECT_FALSE(s.events.empty());
    });
    ASSERT_FALSE(failure) << failure->message;
    EXPECT_EQ(order.packages[0].carrier, "replay");
    EXPECT_FALSE(order.packages[0].events.empty());
    EXPECT_FALSE(order.packages[0].carrier_not_found);
    EXPECT_EQ(fetched, (std::vector<std::string>{std::string("P-") + kSaved + " " + kSaved}));
}

TEST_F(OrderTrackerTest, ANumberNoCarrierRecognisesFailsNamingThePackage) {
    core::SweepOptions options;
    options.detect = {"replay"};
    auto set = carriers(options);
    core::OrderTracker tracker(set);
    auto order = order_with({package(kSaved), package("UNKNOWN9")});
    auto failure = tracker.track(order);
    ASSERT_TRUE(failure);
    EXPECT_FALSE(failure->bad_input);
    EXPECT_EQ(failure->message, "packages[1]: no carrier recognises tracking number \"UNKNOWN9\"");
}

TEST_F(OrderTrackerTest, FetchesThroughTheConfiguredPluginAndMarksANumberItDoesNotKnow) {
    core::SweepOptions options;
    options.carrier_plugins = {{"ups", "replay"}};
    auto set = carriers(options);
    core::OrderTracker tracker(set);
    auto order = order_with({package(kSaved, "ups"), package("NOSUCH1", "ups")});
    int fetched = 0;
    auto failure = tracker.track(order, [&](const core::PackageCase&, const sdk::Shipment&) { ++fetched; });
    ASSERT_FALSE(failure) << failure->message;
    EXPECT_EQ(fetched, 1);
    EXPECT_FALSE(order.packages[0].events.empty());
    EXPECT_TRUE(order.packages[1].events.empty());
    EXPECT_TRUE(order.packages[1].carrier_not_found);
    EXPECT_FALSE(order.packages[0].carrier_not_found);
}

TEST_F(OrderTrackerTest, RawDocumentsAreNormalizedNotFetched) {
    auto set = carriers({});
    core::OrderTracker tracker(set);
    auto found = package("1Z0Y7E2F4203125885");
    found.raw = core::RawTracking{"ups", read_source("tests/golden/ups/pickup_only.json")};
    auto unknown = package("1Z2R3V080109326575");
    unknown.raw = core::RawTracking{"ups", read_source("tests/golden/ups/not_found.json")};
    auto order = order_with({found, unknown});
    int fetched = 0;
    auto failure = tracker.track(order, [&](const core::PackageCase&, const sdk::Shipment&) { ++fetched; });
    ASSERT_FALSE(failure) << failure->message;
    EXPECT_EQ(fetched, 0);
    EXPECT_FALSE(order.packages[0].events.empty());
    EXPECT_FALSE(order.packages[0].raw);
    EXPECT_TRUE(order.packages[1].events.empty());
    EXPECT_TRUE(order.packages[1].carrier_not_found);
    EXPECT_EQ(order.packages[1].carrier, "ups");
}

TEST_F(OrderTrackerTest, ARawDocumentThePluginRefusesIsBadInput) {
    auto set = carriers({});
    core::OrderTracker tracker(set);
    auto p = package("X1");
    p.raw = core::RawTracking{"ups", "not json"};
    auto order = order_with({p});
    auto failure = tracker.track(order);
    ASSERT_TRUE(failure);
    EXPECT_TRUE(failure->bad_input);
    EXPECT_EQ(failure->message.rfind("packages[0].raw.payload: ", 0), 0u) << failure->message;
}

TEST_F(OrderTrackerTest, APermanentFailureIsNamedByPackageCarrierAndNumber) {
    core::SweepOptions options;
    options.carrier_plugins = {{"fedex", "replay"}};
    auto set = carriers(options);
    core::OrderTracker tracker(set);
    auto order = order_with({package("BROKEN1", "fedex")});
    auto failure = tracker.track(order);
    ASSERT_TRUE(failure);
    EXPECT_FALSE(failure->bad_input);
    EXPECT_EQ(failure->message.rfind("packages[0]: fedex BROKEN1: fedex: malformed JSON", 0), 0u)
        << failure->message;
}

TEST_F(OrderTrackerTest, ATransientFailureSaysSoAndWhenToRetry) {
    dhl_answer_ = LoopbackResponse{429, {{"Retry-After", "30"}}, "{}"};
    auto set = carriers({});
    core::OrderTracker tracker(set);
    auto order = order_with({package(kSaved, "ups"), package("1234567890", "dhl")});
    // UPS is fetched live by the UPS plugin: give the first package events so only DHL is asked.
    order.packages[0].events.push_back(sdk::Event{});
    auto failure = tracker.track(order);
    ASSERT_TRUE(failure);
    EXPECT_FALSE(failure->bad_input);
    EXPECT_EQ(failure->message.rfind("packages[1]: dhl 1234567890: temporary failure: ", 0), 0u)
        << failure->message;
    EXPECT_NE(failure->message.find("(retry after 30 s)"), std::string::npos) << failure->message;
}

TEST_F(OrderTrackerTest, AMissingFetcherIsNamed) {
    auto set = carriers({});
    core::OrderTracker tracker(set);
    auto order = order_with({package("N1", "acme")});
    auto failure = tracker.track(order);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->message, "packages[0].carrier: no carrier plugin \"acme\" in the plugin folders");
}

}  // namespace
}  // namespace unstuck::test
