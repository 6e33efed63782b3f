// J&T's tracking pushes through the real loader and the plugin's webhook_receiver(): the digest over
// bizContent verified with the private key, batches read into updates.

#include <gtest/gtest.h>

#include "support/carrier_host.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/signature.hpp"
#include "unstuck/sdk/webhook.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::WebhookResult::Kind;

constexpr const char* kAccount = "640826271705595946";
constexpr const char* kKey = "8e88c8477d4e4939859c560192fcafbc";

// Two bills in one push, as J&T batches them.
const std::string kBatch =
    R"([{"billCode":"630002864925","txlogisticId":"ORD-1001","details":[)"
    R"({"scanTime":"2024-07-17 13:20:59","desc":"Parcel has been delivered","scanTypeCode":"100",)"
    R"("scanTypeName":"Delivery Signature","scanNetworkCity":"Ipoh",)"
    R"("sigPicUrl":"https://example.invalid/sign/630002864925.jpg"},)"
    R"({"scanTime":"2024-07-17 08:45:02","desc":"Parcel is out for delivery","scanTypeCode":"94",)"
    R"("scanNetworkCity":"Ipoh"}]},)"
    R"({"billCode":"670300032350","details":[{"scanTime":"2024-07-17 09:00:00",)"
    R"("desc":"Parcel has arrived at KUL Gateway","scanTypeCode":"30","scanNetworkCity":"Klang"}]}])";

std::string digest(const std::string& biz, const std::string& key = kKey) {
    return kit::to_base64(kit::md5(biz + key));
}

class JntWebhookTest : public ::testing::Test {
  protected:
    void SetUp() override { load(kKey); }

    void load(const std::string& key, const std::string& account = kAccount) {
        std::string secrets = key.empty() ? "" : R"("jnt": {"private_key": ")" + key + R"("})";
        host_ = make_host(R"("jnt": {"api_account": ")" + account + R"("})", secrets, "");
        ASSERT_TRUE(host_);
        plugin_ = carrier(*host_, "jnt");
        ASSERT_TRUE(plugin_);
        receiver_ = plugin_->webhook_receiver();
        ASSERT_NE(receiver_, nullptr);
    }

    // A push as J&T sends it: form-encoded bizContent and the three headers.
    sdk::WebhookResult push(const std::string& biz, std::optional<std::string> sent_digest,
                            const std::string& account = kAccount) {
        body_ = "bizContent=" + kit::form_encode(biz);
        sdk::WebhookRequest request;
        request.method = "POST";
        request.target = "/v1/webhooks/jnt";
        request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                           {"apiAccount", account},
                           {"timestamp", "1721193659000"}};
        if (sent_digest) request.headers.push_back({"digest", *sent_digest});
        request.body = body_;
        return receiver_->receive(request);
    }

    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> plugin_;
    sdk::WebhookReceiver* receiver_ = nullptr;
    std::string body_;
};

TEST_F(JntWebhookTest, ASignedBatchGivesOneUpdatePerBillAndJntsReply) {
    auto r = push(kBatch, digest(kBatch));
    ASSERT_EQ(r.kind, Kind::kAccepted) << r.message;
    EXPECT_EQ(r.push.reply_body, R"({"code":"1","msg":"success","data":"SUCCESS"})");
    EXPECT_FALSE(r.push.signed_at.has_value());
    ASSERT_EQ(r.push.updates.size(), 2u);
    const auto& first = r.push.updates[0];
    EXPECT_EQ(first.tracking_number, "630002864925");
    EXPECT_EQ(first.carrier, "jnt");
    EXPECT_EQ(first.shipment.status, sdk::TrackingStatus::kDelivered);
    ASSERT_EQ(first.shipment.events.size(), 2u);
    EXPECT_EQ(sdk::format_utc(first.shipment.events[0].at), "2024-07-17T00:45:02Z");
    ASSERT_TRUE(first.shipment.proof_of_delivery.has_value());
    EXPECT_EQ(first.shipment.proof_of_delivery->url, "https://example.invalid/sign/630002864925.jpg");
    EXPECT_EQ(r.push.updates[1].tracking_number, "670300032350");
    EXPECT_EQ(r.push.updates[1].shipment.status, sdk::TrackingStatus::kInTransit);
}

TEST_F(JntWebhookTest, TheHeaderNamesAreCaseInsensitive) {
    sdk::WebhookRequest request;
    std::string body = "bizContent=" + kit::form_encode(kBatch);
    request.body = body;
    request.headers = {{"APIACCOUNT", kAccount}, {"Digest", digest(kBatch)}};
    EXPECT_EQ(receiver_->receive(request).kind, Kind::kAccepted);
}

TEST_F(JntWebhookTest, APushWithoutDigestIsUnsigned) {
    auto r = push(kBatch, std::nullopt);
    EXPECT_EQ(r.kind, Kind::kUnsigned);
    EXPECT_TRUE(r.push.updates.empty());
    EXPECT_EQ(push(kBatch, "").kind, Kind::kUnsigned);
}

TEST_F(JntWebhookTest, ADigestOfAnotherKeyOrAnotherBodyIsABadSignature) {
    auto other_key = push(kBatch, digest(kBatch, "0000000000000000000000000000beef"));
    EXPECT_EQ(other_key.kind, Kind::kBadSignature);
    EXPECT_EQ(other_key.message.find(kKey), std::string::npos) << "the key must never be told";

    std::string tampered = kBatch;
    tampered.replace(tampered.find("\"100\""), 5, "\"110\"");
    EXPECT_EQ(push(tampered, digest(kBatch)).kind, Kind::kBadSignature);
    // The digest J&T computes is over the JSON as sent, not over its form encoding.
    EXPECT_EQ(push(kBatch, digest(kit::form_encode(kBatch))).kind, Kind::kBadSignature);
}

TEST_F(JntWebhookTest, AnotherApiAccountIsABadSignature) {
    EXPECT_EQ(push(kBatch, digest(kBatch), "111111111111111111").kind, Kind::kBadSignature);
}

TEST_F(JntWebhookTest, WithoutAPrivateKeyNoPushIsAccepted) {
    load("");
    auto r = push(kBatch, digest(kBatch));
    EXPECT_EQ(r.kind, Kind::kBadSignature);
    EXPECT_NE(r.message.find("private_key"), std::string::npos) << r.message;
}

TEST_F(JntWebhookTest, SignedButUnreadablePushesAreMalformed) {
    for (const std::string& biz : {std::string(R"([{"billCode":"6300)"), std::string("[]"), std::string("42"),
                                   std::string(R"([{"details":[]}])"), std::string(R"([{"billCode":"1"}])"),
                                   std::string(R"([{"billCode":"1","details":[]}, 7])")}) {
        auto r = push(biz, digest(biz));
        EXPECT_EQ(r.kind, Kind::kMalformed) << biz;
        EXPECT_FALSE(r.message.empty()) << biz;
        EXPECT_TRUE(r.push.updates.empty()) << biz;
    }
}

TEST_F(JntWebhookTest, ABodyWithoutBizContentIsMalformedWhenSigned) {
    sdk::WebhookRequest request;
    std::string body = "data=1";
    request.body = body;
    request.headers = {{"apiAccount", kAccount}, {"digest", digest(body)}};
    EXPECT_EQ(receiver_->receive(request).kind, Kind::kMalformed);
    request.headers = {{"apiAccount", kAccount}, {"digest", digest("other")}};
    EXPECT_EQ(receiver_->receive(request).kind, Kind::kBadSignature);
}

}  // namespace
}  // namespace unstuck::test
