// The replay plugin's webhook receiver through the real loader: its signature scheme and its two bodies.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "support/test_paths.hpp"
#include "unstuck/core/config/host_config.hpp"
#include "unstuck/core/plugin/plugin_host.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::WebhookResult::Kind;

constexpr const char* kSecret = "replay-hook-secret";

const std::string kEvents = R"({"tracking_number": "RP100", "events": [
  {"at": "2024-09-03T22:26:00Z", "status": "PICKED_UP", "substatus": "picked_up", "code": "PU",
   "description": "Picked up", "location": {"city": "CHICAGO", "country": "US"}},
  {"at": "2024-09-05T15:10:00Z", "status": "DELIVERED", "substatus": "delivered", "code": "DL",
   "description": "Delivered", "location": {"city": "DENVER", "country": "US"}}]})";

std::string read_source(const std::string& relative) {
    std::ifstream in(source_path(relative), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string v1(std::string_view secret, std::int64_t t, std::string_view body) {
    return kit::to_hex(kit::hmac_sha256(secret, std::to_string(t) + "." + std::string(body)));
}

std::string signature(std::int64_t t, std::string_view body, std::string_view secret = kSecret) {
    return "t=" + std::to_string(t) + ",v1=" + v1(secret, t, body);
}

class ReplayWebhookTest : public ::testing::Test {
  protected:
    // The replay plugin's receiver, with `secret` as its webhook_secret (empty: none configured).
    sdk::Result<std::shared_ptr<sdk::WebhookReceiver>> receiver(const std::string& secret = kSecret) {
        std::string secrets = secret.empty() ? "{}" : R"({"replay": {"webhook_secret": ")" + secret + "\"}}";
        std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR +
                           R"("], "log": {"level": "off"}, "plugins": {"replay": {"carrier": "fedex"}},)" +
                           R"( "secrets": )" + secrets + "}";
        auto config = core::HostConfig::parse(json, tmp_.path());
        EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message);
        host_ = std::make_unique<core::PluginHost>(std::move(config).value());
        return host_->webhook_receiver("replay");
    }

    static sdk::WebhookResult push(sdk::WebhookReceiver& r, std::string_view body,
                                   std::optional<std::string> signature_header) {
        sdk::WebhookRequest request;
        request.method = "POST";
        request.target = "/v1/webhooks/replay";
        if (signature_header) request.headers.emplace_back("x-unstuck-signature", *signature_header);
        request.body = body;
        return r.receive(request);
    }

    TempDir tmp_;
    std::unique_ptr<core::PluginHost> host_;
};

TEST_F(ReplayWebhookTest, ReceivesNothingWithoutASecret) {
    auto r = receiver("");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, "plugin replay: receives no webhooks");
}

TEST_F(ReplayWebhookTest, AcceptsCanonicalEventsSignedWithTheSecret) {
    auto r = receiver();
    ASSERT_TRUE(r.ok()) << r.error().message;
    const std::int64_t t = 1725549000;
    auto result = push(**r, kEvents, signature(t, kEvents));
    ASSERT_EQ(result.kind, Kind::kAccepted) << result.message;
    ASSERT_TRUE(result.push.signed_at);
    EXPECT_EQ(*result.push.signed_at, sdk::Timestamp(std::chrono::seconds(t)));
    ASSERT_EQ(result.push.updates.size(), 1u);
    const auto& update = result.push.updates[0];
    EXPECT_EQ(update.tracking_number, "RP100");
    EXPECT_EQ(update.carrier, "replay");
    ASSERT_EQ(update.shipment.events.size(), 2u);
    EXPECT_EQ(update.shipment.status, sdk::TrackingStatus::kDelivered);
    EXPECT_TRUE(result.push.reply_body.empty());
    // One delivery per signature, and the id is not the signature.
    EXPECT_FALSE(result.push.delivery_id.empty());
    EXPECT_EQ(result.push.delivery_id.find(v1(kSecret, t, kEvents)), std::string::npos);
    auto again = push(**r, kEvents, signature(t + 1, kEvents));
    ASSERT_EQ(again.kind, Kind::kAccepted);
    EXPECT_NE(again.push.delivery_id, result.push.delivery_id);
}

TEST_F(ReplayWebhookTest, UppercaseHexAndASecondSignatureForKeyRotation) {
    auto r = receiver();
    ASSERT_TRUE(r.ok());
    std::string upper = v1(kSecret, 5, kEvents);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(push(**r, kEvents, "t=5,v1=" + upper).kind, Kind::kAccepted);
    EXPECT_EQ(
        push(**r, kEvents, "t=5, v1=" + v1("old-secret", 5, kEvents) + ", v1=" + v1(kSecret, 5, kEvents))
            .kind,
        Kind::kAccepted);
}

TEST_F(ReplayWebhookTest, RefusesWhatIsNotSignedRight) {
    auto r = receiver();
    ASSERT_TRUE(r.ok());
    auto unsigned_push = push(**r, kEvents, std::nullopt);
    EXPECT_EQ(unsigned_push.kind, Kind::kUnsigned);
    EXPECT_EQ(unsigned_push.message, "replay: no X-Unstuck-Signature header");

    const std::string good = v1(kSecret, 7, kEvents);
    for (const std::string& bad : std::vector<std::string>{
             "garbage", "v1=" + good, "t=7", "t=x,v1=" + good, "t=7,v1=" + good.substr(1),
             "t=7,v1=" + good.substr(0, 63) + "g", "t=-7,v1=" + good, "t=7,t=7,v1=" + good}) {
        auto result = push(**r, kEvents, bad);
        EXPECT_EQ(result.kind, Kind::kBadSignature) << bad;
        EXPECT_EQ(result.message, "replay: X-Unstuck-Signature is not t=<unix seconds>,v1=<64 hex digits>")
            << bad;
    }
    for (const std::string& wrong :
         std::vector<std::string>{signature(7, kEvents, "other-secret"),
                                  signature(8, kEvents).replace(2, 1, "7"), signature(7, kEvents + " ")}) {
        auto result = push(**r, kEvents, wrong);
        EXPECT_EQ(result.kind, Kind::kBadSignature) << wrong;
        EXPECT_EQ(result.message, "replay: the signature does not verify");
        EXPECT_EQ(result.message.find(good), std::string::npos);
    }
}

TEST_F(ReplayWebhookTest, ASignedBodyItCannotReadIsMalformed) {
    auto r = receiver();
    ASSERT_TRUE(r.ok());
    struct Case {
        std::string body;
        std::string message;
    };
    for (const Case& c : {Case{"not json", "replay: the body is not a JSON object"},
                          Case{"[1]", "replay: the body is not a JSON object"},
                          Case{R"({"events": []})", "replay: tracking_number: required"},
                          Case{R"({"tracking_number": "RP1"})", "replay: neither events nor response"},
                          Case{R"({"tracking_number": "RP1", "events": [{"status": "DELIVERED"}]})", ""}}) {
        auto result = push(**r, c.body, signature(9, c.body));
        EXPECT_EQ(result.kind, Kind::kMalformed) << c.body;
        if (!c.message.empty()) {
            EXPECT_EQ(result.message, c.message);
        }
        EXPECT_EQ(result.message.rfind("replay: ", 0), 0u) << result.message;
    }
}

TEST_F(ReplayWebhookTest, ReadsASavedResponseThroughItsCarriersNormalizer) {
    auto r = receiver();
    ASSERT_TRUE(r.ok());
    std::string saved = read_source("tests/golden/replay/fedex_saved.json");
    // The saved file's wrapper with the number added.
    const std::size_t brace = saved.find('{');
    ASSERT_NE(brace, std::string::npos);
    saved.insert(brace + 1, R"("tracking_number": "391204758638", )");
    auto result = push(**r, saved, signature(11, saved));
    ASSERT_EQ(result.kind, Kind::kAccepted) << result.message;
    ASSERT_EQ(result.push.updates.size(), 1u);
    EXPECT_EQ(result.push.updates[0].tracking_number, "391204758638");
    EXPECT_EQ(result.push.updates[0].carrier, "fedex");
    EXPECT_EQ(result.push.updates[0].shipment.events.size(), 2u);
}

}  // namespace
}  // namespace unstuck::test
