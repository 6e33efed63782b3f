#include <gtest/gtest.h>

#include <stdexcept>

#include "unstuck/kit/plugin_settings.hpp"

namespace unstuck::kit {
namespace {

TEST(PluginSettings, NoConfigReadsAsEmpty) {
    sdk::HostServices host;
    EXPECT_TRUE(config_or_empty(host).values().empty());
    sdk::PluginConfig config;
    config.set("base_url", std::string("https://x.test"));
    host.config = &config;
    EXPECT_EQ(&config_or_empty(host), &config);
}

TEST(PluginSettings, BaseUrlFallsBackAndLosesTrailingSlashes) {
    sdk::PluginConfig config;
    EXPECT_EQ(base_url_setting(config, "https://apis.example.com/"), "https://apis.example.com");
    config.set("base_url", std::string("http://127.0.0.1:8080//"));
    EXPECT_EQ(base_url_setting(config, "https://apis.example.com"), "http://127.0.0.1:8080");
}

TEST(PluginSettings, ABaseUrlWithoutHttpSchemeIsRefusedNamingTheCarrier) {
    EXPECT_NO_THROW(require_http_url("http://a", "ups"));
    EXPECT_NO_THROW(require_http_url("https://a", "ups"));
    try {
        require_http_url("ftp://a", "usps");
        FAIL() << "accepted ftp://a";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "usps: base_url must start with http:// or https://, not \"ftp://a\"");
    }
}

TEST(PluginSettings, TimeoutOnlyWhenPositive) {
    sdk::PluginConfig config;
    EXPECT_FALSE(timeout_setting(config));
    config.set("timeout_ms", std::int64_t{0});
    EXPECT_FALSE(timeout_setting(config));
    config.set("timeout_ms", std::int64_t{-5});
    EXPECT_FALSE(timeout_setting(config));
    config.set("timeout_ms", std::int64_t{1500});
    ASSERT_TRUE(timeout_setting(config));
    EXPECT_EQ(*timeout_setting(config), std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace unstuck::kit
