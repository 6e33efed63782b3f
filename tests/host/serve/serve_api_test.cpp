// The order routes of a real `unstuck serve` where a process test says more than the API suite: a batch with
// one bad case, and the same order submitted on two connections at once filing its dispute once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "support/serve_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

constexpr const char* kNow = "2024-07-16T20:00:00Z";
constexpr const char* kPickedUpKey = "tiktok-shop:7494105515:576859029223086481";

// The demo's config (replay carrier over its recorded responses, outbox backend) with a SQLite store in
// `dir`.
std::filesystem::path write_config(const TempDir& dir) {
    const auto demo = source_path("samples/demo");
    std::filesystem::copy(demo / "files", dir.path() / "files", std::filesystem::copy_options::recursive);
    auto path = dir.path() / "unstuck.json";
    write_file(path, R"({"store": {"sqlite": ")" + (dir.path() / "unstuck.db").string() + R"("},
  "sweep": {"concurrency": 2, "evidence_dir": ")" +
                         (dir.path() / "evidence").string() + R"(",
            "carrier_plugins": {"ups": "replay", "fedex": "replay", "usps": "replay", "dhl": "replay"}},
  "routes": [{"marketplace": "tiktok-shop", "backend": "outbox"}],
  "plugins": {"replay": {"dir": ")" +
                         (demo / "responses").string() + R"("},
              "outbox": {"dir": ")" +
                         (dir.path() / "outbox").string() + R"("}},
  "log": {"level": "warn"},
  "serve": {"auth": "none", "threads": 4, "scheduler": {"enabled": false}}})");
    return path;
}

std::vector<std::string> demo_orders() {
    std::ifstream in(source_path("samples/demo/orders.jsonl"));
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string picked_up_order() {
    for (const auto& line : demo_orders())
        if (line.find("\"576859029223086481\"") != std::string::npos) return line;
    return {};
}

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::size_t dispute_count(const ServeProcess& serve, const std::string& order_key) {
    auto reply = serve.request("GET", "/v1/disputes?limit=1000&order_key=" + order_key);
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

TEST(ServeApi, ABatchWithOneBadCaseDecidesTheOthersAndNamesTheBadField) {
    TempDir dir;
    ServeProcess serve(write_config(dir), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto orders = demo_orders();
    ASSERT_GE(orders.size(), 6u);
    std::string body = R"({"orders": [)" + orders[0] + "," + orders[1] +
                       R"(, {"order_id": "bad", "packages": [{"package_id": "p", "tracking_number": "1Z",
                       "events": [{"at": "2024-07-15T09:12:00", "status": "PICKED_UP"}]}]}, )" +
                       orders[2] + "]}";
    auto reply = serve.request("POST", "/v1/orders", body, {{"Content-Type", "application/json"}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto results = json(reply.body)->getArray("results");
    ASSERT_EQ(results->size(), 4u);
    for (unsigned i : {0u, 1u, 3u}) {
        auto r = results->getObject(i);
        EXPECT_EQ(r->getValue<int>("status"), 200) << reply.body;
        EXPECT_EQ(r->getValue<int>("index"), static_cast<int>(i));
        EXPECT_FALSE(r->getObject("order")->getValue<std::string>("action").empty());
    }
    auto bad = results->getObject(2);
    EXPECT_EQ(bad->getValue<int>("status"), 400);
    EXPECT_EQ(bad->getValue<int>("index"), 2);
    EXPECT_EQ(bad->getObject("error")->getValue<std::string>("code"), "invalid_field");
    EXPECT_EQ(bad->getObject("error")->getValue<std::string>("field"), "packages[0].events[0].at");

    // Nothing of the bad case was written; the others were.
    EXPECT_EQ(serve.request("GET", "/v1/orders/tiktok-shop::bad").status, 404);
    auto listed = json(serve.request("GET", "/v1/orders?limit=1000").body)->getArray("orders");
    EXPECT_EQ(listed->size(), 3u);
}

TEST(ServeApi, TheSameOrderSubmittedTwiceAtOnceFilesItsDisputeOnce) {
    TempDir dir;
    ServeProcess serve(write_config(dir), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    const auto order = picked_up_order();
    ASSERT_FALSE(order.empty());
    for (int round = 0; round < 3; ++round) {
        std::vector<std::future<HttpReply>> replies;
        for (int i = 0; i < 4; ++i)
            replies.push_back(std::async(std::launch::async, [&serve, &order, i] {
                return i % 2 ? serve.request("PUT", std::string("/v1/orders/") + kPickedUpKey, order)
                             : serve.request("POST", "/v1/orders", order);
            }));
        for (auto& f : replies) {
            auto reply = f.get();
            EXPECT_EQ(reply.status, 200) << reply.body << reply.error;
        }
    }
    EXPECT_EQ(dispute_count(serve, kPickedUpKey), 1u);
    EXPECT_EQ(outbox_packets(dir), 1u);
    auto history = json(serve.request("GET", std::string("/v1/orders/") + kPickedUpKey + "/history").body);
    auto entries = history->getArray("history");
    ASSERT_GE(entries->size(), 2u);
    EXPECT_EQ(entries->getObject(0)->getValue<std::string>("action"), "FILE_DISPUTE");
    for (std::size_t i = 1; i < entries->size(); ++i)
        EXPECT_NE(entries->getObject(i)->getValue<std::string>("action"), "FILE_DISPUTE") << i;
}

// The count of the `unstuck_plugin_call_seconds` series whose labels hold `plugin="<plugin>"` and
// `operation="<operation>"`, 0 without one.
double plugin_call_count(const std::string& metrics, const std::string& plugin,
                         const std::string& operation) {
    std::istringstream in(metrics);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("unstuck_plugin_call_seconds_count{", 0) != 0) continue;
        if (line.find("plugin=\"" + plugin + "\"") == std::string::npos ||
            line.find("operation=\"" + operation + "\"") == std::string::npos)
            continue;
        return std::stod(line.substr(line.rfind(' ') + 1));
    }
    return 0;
}

TEST(ServeApi, EveryPluginCallIsTimedInTheMetrics) {
    TempDir dir;
    ServeProcess serve(write_config(dir), {"--now", kNow});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    auto before = serve.request("GET", "/metrics");
    ASSERT_EQ(before.status, 200);
    EXPECT_EQ(plugin_call_count(before.body, "replay", "fetch"), 0) << before.body;

    const auto order = picked_up_order();
    ASSERT_FALSE(order.empty());
    auto reply = serve.request("POST", "/v1/orders", order);
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto metrics = serve.request("GET", "/metrics");
    ASSERT_EQ(metrics.status, 200);
    EXPECT_GT(plugin_call_count(metrics.body, "replay", "fetch"), 0) << metrics.body;
    EXPECT_GT(plugin_call_count(metrics.body, "outbox", "file"), 0) << "the dispute filed: " << metrics.body;
    EXPECT_NE(metrics.body.find("unstuck_plugin_call_seconds_bucket{"), std::string::npos);
}

}  // namespace
}  // namespace unstuck::test
