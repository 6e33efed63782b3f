// Tracking-number detection of the FedEx and DHL plugins, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_host.hpp"

namespace unstuck::test {
namespace {

struct Case {
    const char* number;
    const char* service;
    bool valid;
};

class DetectionTest : public ::testing::Test {
  protected:
    void SetUp() override {
        host_ = make_host("", "", "");
        ASSERT_TRUE(host_);
        fedex_ = carrier(*host_, "fedex");
        dhl_ = carrier(*host_, "dhl");
        ASSERT_TRUE(fedex_ && dhl_);
    }

    static void expect_claim(const sdk::CarrierPlugin& plugin, const char* carrier, const Case& c) {
        auto claims = plugin.detect(c.number);
        bool found = false;
        for (const auto& claim : claims) {
            EXPECT_EQ(claim.carrier, carrier);
            if (claim.service == c.service) {
                found = true;
                EXPECT_EQ(claim.check_digit_valid, c.valid) << c.number << " as " << c.service;
            }
        }
        EXPECT_TRUE(found) << c.number << " is not claimed as " << c.service;
    }

    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> fedex_, dhl_;
};

TEST_F(DetectionTest, FedexFormatsAndTheirCheckDigits) {
    const Case cases[] = {
        {"273648192050", "Express", true},
        {"273648192051", "Express", false},
        {"2736 4819 2050", "Express", true},  // spaces between groups are ignored
        {"612940557812307", "Ground", true},
        {"612940557812308", "Ground", false},
        {"9611019012345678901231", "Ground 96", true},
        {"9611019012345678901232", "Ground 96", false},
        {"9274892736481500273647", "SmartPost", true},
        {"9274892736481500273640", "SmartPost", false},
        {"61299273648150027368", "SmartPost", true},
        {"61299273648150027367", "SmartPost", false},
        {"000614141999999993", "SSCC-18", true},
        {"000614141999999994", "SSCC-18", false},
        {"1001921341800013007679027364512831", "Express", true},
        {"1001921341800013007679027364512830", "Express", false},
        {"9622001560012345671007948083905121", "Ground GSN", true},
        {"9622001560012345671007948083905125", "Ground GSN", false},
    };
    for (const Case& c : cases) expect_claim(*fedex_, "fedex", c);
}

TEST_F(DetectionTest, FedexClaimsNothingOutsideItsFormats) {
    for (const char* number : {"", "1Z023E2X0214323462", "27364819205", "2736481920500", "ABC123456789",
                               "4817293051", "LX482017363DE"})
        EXPECT_TRUE(fedex_->detect(number).empty()) << number;
}

TEST_F(DetectionTest, DhlFormatsAndTheirCheckDigits) {
    const Case cases[] = {
        {"4817293051", "Express", true},
        {"4817293052", "Express", false},
        {"50617283942", "Express", true},
        {"50617283943", "Express", false},
        {"JJD0123456789", "Express piece", true},
        {"jvgl0123456789", "Express piece", true},
        {"GM2951173925182736", "eCommerce", true},
        {"GM 2951 1739 2518 2736", "eCommerce", true},
        {"LX4820173650", "eCommerce", true},
        {"LX482017363DE", "Post & Parcel Germany (S10)", true},
        {"LX482017364DE", "Post & Parcel Germany (S10)", false},
    };
    for (const Case& c : cases) expect_claim(*dhl_, "dhl", c);
}

TEST_F(DetectionTest, DhlClaimsNothingOutsideItsFormats) {
    for (const char* number : {"", "481729305", "273648192050", "1Z023E2X0214323462", "XJD0123456789",
                               "GS2951173925182736", "LX482017363US", "GM12345"})
        EXPECT_TRUE(dhl_->detect(number).empty()) << number;
}

TEST_F(DetectionTest, ASmartPostNumberIsNotClaimedByDhl) {
    // 22 digits with the 92 application identifier: FedEx SmartPost (and USPS IMpb, not asserted here).
    EXPECT_EQ(fedex_->detect("9274892736481500273647").size(), 1u);
    EXPECT_TRUE(dhl_->detect("9274892736481500273647").empty());
}

}  // namespace
}  // namespace unstuck::test
