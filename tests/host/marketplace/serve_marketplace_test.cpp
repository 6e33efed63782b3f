// `unstuck serve` with a marketplace plugin (fixture-market, real loader, SQLite store, outbox): its pushes
// on /v1/webhooks/{plugin} re-decide the orders they name at once, refused and acknowledged as carrier pushes
// are; the scheduler pulls its shops every serve.scheduler.pull_every_s; the metrics count both.

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "market_host.hpp"
#include "support/serve_process.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string error_code(const HttpReply& reply) {
    return json(reply.body)->getObject("error")->getValue<std::string>("code");
}

// The value of the metric sample whose line starts with `series` (0 when absent).
double sample(const ServeProcess& serve, const std::string& series) {
    auto reply = serve.request("GET", "/metrics");
    EXPECT_EQ(reply.status, 200);
    std::istringstream lines(reply.body);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    return 0;
}

// The action of the stored order `fixture-market:42:{id}`; empty when the service does not have it.
std::string action_of(const ServeProcess& serve, const std::string& id) {
    auto reply = serve.request("GET", "/v1/orders/fixture-market:42:" + id);
    if (reply.status != 200) return "";
    return json(reply.body)->getObject("order")->getValue<std::string>("action");
}

HttpReply push(const ServeProcess& serve, const std::string& body, const std::string& token = kPushToken) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!token.empty()) headers.emplace_back("X-Fixture-Token", token);
    return serve.request("POST", "/v1/webhooks/fixture-market", body, headers);
}

template <typename Done>
bool eventually(Done done, std::chrono::milliseconds limit = 20s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return done();
}

const std::string kChangedA =
    R"({"id": "delivery-1", "orders": [{"shop_id": "42", "order_id": "A", "what": "order status change"}]})";

TEST(ServeMarketplace, APushReDecidesItsOrderAtOnceAndIsRefusedOrAcknowledgedLikeACarriersPush) {
    MarketHost host;
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + ", " + picked_up("B") + "]}]}");
    ServeProcess serve(
        host.config(R"(["fixture-market"])", R"({"auth": "none", "scheduler": {"enabled": false}})"),
        {"--now", kMarketNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_EQ(action_of(serve, "A"), "");

    auto accepted = push(serve, kChangedA);
    ASSERT_EQ(accepted.status, 200) << accepted.body;
    EXPECT_EQ(accepted.body, R"({"accepted":1,"orders":1})");
    EXPECT_EQ(action_of(serve, "A"), "FILE_DISPUTE");
    EXPECT_EQ(action_of(serve, "B"), "");  // only the order the push names
    EXPECT_EQ(host.packets(), 1u);
    EXPECT_EQ(host.calls("order").size(), 1u);
    EXPECT_TRUE(host.calls("changed_orders").empty());

    // The sender retries a delivery whose answer it missed: acknowledged, nothing read or filed again.
    auto duplicate = push(serve, kChangedA);
    EXPECT_EQ(duplicate.status, 200);
    EXPECT_EQ(duplicate.body, R"({"accepted":0,"orders":0,"duplicate":true})");
    EXPECT_EQ(host.calls("order").size(), 1u);

    auto forged = push(serve, kChangedA, "not-the-token");
    EXPECT_EQ(forged.status, 401);
    EXPECT_EQ(error_code(forged), "bad_signature");
    auto bare = push(serve, kChangedA, "");
    EXPECT_EQ(bare.status, 401);
    EXPECT_EQ(error_code(bare), "unsigned");
    auto garbled = push(serve, "[1, 2");
    EXPECT_EQ(garbled.status, 400);
    EXPECT_EQ(error_code(garbled), "bad_request");

    // An order the marketplace cannot give is left to the next pull; the push is still taken.
    auto unknown = push(
        serve, R"({"id": "delivery-2", "orders": [{"shop_id": "42", "order_id": "GONE", "what": "x"}]})");
    EXPECT_EQ(unknown.status, 200);
    EXPECT_EQ(unknown.body, R"({"accepted":1,"orders":0})");
    EXPECT_TRUE(serve.wait_for_stderr("fixture-market shop 42 order GONE: reading it: not found"))
        << serve.stderr_text();

    EXPECT_EQ(sample(serve, R"(unstuck_webhooks_total{outcome="accepted",plugin="fixture-market"})"), 2);
    EXPECT_EQ(sample(serve, R"(unstuck_webhooks_total{outcome="duplicate",plugin="fixture-market"})"), 1);
    EXPECT_EQ(sample(serve, R"(unstuck_webhooks_total{outcome="bad_signature",plugin="fixture-market"})"), 1);
    EXPECT_EQ(sample(serve, R"(unstuck_webhooks_total{outcome="unsigned",plugin="fixture-market"})"), 1);
    EXPECT_EQ(sample(serve, R"(unstuck_webhooks_total{outcome="malformed",plugin="fixture-market"})"), 1);
    EXPECT_EQ(sample(serve, R"(unstuck_marketplace_orders_pulled_total{plugin="fixture-market"})"), 1);
    EXPECT_EQ(sample(serve, R"(unstuck_marketplace_pull_errors_total{plugin="fixture-market"})"), 1);
    EXPECT_EQ(serve.terminate(), 0);
}

TEST(ServeMarketplace, OnlyAPluginOfSweepMarketplacesTakesPushes) {
    MarketHost host;
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    ServeProcess serve(host.config("[]", R"({"auth": "none", "scheduler": {"enabled": false}})"),
                       {"--now", kMarketNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto reply = push(serve, kChangedA);
    EXPECT_EQ(reply.status, 404) << reply.body;
    EXPECT_TRUE(host.calls("receive").empty());
}

TEST(ServeMarketplace, TheSchedulerPullsEveryShopEveryPullEveryS) {
    MarketHost host;
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    ServeProcess serve(
        host.config(R"(["fixture-market"])",
                    R"({"auth": "none", "scheduler": {"idle_poll_ms": 100, "pull_every_s": 1}})"),
        {"--now", kMarketNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    ASSERT_TRUE(eventually([&] { return action_of(serve, "A") == "FILE_DISPUTE"; })) << serve.stderr_text();

    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(]}, {"orders": [)" + picked_up("B") + "]}]}");
    ASSERT_TRUE(eventually([&] { return action_of(serve, "B") == "FILE_DISPUTE"; })) << serve.stderr_text();
    EXPECT_EQ(host.packets(), 2u);
    // The pull that read B is counted once it ends.
    EXPECT_TRUE(eventually(
        [&] { return sample(serve, R"(unstuck_marketplace_pulls_total{plugin="fixture-market"})") >= 2; }));
    EXPECT_EQ(sample(serve, R"(unstuck_marketplace_orders_pulled_total{plugin="fixture-market"})"), 2);
    EXPECT_EQ(serve.terminate(), 0);
}

TEST(ServeMarketplace, PullEveryZeroNeverPulls) {
    MarketHost host;
    host.pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    ServeProcess serve(
        host.config(R"(["fixture-market"])",
                    R"({"auth": "none", "scheduler": {"idle_poll_ms": 100, "pull_every_s": 0}})"),
        {"--now", kMarketNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    std::this_thread::sleep_for(1s);
    EXPECT_TRUE(host.calls("changed_orders").empty());
    EXPECT_EQ(action_of(serve, "A"), "");
    EXPECT_EQ(serve.terminate(), 0);
}

}  // namespace
}  // namespace unstuck::test
