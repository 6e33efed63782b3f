// Tracking-number detection of the FedEx plugin, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using Case = ClaimCase;
using enum sdk::CheckDigit;

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("fedex") {}

    std::shared_ptr<sdk::CarrierPlugin>& fedex_ = plugin_;
};

TEST_F(DetectionTest, FedexFormatsAndTheirCheckDigits) {
    const Case cases[] = {
        {"273648192050", "Express", kValid},
        {"273648192051", "Express", kInvalid},
        {"2736 4819 2050", "Express", kValid},  // spaces between groups are ignored
        {"612940557812307", "Ground", kValid},
        {"612940557812308", "Ground", kInvalid},
        {"9611019012345678901231", "Ground 96", kValid},
        {"9611019012345678901232", "Ground 96", kInvalid},
        {"9274892736481500273647", "SmartPost", kValid},
        {"9274892736481500273640", "SmartPost", kInvalid},
        {"61299273648150027368", "SmartPost", kValid},
        {"61299273648150027367", "SmartPost", kInvalid},
        {"000614141999999993", "SSCC-18", kValid},
        {"000614141999999994", "SSCC-18", kInvalid},
        {"1001921341800013007679027364512831", "Express", kValid},
        {"1001921341800013007679027364512830", "Express", kInvalid},
        {"9622001560012345671007948083905121", "Ground GSN", kValid},
        {"9622001560012345671007948083905125", "Ground GSN", kInvalid},
    };
    for (const Case& c : cases) expect_claim(*fedex_, "fedex", c);
}

TEST_F(DetectionTest, FedexClaimsNothingOutsideItsFormats) {
    for (const char* number : {"", "1Z023E2X0214323462", "27364819205", "2736481920500", "ABC123456789",
                               "4817293051", "LX482017363DE"})
        EXPECT_TRUE(fedex_->detect(number).empty()) << number;
}

TEST_F(DetectionTest, ASmartPostNumberIsClaimedByFedex) {
    // 22 digits with the 92 application identifier: FedEx SmartPost (and USPS IMpb, not asserted here).
    EXPECT_EQ(fedex_->detect("9274892736481500273647").size(), 1u);
}

}  // namespace
}  // namespace unstuck::test
