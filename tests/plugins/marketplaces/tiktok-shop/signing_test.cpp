// Request signing: TikTok Shop's own worked example, and every request the real plugin sends checked against
// the documented string signed here with the kit's HMAC.

#include <gtest/gtest.h>

#include <map>

#include "marketplaces/tiktok-shop/signing.hpp"
#include "tiktok_shop_fixture.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using marketplaces::tiktok_shop::request_sign;
using marketplaces::tiktok_shop::webhook_sign;

// The documented string, built again here: secret + path + sorted name+value (no sign, no access_token) +
// body (not for multipart) + secret, HMAC-SHA256 keyed with the secret, lowercase hex.
std::string documented_sign(const std::string& secret, const TikTokRequest& r) {
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : r.query)
        if (k != "sign" && k != "access_token") sorted[k] = v;
    std::string input = secret + r.path;
    for (const auto& [k, v] : sorted) input += k + v;
    if (r.header("Content-Type").value_or("").rfind("multipart/", 0) != 0) input += r.body;
    return kit::to_hex(kit::hmac_sha256(secret, input + secret));
}

TEST(TikTokShopSigning, MatchesTikToksWorkedExample) {
    // TikTok Shop's worked example for Get Authorized Shops: app_secret e59af819cc, app_key 29a39d.
    const std::string expected = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8";
    EXPECT_EQ(request_sign("e59af819cc", "/authorization/202309/shops",
                           {{"timestamp", "1623812664"}, {"app_key", "29a39d"}}, ""),
              expected);
    // sign and access_token are left out; the order sent does not matter.
    EXPECT_EQ(
        request_sign(
            "e59af819cc", "/authorization/202309/shops",
            {{"sign", "x"}, {"app_key", "29a39d"}, {"access_token", "y"}, {"timestamp", "1623812664"}}, ""),
        expected);
    // The body counts.
    EXPECT_NE(request_sign("e59af819cc", "/authorization/202309/shops",
                           {{"timestamp", "1623812664"}, {"app_key", "29a39d"}}, "{}"),
              expected);
}

TEST(TikTokShopSigning, WebhookSignatureIsTheHmacOfAppKeyAndBody) {
    const std::string body = R"({"type":1,"shop_id":"7001","timestamp":1700000000,"data":{"order_id":"1"}})";
    EXPECT_EQ(webhook_sign("secret", "key", body), kit::to_hex(kit::hmac_sha256("secret", "key" + body)));
    EXPECT_EQ(webhook_sign("secret", "key", body).size(), 64u);
}

TEST_F(TikTokShopTest, EveryRequestIsSignedAsDocumentedWithTheTokenInItsHeader) {
    auto p = plugin();
    ASSERT_TRUE(p);
    tts.put_order(kSofShop, tt_order("576000000000000001", now_s - 600));
    tts.set_tracking(kSofShop, "576000000000000001", {{"Picked up", (now_s - 700) * 1000}});
    auto page = p->changed_orders(kSofShop, "");
    ASSERT_EQ(page.kind, decltype(page)::Kind::kOk) << page.message;
    ASSERT_EQ(page.value.orders.size(), 1u);

    auto requests = tts.requests();
    std::size_t api_calls = 0;
    for (const auto& r : requests) {
        if (r.path.rfind("/api/v2/token/", 0) == 0) continue;  // the auth host: unsigned by design
        ++api_calls;
        EXPECT_EQ(r.code, 0) << r.path;
        EXPECT_EQ(r.query_value("app_key").value_or(""), kAppKey);
        EXPECT_EQ(r.query_value("sign").value_or(""), documented_sign(kAppSecret, r)) << r.path;
        EXPECT_EQ(r.header("x-tts-access-token").value_or(""), tts.access_token());
        EXPECT_FALSE(r.query_value("access_token"));
        if (r.path == "/authorization/202309/shops") {
            EXPECT_FALSE(r.query_value("shop_cipher"));
        } else {
            EXPECT_EQ(r.query_value("shop_cipher").value_or(""), "ROW_cipher_my") << r.path;
        }
    }
    EXPECT_EQ(api_calls, 3u);  // shops, search, tracking
    EXPECT_EQ(tts.request_count("/authorization/202309/shops"), 1u);
}

}  // namespace
}  // namespace unstuck::test
