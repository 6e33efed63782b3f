// Webhooks through a real `unstuck serve`: the replay carrier's signed pushes re-decide the orders holding
// the number at once and file their dispute once; every refusal has its status and its count in /metrics.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/serve_process.hpp"
#include "support/test_paths.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {
namespace {

constexpr const char* kNow = "2024-07-16T20:00:00Z";
constexpr std::int64_t kNowSeconds = 1721160000;  // kNow
constexpr const char* kSecret = "whsec-e2e-5f1d0c9a";
constexpr const char* kNumber = "1Z023E2X0214399991";  // no saved response: the carrier has nothing yet
constexpr const char* kOrderKey = "tiktok-shop:7494105515:576859029223086481";

// The demo's order awaiting collection, its package under a number the replay folder does not hold.
const std::string kOrder =
    R"({"order_id":"576859029223086481","shop_id":"7494105515","marketplace":"tiktok-shop","region":"US",)"
    R"("shipping_type":"PLATFORM","platform_status":"AWAITING_COLLECTION","packages":[{"package_id":)"
    R"("1153891868590053777","tracking_number":"1Z023E2X0214399991","carrier":"ups"}],)"
    R"("platform_updated_at":"2024-07-15T16:02:11Z"})";

// The carrier's scans: the label, then the pickup the platform has not seen.
const std::string kPush =
    R"({"tracking_number": "1Z023E2X0214399991", "events": [)"
    R"({"at": "2024-07-15T04:00:00Z", "status": "INFO_RECEIVED", "substatus": "label_created", "physical_scan": false,)"
    R"( "code": "003", "description": "Shipper created a label", "location": {"city": "Louisville", "country": "US"}},)"
    R"({"at": "2024-07-15T13:12:00Z", "status": "PICKED_UP", "substatus": "picked_up", "code": "038",)"
    R"( "description": "Picked up", "location": {"city": "Louisville", "country": "US"}}]})";

std::filesystem::path write_config(const TempDir& dir) {
    const auto demo = source_path("samples/demo");
    std::filesystem::copy(demo / "files", dir.path() / "files", std::filesystem::copy_options::recursive);
    auto path = dir.path() / "unstuck.json";
    write_file(path, R"({"store": {"sqlite": ")" + (dir.path() / "unstuck.db").string() + R"("},
  "sweep": {"evidence_dir": ")" +
                         (dir.path() / "evidence").string() + R"(",
            "carrier_plugins": {"ups": "replay", "fedex": "replay", "usps": "replay", "dhl": "replay"}},
  "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
  "plugins": {"replay": {"dir": ")" +
                         (demo / "responses").string() + R"("},
              "outbox": {"dir": ")" +
                         (dir.path() / "outbox").string() + R"("}},
  "secrets": {"replay": {"webhook_secret": ")" +
                         kSecret + R"("}},
  "log": {"level": "debug", "json": true},
  "serve": {"auth": "none", "scheduler": {"enabled": false},
            "webhooks": {"window_s": 300, "max_body_bytes": 4096}}})");
    return path;
}

std::string v1(std::int64_t t, const std::string& body, const std::string& secret = kSecret) {
    return kit::to_hex(kit::hmac_sha256(secret, std::to_string(t) + "." + body));
}

std::vector<std::pair<std::string, std::string>> signed_headers(std::int64_t t, const std::string& body,
                                                                const std::string& secret = kSecret) {
    return {{"Content-Type", "application/json"},
            {"X-Unstuck-Signature", "t=" + std::to_string(t) + ",v1=" + v1(t, body, secret)}};
}

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string error_code(const HttpReply& reply) {
    return json(reply.body)->getObject("error")->getValue<std::string>("code");
}

std::size_t dispute_count(const ServeProcess& serve) {
    auto reply = serve.request("GET", std::string("/v1/disputes?limit=1000&order_key=") + kOrderKey);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return json(reply.body)->getArray("disputes")->size();
}

std::size_t outbox_packets(const TempDir& dir) {
    std::size_t n = 0;
    if (std::filesystem::exists(dir.path() / "outbox"))
        for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "outbox"))
            n += entry.is_directory() ? 1 : 0;
    return n;
}

// The value of the sample `unstuck_webhooks_total{outcome=..,plugin=..}` (0 when absent).
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

std::string action_of(const ServeProcess& serve) {
    auto reply = serve.request("GET", std::string("/v1/orders/") + kOrderKey);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return json(reply.body)->getObject("order")->getValue<std::string>("action");
}

TEST(ServeWebhook, ASignedPushReDecidesTheOrderAtOnceAndFilesItsDisputeOnce) {
    TempDir dir;
    ServeProcess serve(write_config(dir), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();

    auto submitted = serve.request("POST", "/v1/orders", kOrder, {{"Content-Type", "application/json"}});
    ASSERT_EQ(submitted.status, 200) << submitted.body;
    const std::string before = action_of(serve);
    EXPECT_NE(before, "FILE_DISPUTE");
    EXPECT_EQ(dispute_count(serve), 0u);

    auto pushed =
        serve.request("POST", "/v1/webhooks/replay", kPush, signed_headers(kNowSeconds - 60, kPush));
    ASSERT_EQ(pushed.status, 200) << pushed.body << serve.stderr_text();
    EXPECT_EQ(json(pushed.body)->getValue<int>("accepted"), 1);
    EXPECT_EQ(json(pushed.body)->getValue<int>("orders"), 1);
    // Decided on the pushed events at once (the replay folder has nothing for the number).
    EXPECT_EQ(action_of(serve), "FILE_DISPUTE");
    EXPECT_EQ(dispute_count(serve), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);

    // The same events again, signed anew: decided again, nothing new filed.
    auto again = serve.request("POST", "/v1/webhooks/replay", kPush, signed_headers(kNowSeconds, kPush));
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(json(again.body)->getValue<int>("orders"), 1);
    EXPECT_EQ(dispute_count(serve), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);

    // The same delivery twice (a sender's retry): acknowledged, nothing applied again.
    auto retried = serve.request("POST", "/v1/webhooks/replay", kPush, signed_headers(kNowSeconds, kPush));
    ASSERT_EQ(retried.status, 200) << retried.body;
    EXPECT_TRUE(json(retried.body)->getValue<bool>("duplicate")) << retried.body;
    EXPECT_EQ(json(retried.body)->getValue<int>("orders"), 0);
    // So is a push signed long ago, however good its signature.
    auto old = serve.request("POST", "/v1/webhooks/replay", kPush, signed_headers(kNowSeconds - 3600, kPush));
    EXPECT_EQ(old.status, 409) << old.body;
    EXPECT_EQ(error_code(old), "replayed");
    EXPECT_EQ(dispute_count(serve), 1u);

    auto metrics = serve.request("GET", "/metrics").body;
    EXPECT_EQ(webhooks_total(metrics, "replay", "accepted"), 2) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "duplicate"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "replayed"), 1) << metrics;
}

TEST(ServeWebhook, EveryRefusalHasItsStatusAndItsCount) {
    TempDir dir;
    ServeProcess serve(write_config(dir), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();

    auto unsigned_push =
        serve.request("POST", "/v1/webhooks/replay", kPush, {{"Content-Type", "application/json"}});
    EXPECT_EQ(unsigned_push.status, 401) << unsigned_push.body;
    EXPECT_EQ(error_code(unsigned_push), "unsigned");

    auto wrong = serve.request("POST", "/v1/webhooks/replay", kPush,
                               signed_headers(kNowSeconds, kPush, "not-the-secret"));
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    EXPECT_EQ(error_code(wrong), "bad_signature");
    auto tampered =
        serve.request("POST", "/v1/webhooks/replay", kPush + " ", signed_headers(kNowSeconds, kPush));
    EXPECT_EQ(tampered.status, 401) << tampered.body;
    EXPECT_EQ(error_code(tampered), "bad_signature");

    const std::string not_json = "tracking 1Z023E2X0214399991 picked up";
    auto malformed =
        serve.request("POST", "/v1/webhooks/replay", not_json, signed_headers(kNowSeconds, not_json));
    EXPECT_EQ(malformed.status, 400) << malformed.body;
    EXPECT_EQ(error_code(malformed), "bad_request");

    const std::string big = R"({"tracking_number": "1Z023E2X0214399991", "events": [], "pad": ")" +
                            std::string(5000, 'x') + "\"}";
    auto oversized = serve.request("POST", "/v1/webhooks/replay", big, signed_headers(kNowSeconds, big));
    EXPECT_EQ(oversized.status, 413) << oversized.body;
    EXPECT_EQ(error_code(oversized), "payload_too_large");

    for (const char* plugin : {"nosuch", "outbox"}) {
        auto missing = serve.request("POST", std::string("/v1/webhooks/") + plugin, kPush,
                                     signed_headers(kNowSeconds, kPush));
        EXPECT_EQ(missing.status, 404) << plugin << ": " << missing.body << missing.error;
        EXPECT_EQ(error_code(missing), "not_found");
    }

    auto metrics = serve.request("GET", "/metrics").body;
    EXPECT_EQ(webhooks_total(metrics, "replay", "unsigned"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "bad_signature"), 2) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "malformed"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "too_large"), 1) << metrics;
    EXPECT_EQ(webhooks_total(metrics, "replay", "accepted"), 0) << metrics;
    EXPECT_EQ(metrics.find("plugin=\"nosuch\""), std::string::npos) << metrics;

    // Neither the secret nor any signature reaches the log.
    serve.terminate();
    const std::string log = serve.stderr_text();
    EXPECT_NE(log.find("refused"), std::string::npos) << log;
    EXPECT_EQ(log.find(kSecret), std::string::npos) << log;
    EXPECT_EQ(log.find(v1(kNowSeconds, kPush)), std::string::npos) << log;
    EXPECT_EQ(log.find(v1(kNowSeconds, kPush, "not-the-secret")), std::string::npos) << log;
    EXPECT_EQ(log.find(v1(kNowSeconds, not_json)), std::string::npos) << log;
}

}  // namespace
}  // namespace unstuck::test
