// Tracking-id detection of the Ninja Van plugin, through the real loader.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using enum sdk::CheckDigit;

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("ninjavan") {}
};

TEST_F(DetectionTest, TrackingIdsOfEachCountryAreClaimedWithoutACheckDigit) {
    const ClaimCase cases[] = {
        {"NVSGFSMDM010203125", "SG", kAbsent},  {"nvmyshopx000123456", "MY", kAbsent},
        {"NVID 1234 5678 9012", "ID", kAbsent}, {"NVPHAB12345678", "PH", kAbsent},
        {"NVTH00A000000001", "TH", kAbsent},    {"NVVNSHOP123456", "VN", kAbsent},
        {"NVMMX1234567", "MM", kAbsent},
    };
    for (const ClaimCase& c : cases) expect_claim(*plugin_, "ninjavan", c);
}

TEST_F(DetectionTest, NothingOutsideTheFormatIsClaimed) {
    for (const char* number : {"", "NVUS123456789012", "NVSGABCDEFGHIJ12", "NVSG12345", "NV-SG-123456789012",
                               "NVSG1234567890123456789012345678", "630002864925", "1Z999AA10123456784"})
        EXPECT_TRUE(plugin_->detect(number).empty()) << number;
}

}  // namespace
}  // namespace unstuck::test
