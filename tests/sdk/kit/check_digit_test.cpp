#include <gtest/gtest.h>

#include <array>

#include "unstuck/kit/check_digit.hpp"

namespace unstuck::kit {
namespace {

TEST(Mod10, UpsLettersCountAsAsciiMinusThreeAndOddPositionsDouble) {
    // UPS's published example 1Z 999 AA1 01 2345 678 4: payload after "1Z", check digit 4.
    EXPECT_EQ(mod10_check_digit("999AA1012345678", 1, 2), 4);
    EXPECT_EQ(mod10_char_value('A'), 2);
    EXPECT_EQ(mod10_char_value('z'), 7);  // 'Z' = 90, (90 - 3) % 10
    EXPECT_FALSE(mod10_char_value('-').has_value());
    EXPECT_FALSE(mod10_check_digit("12-4", 1, 2).has_value());
    EXPECT_FALSE(mod10_check_digit("", 1, 2).has_value());
}

TEST(Mod10, ImpbWeightsThreeAndOneFromTheRight) {
    // Numbers USPS's test environment answers for: the last digit is the check digit.
    for (std::string_view n :
         {"9205590982952107001084", "9361289673090019555035", "92055124161170148800000274"}) {
        auto d = mod10_check_digit(n.substr(0, n.size() - 1), 3, 1, true);
        ASSERT_TRUE(d.has_value()) << n;
        EXPECT_EQ(*d, n.back() - '0') << n;
    }
    // One digit changed moves the check digit (weight 3 on the last payload digit: +1 there is -3 mod 10).
    EXPECT_EQ(mod10_check_digit("920559098295210700109", 3, 1, true), 1);
}

TEST(Mod7, IsTheRemainder) {
    EXPECT_EQ(mod7_check_digit("123456789"), 123456789 % 7);
    EXPECT_EQ(mod7_check_digit("0"), 0);
    EXPECT_EQ(mod7_check_digit("9999999999"), static_cast<int>(9999999999LL % 7));
    EXPECT_FALSE(mod7_check_digit("12a").has_value());
}

TEST(S10, WeightsEightSixFourTwoThreeFiveNineSeven) {
    EXPECT_EQ(s10_check_digit("47312482"), 9);  // AA 47312482 9 GB, the UPU example
    EXPECT_EQ(s10_check_digit("12345678"), 5);  // 204 mod 11 = 6, 11 - 6 = 5
    // r = 10 gives 0 and r = 11 gives 5: find serials that hit both ends.
    bool saw_zero = false, saw_five_from_eleven = false;
    for (int i = 0; i < 2000 && !(saw_zero && saw_five_from_eleven); ++i) {
        char buf[9];
        std::snprintf(buf, sizeof buf, "%08d", i * 7919 % 100000000);
        std::array<int, 8> w{8, 6, 4, 2, 3, 5, 9, 7};
        long long sum = 0;
        for (int k = 0; k < 8; ++k) sum += (buf[k] - '0') * w[k];
        int r = 11 - static_cast<int>(sum % 11);
        auto d = s10_check_digit(buf);
        ASSERT_TRUE(d.has_value());
        if (r == 10) {
            EXPECT_EQ(*d, 0);
            saw_zero = true;
        } else if (r == 11) {
            EXPECT_EQ(*d, 5);
            saw_five_from_eleven = true;
        } else {
            EXPECT_EQ(*d, r);
        }
    }
    EXPECT_TRUE(saw_zero && saw_five_from_eleven);
    EXPECT_FALSE(s10_check_digit("1234567").has_value());
    EXPECT_FALSE(s10_check_digit("1234567X").has_value());
}

TEST(WeightedSum, RepeatsTheWeightsCyclically) {
    const int w[] = {3, 1, 7};
    EXPECT_EQ(weighted_digit_sum("1111", w), 3 + 1 + 7 + 3);
    EXPECT_FALSE(weighted_digit_sum("1a", w).has_value());
    EXPECT_FALSE(weighted_digit_sum("11", std::span<const int>{}).has_value());
    EXPECT_TRUE(all_digits("0123"));
    EXPECT_FALSE(all_digits(""));
    EXPECT_FALSE(all_digits("12 3"));
}

TEST(Mod11, IsbnTenExamples) {
    static constexpr int kIsbn[] = {10, 9, 8, 7, 6, 5, 4, 3, 2};
    EXPECT_EQ(mod11_check_digit("030640615", kIsbn), 2);   // ISBN 0-306-40615-2
    EXPECT_EQ(mod11_check_digit("080442957", kIsbn), 10);  // ISBN 0-8044-2957-X: 10 is written X
    EXPECT_EQ(mod11_check_digit("097522980", kIsbn), 10);  // ISBN 0-9752298-0-X
    EXPECT_EQ(mod11_check_digit("030640616", kIsbn), 0);   // 132 is 0 mod 11: (11 - 0) mod 11 = 0
    EXPECT_FALSE(mod11_check_digit("03064061X", kIsbn).has_value());
    EXPECT_FALSE(mod11_check_digit("", kIsbn).has_value());
    EXPECT_FALSE(mod11_check_digit("0306", std::span<const int>{}).has_value());
}

TEST(Mod11, TheS10WeightsGiveTheUpuValueBeforeItsTwoSpecialCases) {
    static constexpr int kS10[] = {8, 6, 4, 2, 3, 5, 9, 7};
    EXPECT_EQ(mod11_check_digit("47312482", kS10), 9);  // RR 47312482 9 GB, the UPU example
    EXPECT_EQ(mod11_check_digit("47312482", kS10), s10_check_digit("47312482"));
}

TEST(Luhn, PublishedExamples) {
    EXPECT_EQ(luhn_check_digit("7992739871"), 3);  // the ISO/IEC 7812 worked example 79927398713
    EXPECT_TRUE(luhn_valid("79927398713"));
    for (const char* bad : {"79927398710", "79927398711", "79927398712", "79927398714", "79927398719"})
        EXPECT_FALSE(luhn_valid(bad)) << bad;
    EXPECT_TRUE(luhn_valid("4111111111111111"));  // the usual test card numbers
    EXPECT_TRUE(luhn_valid("5555555555554444"));
    EXPECT_TRUE(luhn_valid("378282246310005"));
    EXPECT_FALSE(luhn_valid("4111111111111112"));
    EXPECT_TRUE(luhn_valid("00"));
    EXPECT_FALSE(luhn_valid("0"));
    EXPECT_FALSE(luhn_valid("4111 1111 1111 1111"));
    EXPECT_FALSE(luhn_check_digit("").has_value());
    EXPECT_FALSE(luhn_check_digit("12a").has_value());
}

}  // namespace
}  // namespace unstuck::kit
