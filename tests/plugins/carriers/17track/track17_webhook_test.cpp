// 17TRACK's webhook pushes through the plugin loaded by the real loader: a push signed with the security key
// is read into a tracking update; an unsigned, a wrongly signed and a malformed one are refused.

#include <gtest/gtest.h>

#include "support/carrier_host.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using WKind = sdk::WebhookResult::Kind;

constexpr const char* kKey = "17-secret-key";
// A TRACKING_STOPPED push and its sign, sha256(body + "/" + key) in hex, computed apart from the SDK.
constexpr const char* kStopped =
    R"({"event":"TRACKING_STOPPED","data":{"number":"RR123456789CN","carrier":3011,"param":null,"tag":null}})";
constexpr const char* kStoppedSign = "333a837ae42e3487d10b3c5cb34fbf2b5e7dc0db257350ae152dcc5e41f9969c";

class Track17WebhookTest : public ::testing::Test {
  protected:
    void SetUp() override {
        host_ = make_host(R"("17track": {})", std::string(R"("17track": {"api_key": ")") + kKey + "\"}", "");
        ASSERT_TRUE(host_);
        plugin_ = carrier(*host_, "17track");
        ASSERT_TRUE(plugin_);
        receiver_ = plugin_->webhook_receiver();
        ASSERT_NE(receiver_, nullptr);
    }

    static std::string sign(const std::string& body, const std::string& key = kKey) {
        return kit::to_hex(kit::sha256(body + "/" + key));
    }

    sdk::WebhookResult receive(const std::string& body, std::optional<std::string> signature) {
        sdk::WebhookRequest request;
        request.method = "POST";
        request.target = "/v1/webhooks/17track";
        request.headers = {{"Content-Type", "application/json"}};
        if (signature) request.headers.push_back({"sign", *signature});
        request.body = body;
        return receiver_->receive(request);
    }

    std::unique_ptr<core::PluginHost> host_;
    std::shared_ptr<sdk::CarrierPlugin> plugin_;
    sdk::WebhookReceiver* receiver_ = nullptr;
};

TEST_F(Track17WebhookTest, ASignedUpdateBecomesTheNumbersShipment) {
    const std::string body = read_source("tests/golden/17track/webhook_push.json");
    auto result = receive(body, sign(body));
    ASSERT_EQ(result.kind, WKind::kAccepted) << result.message;
    ASSERT_EQ(result.push.updates.size(), 1u);
    const auto& update = result.push.updates[0];
    EXPECT_EQ(update.tracking_number, "7489012345678901");
    EXPECT_EQ(update.carrier, "fedex");  // 17TRACK's carrier 100003
    EXPECT_EQ(update.shipment.status, sdk::TrackingStatus::kOutForDelivery);
    ASSERT_EQ(update.shipment.events.size(), 2u);
    EXPECT_EQ(sdk::format_utc(update.shipment.events[1].at), "2024-07-23T13:55:00Z");
    EXPECT_FALSE(result.push.signed_at.has_value());  // 17TRACK signs no time
}

TEST_F(Track17WebhookTest, TheSignMatchesOneComputedApartAndIgnoresHexCase) {
    EXPECT_EQ(sign(kStopped), kStoppedSign);
    auto result = receive(kStopped, kStoppedSign);
    ASSERT_EQ(result.kind, WKind::kAccepted) << result.message;
    EXPECT_TRUE(result.push.updates.empty());  // a stopped number tells nothing new

    std::string upper = kStoppedSign;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(receive(kStopped, upper).kind, WKind::kAccepted);
}

TEST_F(Track17WebhookTest, AnUnsignedPushIsRefused) {
    auto result = receive(kStopped, std::nullopt);
    EXPECT_EQ(result.kind, WKind::kUnsigned);
    EXPECT_TRUE(result.push.updates.empty());
    EXPECT_EQ(receive(kStopped, "").kind, WKind::kUnsigned);
}

TEST_F(Track17WebhookTest, AWrongSignatureIsRefusedWithoutSayingTheExpectedOne) {
    auto other_key = receive(kStopped, sign(kStopped, "another-key"));
    EXPECT_EQ(other_key.kind, WKind::kBadSignature);
    EXPECT_EQ(other_key.message.find(kStoppedSign), std::string::npos);

    std::string tampered = kStopped;
    tampered.replace(tampered.find("RR123456789CN"), 13, "RR999999999CN");
    EXPECT_EQ(receive(tampered, kStoppedSign).kind, WKind::kBadSignature);
    EXPECT_EQ(receive(kStopped, std::string(kStoppedSign).substr(0, 63)).kind, WKind::kBadSignature);
}

TEST_F(Track17WebhookTest, ASignedBodyThatIsNoPushIsMalformed) {
    for (std::string body :
         {std::string("not json"), std::string(R"({"event":"TRACKING_UPDATED"})"),
          std::string(R"({"event":"TRACKING_UPDATED","data":{"carrier":3011}})"), std::string("[1,2]")}) {
        auto result = receive(body, sign(body));
        EXPECT_EQ(result.kind, WKind::kMalformed) << body;
        EXPECT_FALSE(result.message.empty());
    }
}

TEST_F(Track17WebhookTest, AnUpdateWithoutEventsYetGivesNoUpdate) {
    const std::string body =
        R"({"event":"TRACKING_UPDATED","data":{"number":"YT1","carrier":190012,"track_info":{"latest_status":)"
        R"({"status":"NotFound","sub_status":"NotFound_Other"},"tracking":{"providers":[]}}}})";
    auto result = receive(body, sign(body));
    ASSERT_EQ(result.kind, WKind::kAccepted) << result.message;
    EXPECT_TRUE(result.push.updates.empty());
}

}  // namespace
}  // namespace unstuck::test
