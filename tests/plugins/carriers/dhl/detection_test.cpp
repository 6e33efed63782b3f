// Tracking-number detection of the DHL plugin, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using Case = ClaimCase;
using enum sdk::CheckDigit;

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("dhl") {}

    std::shared_ptr<sdk::CarrierPlugin>& dhl_ = plugin_;
};

TEST_F(DetectionTest, DhlFormatsAndTheirCheckDigits) {
    const Case cases[] = {
        {"4817293051", "Express", kValid},
        {"4817293052", "Express", kInvalid},
        {"50617283942", "Express", kValid},
        {"50617283943", "Express", kInvalid},
        {"JJD0123456789", "Express piece", kAbsent},
        {"jvgl0123456789", "Express piece", kAbsent},
        {"GM2951173925182736", "eCommerce", kAbsent},
        {"GM 2951 1739 2518 2736", "eCommerce", kAbsent},
        {"LX4820173650", "eCommerce", kAbsent},
        {"LX482017363DE", "Post & Parcel Germany (S10)", kValid},
        {"LX482017364DE", "Post & Parcel Germany (S10)", kInvalid},
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
