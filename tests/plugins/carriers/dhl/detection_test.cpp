// Tracking-number detection of the DHL plugin, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using Case = ClaimCase;

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("dhl") {}

    std::shared_ptr<sdk::CarrierPlugin>& dhl_ = plugin_;
};

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
    // 22 digits with the 92 application identifier: FedEx SmartPost (and USPS IMpb), never DHL.
    EXPECT_TRUE(dhl_->detect("9274892736481500273647").empty());
}

}  // namespace
}  // namespace unstuck::test
