#include <gtest/gtest.h>

#include <string>

#include "unstuck/kit/system_clock.hpp"
#include "unstuck/kit/url_safe.hpp"

namespace unstuck::kit {
namespace {

TEST(UrlSafeNumber, LettersAndDigitsOnly) {
    EXPECT_TRUE(url_safe_number("1ZA81V440104567821"));
    EXPECT_TRUE(url_safe_number("9400111899223197428497"));
    for (const char* n : {"", "1Z../../admin", "12 34", "12?x=1", "12#", "12/3", "ü1"})
        EXPECT_FALSE(url_safe_number(n)) << n;
}

TEST(UrlSafeNumber, AtMostSixtyFourCharacters) {
    EXPECT_TRUE(url_safe_number(std::string(64, '7')));
    EXPECT_FALSE(url_safe_number(std::string(65, '7')));
}

TEST(SystemClock, FollowsTheSystemClock) {
    SystemClock clock;
    auto before = std::chrono::system_clock::now();
    auto now = clock.now();
    auto after = std::chrono::system_clock::now();
    EXPECT_GE(now, std::chrono::time_point_cast<std::chrono::microseconds>(before));
    EXPECT_LE(now, after);
}

}  // namespace
}  // namespace unstuck::kit
