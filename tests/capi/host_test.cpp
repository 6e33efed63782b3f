// The host functions of the C API, each against the real plugins of the demo: opening, plugins, detect,
// normalize, decide, check_batch, disputes; and what each says about bad arguments.
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "capi_fixture.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

TEST(CapiLibrary, VersionAndNoErrorAtFirst) {
    EXPECT_STREQ(unstuck_version(), "0.2.0");
    EXPECT_STREQ(unstuck_version(), UNSTUCK_VERSION);
    unstuck_free(nullptr);  // fine
    // A thread that has made no call has no error.
    int code = -100;
    std::string message = "unset";
    std::thread fresh([&] {
        code = unstuck_error_last_code();
        message = unstuck_error_last();
    });
    fresh.join();
    EXPECT_EQ(code, 0);
    EXPECT_EQ(message, "");
}

TEST(CapiHost, OpensFromFileAndFromJson) {
    DemoCopy demo;
    unstuck_host* host = nullptr;
    ASSERT_EQ(unstuck_host_open_file(&host, demo.config().c_str()), UNSTUCK_OK) << last_error();
    ASSERT_NE(host, nullptr);
    EXPECT_EQ(unstuck_error_last_code(), 0);
    EXPECT_EQ(unstuck_host_close(host), UNSTUCK_OK);

    // The same document, its relative paths resolved against base_dir.
    unstuck_host* from_json = nullptr;
    ASSERT_EQ(unstuck_host_open_json(&from_json, demo.config_json().c_str(), demo.dir().c_str()), UNSTUCK_OK)
        << last_error();
    char* out = nullptr;
    ASSERT_EQ(unstuck_normalize(from_json, "replay",
                                read_file(demo.dir() / "responses" / "1Z023E2X0214323015.json").c_str(),
                                nullptr, &out),
              UNSTUCK_OK)
        << last_error();
    EXPECT_NE(take(out).find("\"status\":\"DELIVERED\""), std::string::npos);
    EXPECT_EQ(unstuck_host_close(from_json), UNSTUCK_OK);
}

TEST(CapiHost, OpenErrorsSayWhatAndWhere) {
    DemoCopy demo;
    unstuck_host* host = reinterpret_cast<unstuck_host*>(&demo);  // overwritten with null on failure

    EXPECT_EQ(unstuck_host_open_file(&host, (demo.dir() / "nothing.json").c_str()), UNSTUCK_ENOTFOUND);
    EXPECT_EQ(host, nullptr);
    EXPECT_NE(std::string(unstuck_error_last()).find("nothing.json"), std::string::npos) << last_error();
    EXPECT_EQ(unstuck_error_last_code(), UNSTUCK_ENOTFOUND);

    write_file(demo.dir() / "broken.json", "{\"log\": {\"level\": ");
    EXPECT_EQ(unstuck_host_open_file(&host, (demo.dir() / "broken.json").c_str()), UNSTUCK_EJSON);
    EXPECT_NE(std::string(unstuck_error_last()).find("broken.json: malformed JSON"), std::string::npos)
        << last_error();

    EXPECT_EQ(unstuck_host_open_json(&host, "{\"log\": {\"level\": \"loud\"}}", nullptr), UNSTUCK_ECONFIG);
    EXPECT_NE(std::string(unstuck_error_last()).find("log.level"), std::string::npos) << last_error();

    EXPECT_EQ(unstuck_host_open_json(&host, "{\"colour\": 1}", nullptr), UNSTUCK_ECONFIG);
    EXPECT_NE(std::string(unstuck_error_last()).find("colour"), std::string::npos) << last_error();

    EXPECT_EQ(unstuck_host_open_json(&host, "[1, 2", nullptr), UNSTUCK_EJSON);
    EXPECT_NE(std::string(unstuck_error_last()).find("config_json: malformed JSON"), std::string::npos)
        << last_error();

    // A plugin's settings that do not fit its manifest stop the host from opening.
    EXPECT_EQ(unstuck_host_open_json(&host,
                                     ("{\"plugin_dirs\": [\"" + plugin_dir().string() +
                                      "\"], \"plugins\": {\"replay\": {\"dir\": 7}}}")
                                         .c_str(),
                                     demo.dir().c_str()),
              UNSTUCK_ECONFIG);
    EXPECT_NE(std::string(unstuck_error_last()).find("replay"), std::string::npos) << last_error();
    EXPECT_EQ(host, nullptr);
}

TEST(CapiHost, ListsThePluginsLikeThePluginsCommand) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_plugins(host.get(), &out), UNSTUCK_OK) << last_error();
    std::string json = take(out);
    EXPECT_EQ(json.front(), '[');
    EXPECT_NE(json.find("\"name\":\"replay\",\"kind\":\"carrier\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"name\":\"outbox\",\"kind\":\"ticketing\""), std::string::npos) << json;
    EXPECT_NE(json.find("\"state\":\"loaded\""), std::string::npos) << json;
}

TEST(CapiHost, DetectsWhichCarrierClaimsANumber) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_detect(host.get(), "1Z023E2X0214323015", &out), UNSTUCK_OK) << last_error();
    EXPECT_NE(take(out).find("{\"carrier\":\"ups\",\"service\":\"1Z\",\"check_digit\":\"valid\"}"),
              std::string::npos);
    // One digit changed: still UPS's format, but its check digit fails.
    ASSERT_EQ(unstuck_detect(host.get(), "1Z023E2X0214323016", &out), UNSTUCK_OK) << last_error();
    EXPECT_NE(take(out).find("\"check_digit\":\"invalid\""), std::string::npos);
    ASSERT_EQ(unstuck_detect(host.get(), "hello", &out), UNSTUCK_OK) << last_error();
    EXPECT_EQ(take(out), "[]");
}

TEST(CapiHost, NormalizesThroughTheNamedCarrier) {
    DemoCopy demo;
    OpenHost host(demo);
    const std::string payload = read_file(demo.dir() / "responses" / "1Z023E2X0214323015.json");
    char* out = nullptr;
    ASSERT_EQ(unstuck_normalize(host.get(), "replay", payload.c_str(),
                                "{\"tracking_number\": \"1Z023E2X0214323015\", "
                                "\"order_created_at\": \"2024-07-10T08:00:00Z\"}",
                                &out),
              UNSTUCK_OK)
        << last_error();
    std::string shipment = take(out);
    EXPECT_NE(shipment.find("\"carrier\":\"ups\",\"tracking_number\":\"1Z023E2X0214323015\""),
              std::string::npos)
        << shipment;
    EXPECT_NE(shipment.find("\"delivered_at\":\"2024-07-13T22:00:00Z\""), std::string::npos) << shipment;

    EXPECT_EQ(unstuck_normalize(host.get(), "nosuch", payload.c_str(), nullptr, &out), UNSTUCK_ENOTFOUND);
    EXPECT_NE(std::string(unstuck_error_last()).find("nosuch"), std::string::npos) << last_error();
    EXPECT_EQ(unstuck_normalize(host.get(), "replay", "{\"carrier\": \"ups\"}", nullptr, &out),
              UNSTUCK_EPLUGIN);
    EXPECT_NE(std::string(unstuck_error_last()).find("replay: failed: "), std::string::npos) << last_error();
    EXPECT_EQ(unstuck_normalize(host.get(), "replay", payload.c_str(), "{\"order_created_at\": 5}", &out),
              UNSTUCK_EJSON);
    EXPECT_STREQ(unstuck_error_last(), "context_json: $.order_created_at: expected a string");
    EXPECT_EQ(unstuck_normalize(host.get(), "replay", payload.c_str(), "{\"tracking\": \"1Z\"}", &out),
              UNSTUCK_EJSON);
    EXPECT_STREQ(unstuck_error_last(), "context_json: $.tracking: unknown key");
}

TEST(CapiHost, DecidesOneOrderAsTheCheckCommandPrintsIt) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_decide(host.get(), first_demo_order().c_str(), &out), UNSTUCK_OK) << last_error();
    std::string decision = take(out);
    EXPECT_EQ(decision.rfind("{\"order_id\":\"5768590292230001\",\"action\":\"NONE\","
                             "\"rule\":\"platform.settled\"",
                             0),
              0u)
        << decision;

    EXPECT_EQ(unstuck_decide(host.get(), "{\"order_id\": \"1\"", &out), UNSTUCK_EJSON);
    EXPECT_EQ(std::string(unstuck_error_last()).rfind("order_json: ", 0), 0u) << last_error();

    // A field missing, or of the wrong type: the message names its path.
    std::string order = first_demo_order();
    order.replace(order.find("\"tracking_number\":\"1Z023E2X0214323015\","), 39, "\"events\":[{}],");
    ASSERT_EQ(unstuck_decide(host.get(), order.c_str(), &out), UNSTUCK_EJSON) << take(out);
    EXPECT_STREQ(unstuck_error_last(), "order_json: $.packages[0].events[0].at: missing or not a string");
    order = first_demo_order();
    order.replace(order.find("\"1153891868590001\""), 18, "5");
    ASSERT_EQ(unstuck_decide(host.get(), order.c_str(), &out), UNSTUCK_EJSON) << take(out);
    EXPECT_STREQ(unstuck_error_last(), "order_json: $.packages[0].package_id: expected a string");
}

TEST(CapiHost, ChecksABatchLineByLineInInputOrder) {
    DemoCopy demo;
    OpenHost host(demo);
    const std::string first = first_demo_order();
    const std::string batch = first + "\nnot json\n\n" + first + "\n";
    char* out = nullptr;
    ASSERT_EQ(unstuck_check_batch(host.get(), batch.c_str(), &out), UNSTUCK_OK) << last_error();
    std::string lines = take(out);
    std::vector<std::string> split;
    for (std::size_t at = 0, nl; (nl = lines.find('\n', at)) != std::string::npos; at = nl + 1)
        split.push_back(lines.substr(at, nl - at));
    ASSERT_EQ(split.size(), 3u) << lines;
    EXPECT_EQ(split[0].rfind("{\"order_id\":\"5768590292230001\"", 0), 0u) << split[0];
    EXPECT_EQ(split[1].rfind("{\"line\":2,\"error\":", 0), 0u) << split[1];
    EXPECT_EQ(split[2], split[0]);

    // Every demo order.
    ASSERT_EQ(unstuck_check_batch(host.get(), read_file(demo.orders()).c_str(), &out), UNSTUCK_OK);
    lines = take(out);
    EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 26);
    EXPECT_EQ(lines.find("\"error\""), std::string::npos) << lines;
}

TEST(CapiHost, ABatchAnswersEachLineAsDecideDoesWhateverItsSpacingAndLineEnds) {
    DemoCopy demo;
    OpenHost host(demo);
    std::vector<std::string> orders;
    std::string batch;
    const std::string all = read_file(demo.orders());
    for (std::size_t at = 0, nl; (nl = all.find('\n', at)) != std::string::npos; at = nl + 1) {
        orders.push_back(all.substr(at, nl - at));
        // CRLF, leading blanks and an empty line between orders: blank lines give no answer.
        batch += "  " + orders.back() + (orders.size() % 2 ? "\r\n" : "\t\n") + "\n";
    }
    batch.pop_back();  // the last line without its newline
    batch.pop_back();
    ASSERT_GT(orders.size(), 20u);
    char* out = nullptr;
    ASSERT_EQ(unstuck_check_batch(host.get(), batch.c_str(), &out), UNSTUCK_OK) << last_error();
    const std::string lines = take(out);
    std::size_t at = 0;
    for (const auto& order : orders) {
        ASSERT_EQ(unstuck_decide(host.get(), order.c_str(), &out), UNSTUCK_OK) << last_error();
        const std::string alone = take(out);
        const std::size_t nl = lines.find('\n', at);
        ASSERT_NE(nl, std::string::npos) << "fewer answers than orders";
        EXPECT_EQ(lines.substr(at, nl - at), alone);
        at = nl + 1;
    }
    EXPECT_EQ(at, lines.size()) << "more answers than orders";
}

TEST(CapiHost, DisputesBeforeAnySweepAreNone) {
    DemoCopy demo;
    OpenHost host(demo);
    char* out = nullptr;
    ASSERT_EQ(unstuck_disputes(host.get(), nullptr, &out), UNSTUCK_OK) << last_error();
    EXPECT_EQ(take(out), "[]");
    EXPECT_FALSE(fs::exists(demo.dir() / "state" / "unstuck.db")) << "listing creates no store";
    EXPECT_EQ(unstuck_disputes(host.get(), "{\"state\": \"OPEN\"}", &out), UNSTUCK_EINVALID);
    EXPECT_NE(std::string(unstuck_error_last()).find("$.state"), std::string::npos) << last_error();
    EXPECT_EQ(unstuck_disputes(host.get(), "{\"order_id\": 12}", &out), UNSTUCK_EJSON);
    EXPECT_STREQ(unstuck_error_last(), "filter_json: $.order_id: expected a string");
    EXPECT_EQ(unstuck_disputes(host.get(), "{\"order_id\": ", &out), UNSTUCK_EJSON);
    EXPECT_EQ(std::string(unstuck_error_last()).rfind("filter_json: malformed JSON", 0), 0u) << last_error();
}

}  // namespace
}  // namespace unstuck::test
