#include <gtest/gtest.h>

#include "unstuck/sdk/dispute_folder.hpp"

namespace unstuck::sdk {
namespace {

TEST(DisputeFolder, ColonsBecomePlusLettersDigitsAndSafeMarksStay) {
    EXPECT_EQ(dispute_folder_name("tiktok-shop::1:a.b"), "tiktok-shop++1+a.b");
    EXPECT_EQ(dispute_folder_name("shopee:SG_1:5768:pick_up_issues.lost:2"),
              "shopee+SG_1+5768+pick_up_issues.lost+2");
}

TEST(DisputeFolder, EveryOtherByteIsPercentEncodedSoNoKeyLeavesItsFolder) {
    EXPECT_EQ(dispute_folder_name("../x/y"), "%2E.%2Fx%2Fy");
    EXPECT_EQ(dispute_folder_name(".hidden"), "%2Ehidden");
    EXPECT_EQ(dispute_folder_name("a b\\c"), "a%20b%5Cc");
    EXPECT_EQ(dispute_folder_name("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(dispute_folder_name(std::string_view("a\0b", 3)), "a%00b");
    EXPECT_EQ(dispute_folder_name(""), "");
}

TEST(DisputeFolder, DifferentKeysGiveDifferentNames) {
    EXPECT_NE(dispute_folder_name("a:b"), dispute_folder_name("a+b"));
    EXPECT_NE(dispute_folder_name("a%2Eb"), dispute_folder_name("a.b"));
}

}  // namespace
}  // namespace unstuck::sdk
