// The `sweep.marketplaces` setting: the marketplace plugins a sweep sends remedies through and pulls read.

#include <gtest/gtest.h>

#include "unstuck/core/config/host_config.hpp"

namespace unstuck::core {
namespace {

std::string marketplaces_error(const std::string& value) {
    auto config = HostConfig::parse(R"({"sweep": {"marketplaces": )" + value + "}}", "/etc/unstuck");
    return config ? std::string("no error") : config.error().message;
}

TEST(SweepMarketplaces, NoneUnlessConfigured) {
    auto config = HostConfig::parse("{}", "/etc/unstuck");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_TRUE(config->sweep.marketplaces.empty());
}

TEST(SweepMarketplaces, ReadsThePluginNamesInOrder) {
    auto config = HostConfig::parse(R"({"sweep": {"marketplaces": ["tiktok-shop", "fixture-market"]}})",
                                    "/etc/unstuck");
    ASSERT_TRUE(config) << config.error().message;
    EXPECT_EQ(config->sweep.marketplaces, (std::vector<std::string>{"tiktok-shop", "fixture-market"}));
}

TEST(SweepMarketplaces, ErrorsNameTheEntry) {
    EXPECT_EQ(marketplaces_error(R"("tiktok-shop")"), "sweep.marketplaces: expected an array of strings");
    EXPECT_EQ(marketplaces_error(R"(["tiktok-shop", 3])"), "sweep.marketplaces[1]: expected a string");
    EXPECT_EQ(marketplaces_error(R"(["tiktok-shop", ""])"),
              "sweep.marketplaces[1]: expected a marketplace plugin name");
    EXPECT_EQ(marketplaces_error(R"(["a", "b", "a"])"), "sweep.marketplaces[2]: \"a\" is listed twice");
}

}  // namespace
}  // namespace unstuck::core
