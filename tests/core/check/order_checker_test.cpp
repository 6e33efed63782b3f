// OrderChecker: one case in, one decision line out, raw carrier documents normalized through the real
// plugins.

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "support/carrier_host.hpp"
#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/policy/policy_document.hpp"

namespace unstuck::test {
namespace {

class OrderCheckerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        host_ = make_host(R"("replay": {"dir": ")" + source_path("samples/demo/responses").string() + R"("})",
                          "", "");
        ASSERT_TRUE(host_);
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy.ok()) << policy.error().message;
        engine_ = std::make_unique<core::PolicyEngine>(*policy);
        options_.normalize = [this](std::string_view name, std::string_view payload,
                                    const sdk::TrackContext& context) -> sdk::Result<sdk::TrackResult> {
            auto plugin = host_->carrier(name);
            if (!plugin) return plugin.error();
            return (*plugin)->normalize(payload, context);
        };
    }

    // A case with one package given as `raw` (`payload` is a JSON value).
    static std::string raw_case(const std::string& carrier, const std::string& payload,
                                const std::string& status = "IN_TRANSIT") {
        return R"({"order_id": "R1", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM",
            "platform_status": ")" +
               status + R"(",
            "packages": [{"package_id": "P1", "tracking_number": "1Z2R3V080109326575",
                          "raw": {"carrier": ")" +
               carrier + R"(", "payload": )" + payload + R"(}}], "now": "2024-09-05T00:00:00Z"})";
    }

    std::unique_ptr<core::PluginHost> host_;
    std::unique_ptr<core::PolicyEngine> engine_;
    core::CheckOptions options_;
};

TEST_F(OrderCheckerTest, RawDocumentTheCarrierDoesNotKnowSaysSo) {
    core::OrderChecker checker(*engine_, options_);
    std::string out;
    auto s = checker.check(raw_case("ups", read_source("tests/golden/ups/not_found.json")), out);
    ASSERT_TRUE(s) << s.message();
    // The rule stays the policy's: no tracking is known.
    EXPECT_NE(out.find(R"("rule":"platform.no_tracking")"), std::string::npos) << out;
    EXPECT_TRUE(checker.last_case().packages[0].carrier_not_found);
    // The decision says why: the carrier does not know the number.
    EXPECT_NE(out.find(R"("carrier_found":false)"), std::string::npos) << out;
    EXPECT_NE(out.find("UPS does not know tracking number 1Z2R3V080109326575"), std::string::npos) << out;
}

TEST_F(OrderCheckerTest, RawDocumentTheCarrierKnowsSaysNothingOfIt) {
    core::OrderChecker checker(*engine_, options_);
    std::string out;
    auto s = checker.check(
        raw_case("ups", read_source("tests/golden/ups/pickup_only.json"), "AWAITING_COLLECTION"), out);
    ASSERT_TRUE(s) << s.message();
    EXPECT_NE(out.find(R"("rule":"platform.picked_up_not_updated")"), std::string::npos) << out;
    EXPECT_FALSE(checker.last_case().packages[0].carrier_not_found);
    EXPECT_EQ(out.find("carrier_found"), std::string::npos) << out;
    EXPECT_EQ(out.find("does not know"), std::string::npos) << out;
}

TEST_F(OrderCheckerTest, ReplayDocumentOfANotFoundAnswerSaysSoToo) {
    // The replay carrier hands the saved document to the carrier it names.
    std::string payload =
        R"({"carrier": "ups", "response": )" + read_source("tests/golden/ups/not_found.json") + "}";
    core::OrderChecker checker(*engine_, options_);
    std::string out;
    auto s = checker.check(raw_case("replay", payload), out);
    ASSERT_TRUE(s) << s.message();
    EXPECT_NE(out.find(R"("rule":"platform.no_tracking")"), std::string::npos) << out;
    EXPECT_NE(out.find(R"("carrier_found":false)"), std::string::npos) << out;
    EXPECT_NE(out.find("does not know tracking number 1Z2R3V080109326575"), std::string::npos) << out;
}

TEST_F(OrderCheckerTest, PackageWithoutEventsOrRawIsNotCalledUnknownToTheCarrier) {
    core::OrderChecker checker(*engine_, options_);
    std::string out;
    std::string order =
        std::regex_replace(raw_case("ups", "{}"), std::regex(R"(,\s*"raw": \{[^}]*\{\}\})"), "");
    auto s = checker.check(order, out);
    ASSERT_TRUE(s) << s.message() << " in " << order;
    EXPECT_NE(out.find(R"("rule":"platform.no_tracking")"), std::string::npos) << out;
    EXPECT_EQ(out.find("carrier_found"), std::string::npos) << out;
}

}  // namespace
}  // namespace unstuck::test
