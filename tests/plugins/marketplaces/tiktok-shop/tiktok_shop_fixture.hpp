#pragma once
// The tiktok-shop plugin loaded through the real loader (real .so, the host's HTTP client) against the TikTok
// Shop emulator on a loopback port; orders and helpers the suites share.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "support/carrier_host.hpp"
#include "support/tiktok_shop_emulator.hpp"
#include "unstuck/sdk/marketplace.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::test {

constexpr const char* kAppKey = "6c2fjt5tq8tr1";
constexpr const char* kAppSecret = "d93f0a1c7e5b4f2a9e8d7c6b5a4f3e2d1c0b9a8f";
constexpr const char* kRefreshToken = "ROW_refresh_4c1e9a";
constexpr const char* kSofShop = "7494105515082810525";    // Seller Own Fleet, MY
constexpr const char* kOtherShop = "7494105515082810600";  // platform-shipped only, SG
constexpr const char* kUpsProvider = "7117858858072016686";

//! Unix seconds now, by the system clock (the emulator's and the host's).
inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

//! A seller-shipped order as TikTok Shop answers it: one package with its line item (tracking number and
//! provider id), updated at `update_time`.
inline std::string tt_order(const std::string& id, std::int64_t update_time,
                            const std::string& status = "IN_TRANSIT",
                            const std::string& shipping_type = "SELLER",
                            const std::string& provider_id = kUpsProvider,
                            const std::string& provider_name = "UPS") {
    return R"({"id":")" + id + R"(","status":")" + status + R"(","shipping_type":")" + shipping_type +
           R"(","update_time":)" + std::to_string(update_time) + R"(,"create_time":)" +
           std::to_string(update_time - 3600) + R"(,"packages":[{"id":"PKG-)" + id +
           R"("}],"line_items":[{"id":"LI-)" + id + R"(","package_id":"PKG-)" + id +
           R"(","tracking_number":"1Z)" + id + R"(","shipping_provider_id":")" + provider_id +
           R"(","shipping_provider_name":")" + provider_name + R"("}]})";
}

//! A JSON document, parsed (Poco), failing the test when it is not an object.
inline Poco::JSON::Object::Ptr parse_object(const std::string& json) {
    try {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        ADD_FAILURE() << "not a JSON object: " << json << ": " << e.displayText();
        return new Poco::JSON::Object;
    }
}

//! The emulator with two authorized shops, and the plugin loaded against it.
class TikTokShopTest : public ::testing::Test {
  protected:
    TikTokShopEmulator tts{
        kAppKey,
        kAppSecret,
        kRefreshToken,
        {{.id = kSofShop, .name = "Kedai Unstuck", .region = "MY", .cipher = "ROW_cipher_my"},
         {.id = kOtherShop, .name = "Unstuck SG", .region = "SG", .cipher = "ROW_cipher_sg"}}};
    std::int64_t now_s = unix_now();
    std::unique_ptr<core::PluginHost> host_;

    //! The plugin, configured for both shops (`extra` adds config keys, e.g. `, "page_size": 2`).
    std::shared_ptr<sdk::MarketplacePlugin> plugin(const std::string& extra = "",
                                                   const std::string& secrets = "",
                                                   const std::string& http = "") {
        std::string start = sdk::format_utc_seconds(sdk::Timestamp(std::chrono::seconds(now_s - 86400)));
        std::string config = R"("tiktok-shop": {"base_url": ")" + tts.base_url() + R"(", "auth_url": ")" +
                             tts.auth_url() + R"(", "app_key": ")" + kAppKey + R"(", "shops": [")" +
                             kSofShop + R"(", ")" + kOtherShop + R"("], "seller_own_fleet": [")" + kSofShop +
                             R"("], "carriers": {"USPS": "usps", ")" + kUpsProvider +
                             R"(": "ups"}, "start_time": ")" + start + R"(")" + extra + "}";
        std::string secret_section = secrets.empty()
                                         ? R"("tiktok-shop": {"app_secret": ")" + std::string(kAppSecret) +
                                               R"(", "refresh_token": ")" + kRefreshToken + R"("})"
                                         : secrets;
        host_ = make_host(config, secret_section,
                          http.empty() ? R"("read_timeout_ms": 3000, "max_attempts": 3, "backoff_base_ms": 1,
                                            "backoff_max_ms": 5)"
                                       : http);
        if (!host_) return nullptr;
        auto p = host_->marketplace("tiktok-shop");
        EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
        return p ? *p : nullptr;
    }
};

}  // namespace unstuck::test
