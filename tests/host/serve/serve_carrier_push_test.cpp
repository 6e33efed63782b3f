// Ninja Van's and J&T Express's signed pushes through a real `unstuck serve`: a push-only carrier's package
// has no tracking until its pushes arrive, which re-decide the order at once and file its dispute once; J&T's
// batches re-decide every order they name and get J&T's own reply.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/carrier_push_emulator.hpp"
#include "support/loopback_server.hpp"
#include "support/serve_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

constexpr const char* kNow = "2024-07-19T04:00:00Z";  // Friday noon in Kuala Lumpur
constexpr std::int64_t kNowMs = 1721361600000;        // kNow
constexpr const char* kNinjaVanSecret = "nv-client-secret-e2e-41c9";
constexpr const char* kJntAccount = "640826271705595946";
constexpr const char* kJntKey = "8e88c8477d4e4939859c560192fcafbc";

constexpr const char* kParcel = "NVMYSHOPX000654321";
constexpr const char* kNinjaVanOrderKey = "tiktok-shop:7494105515:576859029223090001";

// A Malaysian order the platform shows in transit, updated yesterday: within its timeline on the platform's
// view alone.
std::string order(const std::string& order_id, const std::string& tracking_number,
                  const std::string& carrier) {
    return R"({"order_id":")" + order_id +
           R"(","shop_id":"7494105515","marketplace":"tiktok-shop","region":"MY",)"
           R"("shipping_type":"PLATFORM","platform_status":"IN_TRANSIT","packages":[{"package_id":"P)" +
           order_id + R"(","tracking_number":")" + tracking_number + R"(","carrier":")" + carrier +
           R"("}],"platform_updated_at":"2024-07-18T02:00:00Z"})";
}

std::filesystem::path write_config(const TempDir& dir, const std::string& jnt_base_url) {
    auto path = dir.path() / "unstuck.json";
    write_file(path, R"({"store": {"sqlite": ")" + (dir.path() / "unstuck.db").string() + R"("},
  "sweep": {"evidence_dir": ")" +
                         (dir.path() / "evidence").string() +
                         R"("},
  "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
  "plugins": {"outbox": {"dir": ")" +
                         (dir.path() / "outbox").string() +
                         R"("},
              "ninjavan": {"country": "MY"},
              "jnt": {"base_url": ")" +
                         jnt_base_url + R"(", "api_account": ")" + kJntAccount +
                         R"(", "customer_code": "J0086474299"}},
  "secrets": {"ninjavan": {"client_secret": ")" +
                         kNinjaVanSecret + R"("},
              "jnt": {"private_key": ")" +
                         kJntKey + R"(", "password": "jnt-business-password"}},
  "log": {"level": "debug", "json": true},
  "serve": {"auth": "none", "scheduler": {"enabled": false}, "webhooks": {"window_s": 300}}})");
    return path;
}

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string error_code(const HttpReply& reply) {
    return json(reply.body)->getObject("error")->getValue<std::string>("code");
}

Poco::JSON::Object::Ptr order_of(const ServeProcess& serve, const std::string& key) {
    auto reply = serve.request("GET", "/v1/orders/" + key);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return json(reply.body)->getObject("order");
}

std::string action_of(const ServeProcess& serve, const std::string& key) {
    return order_of(serve, key)->getValue<std::string>("action");
}

std::size_t dispute_count(const ServeProcess& serve, const std::string& key) {
    auto reply = serve.request("GET", "/v1/disputes?limit=1000&order_key=" + key);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return json(reply.body)->getArray("disputes")->size();
}

// How many of the order's decisions filed a dispute.
std::size_t filed_decisions(const ServeProcess& serve, const std::string& key) {
    auto reply = serve.request("GET", "/v1/orders/" + key + "/history");
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto history = json(reply.body)->getArray("history");
    std::size_t n = 0;
    for (std::size_t i = 0; i < history->size(); ++i)
        n += history->getObject(static_cast<unsigned>(i))->getValue<std::string>("action") == "FILE_DISPUTE";
    return n;
}

std::size_t outbox_packets(const TempDir& dir) {
    std::size_t n = 0;
    if (std::filesystem::exists(dir.path() / "outbox"))
        for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox"))
            n += entry.is_directory() ? 1 : 0;
    return n;
}

// (code, at) of each stored event of the order's only package, in stored order.
std::vector<std::pair<std::string, std::string>> stored_events(const ServeProcess& serve,
                                                               const std::string& key) {
    auto reply = serve.request("GET", "/v1/orders/" + key + "/timeline");
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::vector<std::pair<std::string, std::string>> out;
    auto packages = json(reply.body)->getArray("packages");
    if (!packages || packages->size() == 0) return out;
    EXPECT_EQ(packages->size(), 1u) << reply.body;
    auto shipment = packages->getObject(0)->getObject("shipment");
    if (!shipment) return out;
    auto events = shipment->getArray("events");
    for (std::size_t i = 0; events && i < events->size(); ++i) {
        auto e = events->getObject(static_cast<unsigned>(i));
        out.emplace_back(e->getValue<std::string>("code"), e->getValue<std::string>("at"));
    }
    return out;
}

double webhooks_total(const std::string& metrics, const std::string& plugin, const std::string& outcome) {
    std::istringstream lines(metrics);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("unstuck_webhooks_total{", 0) != 0) continue;
        if (line.find("outcome=\"" + outcome + "\"") == std::string::npos) continue;
        if (line.find("plugin=\"" + plugin + "\"") == std::string::npos) continue;
        return std::stod(line.substr(line.rfind(' ') + 1));
    }
    return 0;
}

// J&T's trace API knowing none of the bills yet.
LoopbackResponse jnt_trace_without_bills(const LoopbackRequest&) {
    return {200, {{"Content-Type", "application/json"}}, R"({"code":"1","msg":"success","data":[]})"};
}

TEST(ServeCarrierPush, NinjaVanPushesReDecideAnOrderNeverFetchedAndFileItsDisputeOnce) {
    TempDir dir;
    LoopbackServer jnt_api(jnt_trace_without_bills);
    ServeProcess serve(write_config(dir, jnt_api.base_url()), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    NinjaVanPusher ninjavan(serve, kNinjaVanSecret);

    auto submitted = serve.request("POST", "/v1/orders", order("576859029223090001", kParcel, "ninjavan"),
                                   {{"Content-Type", "application/json"}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    // Decided without tracking: Ninja Van has nothing to ask, so its fetch (which would only say so) is never
    // called.
    EXPECT_NE(action_of(serve, kNinjaVanOrderKey), "FILE_DISPUTE") << submitted.body;
    EXPECT_EQ(submitted.body.find("arrives only by webhook"), std::string::npos) << submitted.body;
    EXPECT_TRUE(stored_events(serve, kNinjaVanOrderKey).empty());
    EXPECT_EQ(dispute_count(serve, kNinjaVanOrderKey), 0u);

    // Ninja Van's pushes as the parcel moved, last seen at the transit hub on Monday: stalled more than
    // two business days by Friday.
    const std::vector<NinjaVanPusher::Event> events = {
        {"Pending Pickup", "2024-07-12T09:00:00+0800", "", "", ""},
        {"Picked Up, In Transit to Origin Hub", "2024-07-12T15:30:00+0800", "", "", ""},
        {"Arrived at Origin Hub", "2024-07-13T08:10:00+0800", "origin", "Shah Alam", "MY"},
        {"Arrived at Transit Hub", "2024-07-15T10:00:00+0800", "transit", "Kuala Lumpur", "Malaysia"},
    };
    std::vector<std::string> bodies;
    for (const auto& e : events) {
        bodies.push_back(NinjaVanPusher::body(kParcel, e));
        auto pushed = ninjavan.push(bodies.back());
        ASSERT_EQ(pushed.status, 200) << e.event << ": " << pushed.body << serve.stderr_text();
        EXPECT_EQ(json(pushed.body)->getValue<int>("accepted"), 1) << e.event;
        EXPECT_EQ(json(pushed.body)->getValue<int>("orders"), 1) << e.event;
    }
    // Filed once, on the push that made it stalled; the later pushes find the dispute open.
    EXPECT_EQ(filed_decisions(serve, kNinjaVanOrderKey), 1u);
    auto decided = order_of(serve, kNinjaVanOrderKey);
    EXPECT_EQ(decided->getValue<std::string>("action"), "AWAIT_TICKET");
    EXPECT_EQ(decided->getValue<std::string>("rule"), "platform.unmoved_tracking.awaiting_ticket");
    EXPECT_EQ(dispute_count(serve, kNinjaVanOrderKey), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);

    const std::vector<std::pair<std::string, std::string>> merged = {
        {"Pending Pickup", "2024-07-12T01:00:00Z"},
        {"Picked Up, In Transit to Origin Hub", "2024-07-12T07:30:00Z"},
        {"Arrived at Origin Hub", "2024-07-13T00:10:00Z"},
        {"Arrived at Transit Hub", "2024-07-15T02:00:00Z"},
    };
    EXPECT_EQ(stored_events(serve, kNinjaVanOrderKey), merged);

    // Ninja Van retries a push it thinks undelivered: the same delivery, acknowledged so that it stops,
    // nothing changed.
    auto retried = ninjavan.push(bodies.back());
    EXPECT_EQ(retried.status, 200) << retried.body;
    EXPECT_NE(retried.body.find("\"duplicate\":true"), std::string::npos) << retried.body;
    // Re-serialized by the sender, it is still the same delivery (tracking id, event and timestamp).
    auto reserialized = ninjavan.push(bodies.back() + "\n");
    EXPECT_EQ(reserialized.status, 200) << reserialized.body;
    EXPECT_NE(reserialized.body.find("\"duplicate\":true"), std::string::npos) << reserialized.body;
    EXPECT_EQ(stored_events(serve, kNinjaVanOrderKey), merged);
    EXPECT_EQ(filed_decisions(serve, kNinjaVanOrderKey), 1u);
    EXPECT_EQ(dispute_count(serve, kNinjaVanOrderKey), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);

    // A push not signed with the client secret: refused, nothing stored.
    const std::string forged = NinjaVanPusher::body(
        kParcel, {"Delivered, Received by Customer", "2024-07-18T11:00:00+0800", "", "", ""});
    auto bad = ninjavan.push(forged, "not-the-client-secret");
    EXPECT_EQ(bad.status, 401) << bad.body;
    EXPECT_EQ(error_code(bad), "bad_signature");
    EXPECT_EQ(stored_events(serve, kNinjaVanOrderKey), merged);
    EXPECT_EQ(action_of(serve, kNinjaVanOrderKey), "AWAIT_TICKET");
    EXPECT_EQ(dispute_count(serve, kNinjaVanOrderKey), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);
    EXPECT_EQ(jnt_api.request_count(), 0u);  // no J&T order here

    auto metrics = serve.request("GET", "/metrics").body;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "accepted"), 4) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "duplicate"), 2) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "replayed"), 0) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "bad_signature"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "unsigned"), 0) << metrics;

    serve.terminate();
    EXPECT_EQ(serve.stderr_text().find(kNinjaVanSecret), std::string::npos);
}

TEST(ServeCarrierPush, AJntBatchReDecidesEveryOrderItNamesAndGetsJntsReply) {
    TempDir dir;
    LoopbackServer jnt_api(jnt_trace_without_bills);
    ServeProcess serve(write_config(dir, jnt_api.base_url()), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    JntPusher jnt(serve, kJntAccount, kJntKey);

    const std::vector<std::pair<std::string, std::string>> orders = {{"576859029223090011", "630002864925"},
                                                                     {"576859029223090012", "630002864933"}};
    for (const auto& [id, bill] : orders) {
        auto submitted = serve.request("POST", "/v1/orders", order(id, bill, "jnt"),
                                       {{"Content-Type", "application/json"}});
        ASSERT_EQ(submitted.status, 200) << submitted.body;
        EXPECT_NE(action_of(serve, "tiktok-shop:7494105515:" + id), "FILE_DISPUTE");
    }
    EXPECT_GE(jnt_api.request_count(), 2u);  // J&T has a trace API: asked, and knew nothing yet

    // One push for both bills, scans newest first as J&T lists them, both last scanned on Monday.
    const std::string biz = JntPusher::biz_content(
        {{"630002864925",
          {{"2024-07-15 09:40:00", "30", "Arrival", "Parcel has arrived at KUL Gateway", "Kuala Lumpur"},
           {"2024-07-12 16:05:00", "10", "Pick up", "Parcel has been picked up", "Ipoh"}}},
         {"630002864933",
          {{"2024-07-15 11:15:00", "20", "Departure", "Parcel has departed from Klang", "Klang"},
           {"2024-07-13 10:00:00", "10", "Pick up", "Parcel has been picked up", "Klang"}}}});
    auto pushed = jnt.push(biz, kNowMs - 5000);
    ASSERT_EQ(pushed.status, 200) << pushed.body << serve.stderr_text();
    EXPECT_EQ(pushed.body, R"({"code":"1","msg":"success","data":"SUCCESS"})");

    for (const auto& [id, bill] : orders) {
        const std::string key = "tiktok-shop:7494105515:" + id;
        auto decided = order_of(serve, key);
        EXPECT_EQ(decided->getValue<std::string>("action"), "FILE_DISPUTE") << key;
        EXPECT_EQ(decided->getValue<std::string>("rule"), "platform.unmoved_tracking") << key;
        EXPECT_EQ(dispute_count(serve, key), 1u) << key;
        auto events = stored_events(serve, key);
        ASSERT_EQ(events.size(), 2u) << key;
        EXPECT_EQ(events[0].first, "10") << key;  // oldest first
    }
    EXPECT_EQ(stored_events(serve, "tiktok-shop:7494105515:576859029223090011").back().second,
              "2024-07-15T01:40:00Z");
    EXPECT_EQ(outbox_packets(dir), 2u);

    // The same batch delivered twice is recognized from its body and acknowledged with J&T's own answer,
    // filing nothing again; a forged digest is refused.
    auto twice = jnt.push(biz, kNowMs);
    EXPECT_EQ(twice.status, 200) << twice.body;
    EXPECT_EQ(twice.body, R"({"code":"1","msg":"success","data":"SUCCESS"})");
    JntPusher forger(serve, kJntAccount, "not-the-private-key");
    auto forged = forger.push(biz + " ", kNowMs);
    EXPECT_EQ(forged.status, 401) << forged.body;
    EXPECT_EQ(error_code(forged), "bad_signature");
    EXPECT_EQ(outbox_packets(dir), 2u);

    auto metrics = serve.request("GET", "/metrics").body;
    EXPECT_EQ(webhooks_total(metrics, "jnt", "accepted"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "jnt", "duplicate"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "jnt", "bad_signature"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "ninjavan", "accepted"), 0) << metrics;
}

}  // namespace
}  // namespace unstuck::test
