// Tracking-number detection of the J&T plugin, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using enum sdk::CheckDigit;

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("jnt") {}
};

TEST_F(DetectionTest, MalaysiaBillCodesAreClaimedWithoutACheckDigit) {
    const ClaimCase cases[] = {
        {"630002864925", "Malaysia", kAbsent},
        {"6300 0286 4925", "Malaysia", kAbsent},
        {"670300032350", "Malaysia", kAbsent},
    };
    for (const ClaimCase& c : cases) expect_claim(*plugin_, "jnt", c);
    EXPECT_EQ(plugin_->detect("630002864925").size(), 1u);
}

TEST_F(DetectionTest, NothingOutsideTheFormatIsClaimed) {
    for (const char* number : {"", "730002864925", "63000286492", "6300028649251", "630002864925-01",
                               "63000286492A", "JT0001234567890", "NVMYSHOPX000123456"})
        EXPECT_TRUE(plugin_->detect(number).empty()) << number;
}

}  // namespace
}  // namespace unstuck::test
