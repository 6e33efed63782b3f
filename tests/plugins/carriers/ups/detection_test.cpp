// Tracking-number detection through the loaded UPS plugin.
#include <gtest/gtest.h>

#include "support/one_carrier_test.hpp"
#include "support/ups_usps_host.hpp"

namespace unstuck::test::ups_usps {
namespace {

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("ups") {}

    std::shared_ptr<sdk::CarrierPlugin>& ups_ = plugin_;
};

TEST_F(DetectionTest, Ups1ZWithMod10) {
    for (const char* n :
         {"1Z999AA10123456784", "1z999aa10123456784", "1Z 999 AA1 01 2345 678 4", "1ZA81V440104567821"}) {
        auto claims = ups_->detect(n);
        ASSERT_EQ(claims.size(), 1u) << n;
        EXPECT_EQ(claims[0].carrier, "ups");
        EXPECT_EQ(claims[0].service, "1Z");
        EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kValid) << n;
    }
    auto wrong = ups_->detect("1Z999AA10123456785");
    ASSERT_EQ(wrong.size(), 1u);
    EXPECT_EQ(wrong[0].check_digit, sdk::CheckDigit::kInvalid);
    for (const char* n : {"1Z999AA1012345678", "1Z999AA101234567844", "1Y999AA10123456784",
                          "1Z999AA1012345678X", "9400111899223197428497", ""})
        EXPECT_TRUE(ups_->detect(n).empty()) << n;
}

}  // namespace
}  // namespace unstuck::test::ups_usps
