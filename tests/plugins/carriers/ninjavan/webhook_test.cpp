// Ninja Van's webhooks through the real loader and the plugin's webhook_receiver(): X-Ninjavan-Hmac-Sha256
// verified with the client secret, bodies read into updates.

#include <gtest/gtest.h>

#include "support/carrier_host.hpp"
#include "unstuck/kit/signature.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::WebhookResult::Kind;

constexpr const char* kSecret = "nv-client-secret-7f3a";

const std::string kDelivered =
    R"({"shipper_id":7231,"status":"Delivered","shipper_order_ref_no":"ORD-2024-1001",)"
    R"("timestamp":"2024-07-17T14:05:22+0800","event":"Delivered, Received by Customer",)"
    R"("tracking_id":"NVMYSHOPX000123456","is_parcel_on_rts_leg":false,)"
    R"("delivery_information":{"state":"Completed","left_in_safe_place":false,)"
    R"("proof":{"signature_uri":"https://example.invalid/sig.png","signed_by":{"name":"Tan Mei Ling"}}}})";

std::string sign(const std::string& body, const std::string& secret = kSecret) {
    return kit::to_base64(kit::hmac_sha256(secret, body));
}

class NinjavanWebhookTest : public ::testing::Test {
  protected:
    void SetUp() override { load(kSecret); }

    void load(const std::string& secret) {
        std::string secrets = secret.empty() ? "" : R"("ninjavan": {"client_secret": ")" + secret + R"("})";
        host_ = make_host("", secrets, "");
        ASSERT_TRUE(host_);
        plugin_ = carrier(*host_, "ninjavan");
        ASSERT_TRUE(plugin_);
        receiver_ = plugin_->webhook_receiver();
        ASSERT_NE(receiver_, nullptr);
    }

    sdk::WebhookResult push(const std::string& body, std::optional<std::string> signature) {
        sdk::WebhookRequest request;
        request.method = "POST";
        request.target = "/v1/webhooks/ninjavan";
        request.headers = {{"Content-Type", "application/json"}};
        if (signature) request.headers.push_back({"X-Ninjavan-Hmac-Sha256", *signature});
        request.body = body;
        return receiver_->receive(request);
    }

    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> plugin_;
    sdk::WebhookReceiver* receiver_ = nullptr;
};

TEST_F(NinjavanWebhookTest, ASignedPushIsOneUpdateWithItsEventAndProof) {
    auto r = push(kDelivered, sign(kDelivered));
    ASSERT_EQ(r.kind, Kind::kAccepted) << r.message;
    ASSERT_EQ(r.push.updates.size(), 1u);
    const auto& u = r.push.updates[0];
    EXPECT_EQ(u.tracking_number, "NVMYSHOPX000123456");
    EXPECT_EQ(u.carrier, "ninjavan");
    EXPECT_EQ(u.shipment.status, sdk::TrackingStatus::kDelivered);
    ASSERT_EQ(u.shipment.events.size(), 1u);
    EXPECT_EQ(sdk::format_utc(u.shipment.events[0].at), "2024-07-17T06:05:22Z");
    ASSERT_TRUE(u.shipment.proof_of_delivery.has_value());
    EXPECT_EQ(u.shipment.proof_of_delivery->received_by, "Tan Mei Ling");
    EXPECT_TRUE(r.push.reply_body.empty());
    EXPECT_FALSE(r.push.signed_at.has_value());
}

TEST_F(NinjavanWebhookTest, ARetriedPushNamesTheSameDeliveryAndAnotherEventAnother) {
    auto first = push(kDelivered, sign(kDelivered));
    auto again = push(kDelivered, sign(kDelivered));
    ASSERT_EQ(first.kind, Kind::kAccepted);
    ASSERT_EQ(again.kind, Kind::kAccepted);
    EXPECT_EQ(first.push.delivery_id,
              "NVMYSHOPX000123456|Delivered, Received by Customer|2024-07-17T14:05:22+0800");
    EXPECT_EQ(again.push.delivery_id, first.push.delivery_id);

    std::string other = kDelivered;
    other.replace(other.find("14:05:22"), 8, "14:05:23");
    auto later = push(other, sign(other));
    ASSERT_EQ(later.kind, Kind::kAccepted);
    EXPECT_NE(later.push.delivery_id, first.push.delivery_id);
}

TEST_F(NinjavanWebhookTest, AnArrayOfBodiesGivesOneUpdatePerTrackingId) {
    const std::string body = "[" + kDelivered +
                             R"(,{"tracking_id":"NVMYSHOPX000999888","timestamp":"2024-07-17T09:00:00+0800",)"
                             R"("event":"On Vehicle for Delivery","status":"On Vehicle for Delivery"}])";
    auto r = push(body, sign(body));
    ASSERT_EQ(r.kind, Kind::kAccepted) << r.message;
    ASSERT_EQ(r.push.updates.size(), 2u);
    EXPECT_EQ(r.push.updates[1].tracking_number, "NVMYSHOPX000999888");
    EXPECT_EQ(r.push.updates[1].shipment.status, sdk::TrackingStatus::kOutForDelivery);
}

TEST_F(NinjavanWebhookTest, APushWithoutTheHeaderIsUnsigned) {
    EXPECT_EQ(push(kDelivered, std::nullopt).kind, Kind::kUnsigned);
    EXPECT_EQ(push(kDelivered, "  ").kind, Kind::kUnsigned);
}

TEST_F(NinjavanWebhookTest, ASignatureOfAnotherSecretOrBodyIsBad) {
    auto r = push(kDelivered, sign(kDelivered, "another-secret"));
    EXPECT_EQ(r.kind, Kind::kBadSignature);
    EXPECT_EQ(r.message.find(kSecret), std::string::npos) << "the secret must never be told";
    EXPECT_TRUE(r.push.updates.empty());

    std::string tampered = kDelivered;
    tampered.replace(tampered.find("false,"), 6, "true, ");
    EXPECT_EQ(push(tampered, sign(kDelivered)).kind, Kind::kBadSignature);
    // Hex is not Ninja Van's encoding.
    EXPECT_EQ(push(kDelivered, kit::to_hex(kit::hmac_sha256(kSecret, kDelivered))).kind, Kind::kBadSignature);
}

TEST_F(NinjavanWebhookTest, WithoutAClientSecretNoPushIsAccepted) {
    load("");
    auto r = push(kDelivered, sign(kDelivered));
    EXPECT_EQ(r.kind, Kind::kBadSignature);
    EXPECT_NE(r.message.find("client_secret"), std::string::npos) << r.message;
}

TEST_F(NinjavanWebhookTest, SignedButUnreadableBodiesAreMalformed) {
    for (
        const std::string& body :
        {std::string(R"({"tracking_id":"NV)"), std::string("[]"), std::string("17"),
         std::string(R"({"event":"Cancelled","timestamp":"2024-07-17T09:00:00Z"})"),
         std::string(R"({"tracking_id":"NVMYSHOPX000123456","event":"Cancelled"})"),
         std::string(R"({"tracking_id":"NVMYSHOPX000123456","timestamp":"2024-07-17T09:00:00Z"})"),
         std::string(
             R"([{"tracking_id":"NVMYSHOPX000123456","timestamp":"2024-07-17T09:00:00Z","event":"Cancelled"}, 1])")}) {
        auto r = push(body, sign(body));
        EXPECT_EQ(r.kind, Kind::kMalformed) << body;
        EXPECT_FALSE(r.message.empty()) << body;
        EXPECT_TRUE(r.push.updates.empty()) << body;
    }
}

}  // namespace
}  // namespace unstuck::test
