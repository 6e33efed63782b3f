#include <gtest/gtest.h>

#include <stdexcept>

#include "ticketing/common/base_url.hpp"

namespace unstuck::ticketing {
namespace {

TEST(BaseUrlSetting, HttpUrlsLoseTrailingSlashes) {
    sdk::PluginConfig config;
    config.set("base_url", std::string("https://example.zendesk.com//"));
    EXPECT_EQ(base_url_setting(config), "https://example.zendesk.com");
    config.set("base_url", std::string("http://127.0.0.1:9000"));
    EXPECT_EQ(base_url_setting(config), "http://127.0.0.1:9000");
}

TEST(BaseUrlSetting, AnythingElseIsRefusedNamingTheKeyAndValue) {
    sdk::PluginConfig config;
    for (const char* bad : {"", "ftp://x", "example.com", "https:/x"}) {
        config.set("base_url", std::string(bad));
        try {
            base_url_setting(config);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const std::invalid_argument& e) {
            EXPECT_EQ(std::string(e.what()),
                      std::string("config.base_url: expected an http:// or https:// URL, got '") + bad + "'");
        }
    }
    EXPECT_THROW(base_url_setting(sdk::PluginConfig{}), std::invalid_argument);
}

}  // namespace
}  // namespace unstuck::ticketing
