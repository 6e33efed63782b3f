// The carrier set's choice among claims on one number: a valid check digit first, then a format without one,
// then an invalid check digit, whatever the order of the detectors.
#include <gtest/gtest.h>

#include <fstream>

#include "support/carrier_host.hpp"
#include "support/test_paths.hpp"
#include "tracking/carrier_set.hpp"

namespace unstuck::test {
namespace {

constexpr const char* kValidUps = "1Z999AA10123456784";
constexpr const char* kInvalidUps = "1Z999AA10123456785";

class CarrierSetTest : public ::testing::Test {
  protected:
    void SetUp() override {
        // The replay folder holds a response for both numbers, so `replay` claims them too (check digit
        // absent).
        for (const char* number : {kValidUps, kInvalidUps})
            std::ofstream(dir_.path() / (std::string(number) + ".json"))
                << R"({"carrier": "ups", "response": {}})";
        host_ = make_host(R"("replay": {"dir": ")" + dir_.path().string() + R"("})", "", "");
        ASSERT_TRUE(host_);
    }

    std::string detect(std::vector<std::string> detectors, const char* number) {
        core::SweepOptions options;
        options.detect = std::move(detectors);
        auto set = core::CarrierSet::create(*host_, options);
        EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().message);
        if (!set) return {};
        auto carrier = set->detect(number);
        return carrier ? *carrier : "error: " + carrier.error().message;
    }

    TempDir dir_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(CarrierSetTest, AValidCheckDigitWinsOverAFormatWithoutOne) {
    EXPECT_EQ(detect({"replay", "ups"}, kValidUps), "ups");
    EXPECT_EQ(detect({"ups", "replay"}, kValidUps), "ups");
}

TEST_F(CarrierSetTest, AFormatWithoutCheckDigitWinsOverAnInvalidOne) {
    EXPECT_EQ(detect({"ups", "replay"}, kInvalidUps), "replay");
    EXPECT_EQ(detect({"replay", "ups"}, kInvalidUps), "replay");
}

TEST_F(CarrierSetTest, AnInvalidCheckDigitIsStillAClaimWhenItIsTheOnlyOne) {
    EXPECT_EQ(detect({"ups"}, kInvalidUps), "ups");
    EXPECT_EQ(detect({"ups"}, "12345"), "error: no carrier recognises tracking number \"12345\"");
}

TEST_F(CarrierSetTest, AmongEqualVerdictsTheFirstDetectorWins) {
    // 22 digits starting 92: FedEx SmartPost and USPS IMpb both claim it with a valid check digit.
    const char* number = "9274892736481500273647";
    EXPECT_EQ(detect({"fedex", "usps"}, number), "fedex");
    EXPECT_EQ(detect({"usps", "fedex"}, number), "usps");
}

}  // namespace
}  // namespace unstuck::test
