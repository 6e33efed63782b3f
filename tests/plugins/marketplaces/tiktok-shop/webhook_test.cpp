// Pushes on the host's /v1/webhooks/tiktok-shop: the Authorization signature checked, order status changes
// and package updates read as changed orders.

#include <gtest/gtest.h>

#include "tiktok_shop_fixture.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::WebhookResult::Kind;

sdk::MarketplacePushResult push(sdk::MarketplacePlugin& p, const std::string& body,
                                const std::optional<std::string>& authorization) {
    sdk::WebhookRequest request;
    request.method = "POST";
    request.target = "/v1/webhooks/tiktok-shop";
    request.headers = {{"Content-Type", "application/json"}};
    if (authorization) request.headers.emplace_back("Authorization", *authorization);
    request.body = body;
    return p.receive(request);
}

// The signature as TikTok Shop documents it, computed here.
std::string signature_of(const std::string& body) {
    return kit::to_hex(kit::hmac_sha256(kAppSecret, std::string(kAppKey) + body));
}

TEST_F(TikTokShopTest, AnOrderStatusPushNamesTheOrderAndWhenItWasSigned) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto hook =
        tts.signed_webhook(1, kSofShop, R"({"order_id":"576461413038785752","order_status":"IN_TRANSIT"})");
    auto result = push(*p, hook.body, hook.authorization);
    ASSERT_EQ(result.kind, Kind::kAccepted) << result.message;
    ASSERT_EQ(result.push.orders.size(), 1u);
    EXPECT_EQ(result.push.orders[0].shop_id, kSofShop);
    EXPECT_EQ(result.push.orders[0].order_id, "576461413038785752");
    EXPECT_EQ(result.push.orders[0].what, "order status change");
    auto body = parse_object(hook.body);
    ASSERT_TRUE(result.push.signed_at);
    EXPECT_EQ(*result.push.signed_at,
              sdk::Timestamp(std::chrono::seconds(body->getValue<std::int64_t>("timestamp"))));
    EXPECT_EQ(result.push.delivery_id, body->optValue<std::string>("tts_notification_id", ""));
}

TEST_F(TikTokShopTest, APackageUpdateIsAChangedOrderAndOtherTypesAreAcceptedWithNone) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto hook = tts.signed_webhook(4, kSofShop, R"({"order_id":"576461413038785753","package_id":"PKG-1"})");
    auto result = push(*p, hook.body, hook.authorization);
    ASSERT_EQ(result.kind, Kind::kAccepted) << result.message;
    ASSERT_EQ(result.push.orders.size(), 1u);
    EXPECT_EQ(result.push.orders[0].what, "package update");

    auto other = tts.signed_webhook(6, kSofShop, R"({"product_id":"1729"})");
    result = push(*p, other.body, other.authorization);
    ASSERT_EQ(result.kind, Kind::kAccepted) << result.message;
    EXPECT_TRUE(result.push.orders.empty());
}

TEST_F(TikTokShopTest, UnsignedBadlySignedAndMalformedPushesAreRefused) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto hook = tts.signed_webhook(1, kSofShop, R"({"order_id":"576461413038785752"})");

    auto none = push(*p, hook.body, std::nullopt);
    EXPECT_EQ(none.kind, Kind::kUnsigned);
    EXPECT_NE(none.message.find("Authorization"), std::string::npos);

    std::string tampered = hook.body;
    tampered.replace(tampered.find("576461413038785752"), 18, "576461413038785799");
    auto bad = push(*p, tampered, hook.authorization);
    EXPECT_EQ(bad.kind, Kind::kBadSignature);
    EXPECT_EQ(bad.message.find(hook.authorization), std::string::npos);
    EXPECT_EQ(push(*p, hook.body, signature_of(hook.body + " ")).kind, Kind::kBadSignature);

    for (std::string body :
         {std::string("not json"), std::string(R"({"type":1,"shop_id":"1","timestamp":1700000000})"),
          std::string(R"({"type":1,"shop_id":"1","timestamp":1700000000,"data":{}})"),
          std::string(R"({"shop_id":"1","timestamp":1700000000,"data":{"order_id":"2"}})"),
          std::string(R"({"type":1,"shop_id":"1","timestamp":1700000000000,"data":{"order_id":"2"}})")}) {
        auto result = push(*p, body, signature_of(body));
        EXPECT_EQ(result.kind, Kind::kMalformed) << body;
        EXPECT_FALSE(result.message.empty());
    }
    auto ms =
        push(*p, R"({"type":1,"shop_id":"1","timestamp":1700000000000,"data":{"order_id":"2"}})",
             signature_of(R"({"type":1,"shop_id":"1","timestamp":1700000000000,"data":{"order_id":"2"}})"));
    EXPECT_NE(ms.message.find("timestamp: 1700000000000 is in milliseconds"), std::string::npos)
        << ms.message;
}

}  // namespace
}  // namespace unstuck::test
