// Tracking-number detection through the loaded USPS plugin.
#include <gtest/gtest.h>

#include "support/one_carrier_test.hpp"
#include "support/ups_usps_host.hpp"

namespace unstuck::test::ups_usps {
namespace {

class DetectionTest : public OneCarrierTest {
  protected:
    DetectionTest() : OneCarrierTest("usps") {}

    std::shared_ptr<sdk::CarrierPlugin>& usps_ = plugin_;
};

TEST_F(DetectionTest, UspsImpbInEveryLength) {
    struct Case {
        const char* number;
        const char* service;
    };
    // Numbers USPS's test environment answers for.
    for (Case c : {Case{"9205590982952107001084", "IMpb"}, Case{"92055124161170148800000274", "IMpb"},
                   Case{"420117419361289691090029427113", "IMpb (420 ZIP routing)"},
                   Case{"4203278000009205596900893430673167", "IMpb (420 ZIP routing)"},
                   Case{"9400 1118 9922 3197 4284 97", "IMpb"}}) {
        auto claims = usps_->detect(c.number);
        ASSERT_EQ(claims.size(), 1u) << c.number;
        EXPECT_EQ(claims[0].carrier, "usps");
        EXPECT_EQ(claims[0].service, c.service);
        EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kValid) << c.number;
    }
    auto wrong = usps_->detect("9205590982952107001085");
    ASSERT_EQ(wrong.size(), 1u);
    EXPECT_EQ(wrong[0].check_digit, sdk::CheckDigit::kInvalid);
    auto wrong_routed = usps_->detect("420117419361289691090029427114");
    ASSERT_EQ(wrong_routed.size(), 1u);
    EXPECT_EQ(wrong_routed[0].check_digit, sdk::CheckDigit::kInvalid);
    for (const char* n : {"8205590982952107001084", "920559098295210700108", "421117419361289691090029427113",
                          "1Z999AA10123456784", "12345"})
        EXPECT_TRUE(usps_->detect(n).empty()) << n;
}

TEST_F(DetectionTest, UspsS10) {
    auto claims = usps_->detect("rr123456785us");
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].service, "S10 (US)");
    EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kValid);
    claims = usps_->detect("AA473124829GB");
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].service, "S10 (GB)");
    EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kValid);
    claims = usps_->detect("RR123456784US");
    ASSERT_EQ(claims.size(), 1u);
    EXPECT_EQ(claims[0].check_digit, sdk::CheckDigit::kInvalid);
    for (const char* n : {"R1123456785US", "RR12345678US", "RR123456785U1", "RR1234567855US"})
        EXPECT_TRUE(usps_->detect(n).empty()) << n;
}

}  // namespace
}  // namespace unstuck::test::ups_usps
