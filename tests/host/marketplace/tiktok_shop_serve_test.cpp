// TikTok Shop's pushes through a real `unstuck serve`: the emulator's signed webhook for an order re-reads it
// from the emulator through the real tiktok-shop plugin and re-decides it at once (its dispute filed once); a
// push whose signature does not verify is refused with 401.

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/run_process.hpp"
#include "support/serve_process.hpp"
#include "tiktok_shop_host.hpp"

namespace unstuck::test {
namespace {

using TikTokShopServe = TikTokShopHost;

const std::string kOrder = "576859029223004242";
const std::string kPackage = "1153891868590042420";

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string action_of(const ServeProcess& serve) {
    auto reply = serve.request("GET", "/v1/orders/tiktok-shop:" + std::string(kPlatformShop) + ":" + kOrder);
    if (reply.status != 200) return "";
    return json(reply.body)->getObject("order")->getValue<std::string>("action");
}

HttpReply push(const ServeProcess& serve, const TikTokSignedWebhook& webhook,
               const std::string& authorization) {
    return serve.request("POST", "/v1/webhooks/tiktok-shop", webhook.body,
                         {{"Content-Type", "application/json"}, {"Authorization", authorization}});
}

TEST_F(TikTokShopServe, ASignedPushReDecidesItsOrderAtOnceAndABadSignatureIs401) {
    // Awaiting collection under a number no carrier knows yet: nothing to dispute.
    tts_.put_order(kPlatformShop, tt_order(kOrder, "AWAITING_COLLECTION", "TIKTOK", unix_now() - 600,
                                           kPackage, "TNOTSCANNED", kUpsProviderId, "UPS"));
    const auto config_file = config(R"({"auth": "none", "scheduler": {"enabled": false}})");
    auto pulled = run_host({"--config", config_file.string(), "sweep", "--marketplace", "tiktok-shop"});
    ASSERT_EQ(pulled.exit_code, 0) << pulled.err << pulled.out;

    ServeProcess serve(config_file);
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    const std::string before = action_of(serve);
    ASSERT_FALSE(before.empty());
    EXPECT_NE(before, "FILE_DISPUTE");

    // The seller relabels the package: its new number was picked up long ago, and TikTok Shop still awaits
    // collection. TikTok Shop pushes a package update.
    tts_.put_order(kPlatformShop, tt_order(kOrder, "AWAITING_COLLECTION", "TIKTOK", unix_now(), kPackage,
                                           "Ttt0", kUpsProviderId, "UPS"));
    auto webhook = tts_.signed_webhook(4, kPlatformShop,
                                       R"({"order_id":")" + kOrder + R"(","package_id":")" + kPackage +
                                           R"(","package_status":"PROCESSING","update_time":)" +
                                           std::to_string(unix_now()) + "}");

    std::string forged = webhook.authorization;
    forged[0] = forged[0] == '0' ? '1' : '0';
    auto refused = push(serve, webhook, forged);
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(json(refused.body)->getObject("error")->getValue<std::string>("code"), "bad_signature");
    EXPECT_EQ(action_of(serve), before);

    auto accepted = push(serve, webhook, webhook.authorization);
    ASSERT_EQ(accepted.status, 200) << accepted.body << serve.stderr_text();
    EXPECT_EQ(action_of(serve), "FILE_DISPUTE");
    const std::string key =
        "tiktok-shop:" + std::string(kPlatformShop) + ":" + kOrder + ":pick_up_issues.picked_up_not_updated";
    EXPECT_EQ(packets(), std::set<std::string>{key});

    // TikTok Shop sends the same notification again: acknowledged, nothing filed twice.
    auto again = push(serve, webhook, webhook.authorization);
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(packets(), std::set<std::string>{key});
    EXPECT_EQ(serve.terminate(), 0);
}

}  // namespace
}  // namespace unstuck::test
