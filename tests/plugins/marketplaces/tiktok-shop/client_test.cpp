// The Open API client through the plugin: access tokens refreshed before they expire and once when refused,
// credentials the API refuses named by code, and rate limits.

#include <gtest/gtest.h>

#include "tiktok_shop_fixture.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::MarketplaceResult<sdk::OrderPage>::Kind;

std::size_t answered(const TikTokShopEmulator& tts, std::int64_t code) {
    std::size_t n = 0;
    for (const auto& r : tts.requests()) n += r.code == code ? 1 : 0;
    return n;
}

TEST_F(TikTokShopTest, ATokenIsRefreshedOnceAndKeptWhileItIsValid) {
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    ASSERT_EQ(p->changed_orders(kOtherShop, "").kind, Kind::kOk);
    EXPECT_EQ(tts.refresh_count(), 1u);
    auto refresh = tts.requests().front();
    EXPECT_EQ(refresh.path, "/api/v2/token/refresh");
    EXPECT_EQ(refresh.query_value("grant_type").value_or(""), "refresh_token");
    EXPECT_EQ(refresh.query_value("refresh_token").value_or(""), kRefreshToken);
}

TEST_F(TikTokShopTest, AnExpiredTokenIsRefreshedOnceAndTheCallSentAgain) {
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    tts.expire_access_tokens();
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(tts.refresh_count(), 2u);
    EXPECT_EQ(answered(tts, TikTokCodes::access_token_expired), 1u);
    EXPECT_EQ(tts.requests().back().code, 0);
}

TEST_F(TikTokShopTest, ATokenExpiringWithinFiveMinutesIsRefreshedBeforeTheCall) {
    tts.set_access_token_lifetime(240);  // every token issued expires within the 5 minutes' margin
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    std::size_t api_calls = 0;
    for (const auto& r : tts.requests()) api_calls += r.path.rfind("/api/v2/token/", 0) == 0 ? 0 : 1;
    EXPECT_EQ(api_calls, 3u);                                         // shops, then two searches
    EXPECT_EQ(tts.refresh_count(), api_calls);                        // a refresh before each
    EXPECT_EQ(answered(tts, TikTokCodes::access_token_expired), 0u);  // never sent an expired one

    tts.set_access_token_lifetime(3600);  // one that lasts past the margin is kept
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    EXPECT_EQ(tts.refresh_count(), api_calls + 1);
}

TEST_F(TikTokShopTest, AWrongSecretIsAClearErrorNamingThePathAndTheCode) {
    const std::string wrong = "0000000000wrongsecret0000000000";
    auto p = plugin("", R"("tiktok-shop": {"app_secret": ")" + wrong + R"(", "access_token": ")" +
                            tts.access_token() + R"("})");
    ASSERT_TRUE(p);
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kRejected);
    EXPECT_NE(r.message.find("GET /authorization/202309/shops"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("code 106001"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find("sign"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find(wrong), std::string::npos);
    EXPECT_EQ(r.message.find(tts.access_token()), std::string::npos);
}

TEST_F(TikTokShopTest, AnExpiredRefreshTokenIsRejectedWithTheAuthHostsCode) {
    tts.expire_refresh_token();
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kRejected);
    EXPECT_NE(r.message.find("refreshing the access token"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find(std::to_string(TikTokCodes::refresh_token_expired)), std::string::npos)
        << r.message;
    EXPECT_EQ(r.message.find(kRefreshToken), std::string::npos);
}

TEST_F(TikTokShopTest, A429IsSentAgainAfterRetryAfter) {
    auto p = plugin();
    ASSERT_TRUE(p);
    ASSERT_EQ(p->changed_orders(kSofShop, "").kind, Kind::kOk);
    tts.throttle(1, 1);
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(answered(tts, TikTokCodes::rate_limited), 1u);
}

TEST_F(TikTokShopTest, RateLimitedBeyondTheHostsAttemptsIsARetryWithRetryAfter) {
    auto p = plugin("", "", R"("max_attempts": 1, "backoff_base_ms": 1)");
    ASSERT_TRUE(p);
    tts.throttle(10, 7);
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kRetry) << r.message;
    ASSERT_TRUE(r.retry_after);
    EXPECT_EQ(*r.retry_after, std::chrono::seconds(7));
    EXPECT_NE(r.message.find("code 36009002"), std::string::npos) << r.message;
}

TEST_F(TikTokShopTest, ARateLimitCodeInA200EnvelopeIsARetryToo) {
    auto p = plugin();
    ASSERT_TRUE(p);
    tts.inject({.method = "POST",
                .path = "/order/202309/orders/search",
                .status = 200,
                .body = R"({"code":36009002,"message":"Too many requests.","request_id":"r1","data":{}})",
                .times = 1});
    auto r = p->changed_orders(kSofShop, "");
    ASSERT_EQ(r.kind, Kind::kRetry) << r.message;
    EXPECT_NE(r.message.find("POST /order/202309/orders/search: code 36009002"), std::string::npos)
        << r.message;
}

TEST_F(TikTokShopTest, TheShopsAreTheConfiguredOnesAndABadSettingRefusesThePluginNamingIt) {
    auto p = plugin();
    ASSERT_TRUE(p);
    EXPECT_EQ(p->shops(), (std::vector<std::string>{kSofShop, kOtherShop}));
    EXPECT_TRUE(tts.requests().empty());  // nothing is asked before a call needs it

    host_ = make_host(R"("tiktok-shop": {"app_key": "k", "shops": ["1"], "page_size": 500})",
                      R"("tiktok-shop": {"app_secret": "s", "refresh_token": "r"})", "");
    ASSERT_TRUE(host_);
    auto refused = host_->marketplace("tiktok-shop");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("page_size must be 1..100, not 500"), std::string::npos)
        << refused.error().message;

    host_ = make_host(R"("tiktok-shop": {"app_key": "k", "shops": ["1"]})",
                      R"("tiktok-shop": {"refresh_token": "r"})", "");
    ASSERT_TRUE(host_);
    refused = host_->marketplace("tiktok-shop");
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("app_secret"), std::string::npos) << refused.error().message;
}

}  // namespace
}  // namespace unstuck::test
