// The check digit's verdict on a claim: its three names, both ways.
#include <gtest/gtest.h>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::sdk {
namespace {

TEST(CheckDigit, ThreeNamesBothWays) {
    for (CheckDigit v : {CheckDigit::kAbsent, CheckDigit::kValid, CheckDigit::kInvalid})
        EXPECT_EQ(parse_check_digit(to_string(v)), v) << to_string(v);
    EXPECT_EQ(to_string(CheckDigit::kAbsent), "absent");
    EXPECT_EQ(to_string(CheckDigit::kValid), "valid");
    EXPECT_EQ(to_string(CheckDigit::kInvalid), "invalid");
}

TEST(CheckDigit, OtherNamesAreNone) {
    for (const char* name : {"", "VALID", "true", "Invalid", "none", "absent "})
        EXPECT_FALSE(parse_check_digit(name).has_value()) << name;
}

TEST(CheckDigit, AClaimWithoutAVerdictSaysAbsent) {
    EXPECT_EQ(CarrierClaim{}.check_digit, CheckDigit::kAbsent);
    EXPECT_EQ(check_digit_from(true), CheckDigit::kValid);
    EXPECT_EQ(check_digit_from(false), CheckDigit::kInvalid);
}

}  // namespace
}  // namespace unstuck::sdk
