// AfterShip's webhook pushes through the plugin loaded by the real loader: a push signed with the webhook
// secret is read into a tracking update; an unsigned, a wrongly signed and a malformed one are refused.

#include <gtest/gtest.h>

#include "support/carrier_host.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using WKind = sdk::WebhookResult::Kind;

constexpr const char* kSecret = "as-webhook-secret";
// A push and its aftership-hmac-sha256, base64(HMAC-SHA256(secret, body)), computed apart from the SDK.
constexpr const char* kPending =
    R"({"event":"tracking_update","event_id":"e-1","msg":{"tracking_number":"NV2024071500001","slug":"ninjavan","tag":"Pending","checkpoints":[]},"ts":1721743000})";
constexpr const char* kPendingSignature = "pAdz6vZwTI+BUJf/vK957fmb2+/HkqVIEFUFkixfb7c=";

class AftershipWebhookTest : public ::testing::Test {
  protected:
    void SetUp() override {
        host_ = make_host(
            R"("aftership": {})",
            std::string(R"("aftership": {"api_key": "k", "webhook_secret": ")") + kSecret + "\"}", "");
        ASSERT_TRUE(host_);
        plugin_ = carrier(*host_, "aftership");
        ASSERT_TRUE(plugin_);
        receiver_ = plugin_->webhook_receiver();
        ASSERT_NE(receiver_, nullptr);
    }

    static std::string sign(const std::string& body, const std::string& secret = kSecret) {
        return kit::to_base64(kit::hmac_sha256(secret, body));
    }

    sdk::WebhookResult receive(const std::string& body, std::optional<std::string> signature) {
        sdk::WebhookRequest request;
        request.method = "POST";
        request.target = "/v1/webhooks/aftership";
        if (signature) request.headers.push_back({"aftership-hmac-sha256", *signature});
        request.body = body;
        return receiver_->receive(request);
    }

    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> plugin_;
    sdk::WebhookReceiver* receiver_ = nullptr;
};

TEST_F(AftershipWebhookTest, ASignedUpdateBecomesTheNumbersShipment) {
    const std::string body = read_source("tests/golden/aftership/webhook_push.json");
    auto result = receive(body, sign(body));
    ASSERT_EQ(result.kind, WKind::kAccepted) << result.message;
    EXPECT_EQ(result.push.delivery_id, "b5ce8e28-7e06-4f6f-8a39-9a3b6d7a3cc5");
    ASSERT_TRUE(result.push.signed_at.has_value());
    EXPECT_EQ(sdk::format_utc(*result.push.signed_at), "2024-07-23T13:56:40Z");
    ASSERT_EQ(result.push.updates.size(), 1u);
    const auto& update = result.push.updates[0];
    EXPECT_EQ(update.tracking_number, "7489012345678901");
    EXPECT_EQ(update.carrier, "fedex");  // slug fedex
    EXPECT_EQ(update.shipment.status, sdk::TrackingStatus::kOutForDelivery);
    EXPECT_EQ(update.shipment.events.size(), 2u);
}

TEST_F(AftershipWebhookTest, TheSignatureMatchesOneComputedApart) {
    EXPECT_EQ(sign(kPending), kPendingSignature);
    auto result = receive(kPending, kPendingSignature);
    ASSERT_EQ(result.kind, WKind::kAccepted) << result.message;
    EXPECT_TRUE(result.push.updates.empty());  // still Pending: nothing to merge
    EXPECT_EQ(result.push.delivery_id, "e-1");
}

TEST_F(AftershipWebhookTest, AnUnsignedPushIsRefused) {
    EXPECT_EQ(receive(kPending, std::nullopt).kind, WKind::kUnsigned);
    EXPECT_EQ(receive(kPending, "").kind, WKind::kUnsigned);
}

TEST_F(AftershipWebhookTest, AWrongSignatureIsRefused) {
    auto other = receive(kPending, sign(kPending, "another-secret"));
    EXPECT_EQ(other.kind, WKind::kBadSignature);
    EXPECT_EQ(other.message.find(kPendingSignature), std::string::npos);
    std::string tampered = kPending;
    tampered.replace(tampered.find("Pending\""), 7, "Expired");
    EXPECT_EQ(receive(tampered, kPendingSignature).kind, WKind::kBadSignature);
    // The hex form of the same HMAC is not AfterShip's scheme.
    EXPECT_EQ(receive(kPending, kit::to_hex(kit::hmac_sha256(kSecret, kPending))).kind, WKind::kBadSignature);
}

TEST_F(AftershipWebhookTest, ASignedBodyThatIsNoPushIsMalformed) {
    for (std::string body : {std::string("<xml/>"), std::string(R"({"event":"tracking_update"})"),
                             std::string(R"({"msg":{"slug":"ups"}})"), std::string(R"({"msg":"text"})")}) {
        auto result = receive(body, sign(body));
        EXPECT_EQ(result.kind, WKind::kMalformed) << body;
        EXPECT_FALSE(result.message.empty());
    }
}

TEST_F(AftershipWebhookTest, WithoutAWebhookSecretThePluginReceivesNothing) {
    auto host = make_host(R"("aftership": {})", R"("aftership": {"api_key": "k"})", "");
    ASSERT_TRUE(host);
    auto p = carrier(*host, "aftership");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->webhook_receiver(), nullptr);
}

}  // namespace
}  // namespace unstuck::test
