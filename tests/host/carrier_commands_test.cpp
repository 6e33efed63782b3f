// `unstuck track` and `unstuck detect`: the real host binary, its real plugins, and a loopback carrier.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>

#include "support/loopback_server.hpp"
#include "support/run_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

std::string golden(const std::string& relative) {
    return source_path("tests/golden/" + relative).string();
}

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

// The lines of a text, without their newlines.
std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
    simdjson::dom::element root;
    auto err = parser.parse(json).get(root);
    EXPECT_FALSE(err) << "not JSON: " << json;
    return root;
}

TEST(TrackCommand, RawPrintsTheCanonicalShipmentIndented) {
    auto r = run_host({"track", "--carrier", "fedex", "--raw", golden("fedex/delivered_signature.json")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    // The same bytes as the golden file, which the runner writes with the same two-space indentation.
    EXPECT_EQ(r.out, read_file(golden("fedex/delivered_signature.expected.json")));
}

TEST(TrackCommand, CompactPrintsOneLine) {
    auto r = run_host({"track", "-c", "dhl", "--raw", golden("dhl/delivered_pod.json"), "--compact"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(lines(r.out).size(), 1u);
    simdjson::dom::parser parser;
    auto root = parse(parser, r.out);
    EXPECT_EQ(std::string_view(root["status"].get_string().value_unsafe()), "DELIVERED");
    EXPECT_EQ(std::string_view(root["proof_of_delivery"]["received_by"].get_string().value_unsafe()),
              "L. Becker");
}

TEST(TrackCommand, RawReadsStandardInput) {
    auto r = run_host({"track", "-c", "fedex", "--raw", "-", "--compact"},
                      read_file(golden("fedex/pickup_only.json")));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"("status":"PICKED_UP")"), std::string::npos) << r.out;
}

TEST(TrackCommand, TheOrderDateIsUsedToPickAmongSeveralResults) {
    auto r = run_host({"track", "-c", "dhl", "--raw", golden("dhl/several_shipments.json"), "--compact",
                       "--order-created", "2024-10-20T08:00:00Z"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"("status":"IN_TRANSIT")"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("its events fall after the order was created (2024-10-20T08:00:00Z)"),
              std::string::npos)
        << r.out;
    // Without it the latest scan decides, and the warning says so.
    r = run_host({"track", "-c", "dhl", "--raw", golden("dhl/several_shipments.json"), "--compact"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("it has the latest scan"), std::string::npos) << r.out;
}

TEST(TrackCommand, NotFoundIsOneLineAndExitCode1) {
    auto r = run_host({"track", "-c", "fedex", "--raw", golden("fedex/not_found.json")});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    auto err = lines(r.err);
    ASSERT_EQ(err.size(), 1u) << r.err;
    EXPECT_NE(err[0].find("not found"), std::string::npos) << err[0];
    EXPECT_NE(err[0].find("TRACKING.TRACKINGNUMBER.NOTFOUND"), std::string::npos) << err[0];
}

TEST(TrackCommand, BadInputIsOneLineAndExitCode2) {
    TempDir tmp;
    write(tmp.path() / "broken.json", R"({"output": {"completeTrackResults": [)");
    const std::vector<std::vector<std::string>> cases = {
        {"track", "-c", "fedex", "--raw", (tmp.path() / "broken.json").string()},     // malformed document
        {"track", "-c", "fedex", "--raw", (tmp.path() / "missing.json").string()},    // no such file
        {"track", "-c", "nosuchcarrier", "--raw", golden("fedex/pickup_only.json")},  // unknown carrier
        {"track", "-c", "fedex"},  // neither file nor number
        {"track", "-c", "fedex", "--raw", golden("fedex/pickup_only.json"), "273648192050"},  // both
        {"track", "-c", "fedex", "--raw", golden("fedex/pickup_only.json"), "--order-created", "yesterday"},
        {"track", "--raw", golden("fedex/pickup_only.json")},  // no carrier
    };
    for (const auto& args : cases) {
        auto r = run_host(args);
        std::string what = args.size() > 4 ? args[4] : args.back();
        EXPECT_EQ(r.exit_code, 2) << what << ": " << r.err;
        EXPECT_EQ(r.out, "") << what;
        EXPECT_EQ(lines(r.err).size(), 1u) << what << ": " << r.err;
    }
}

TEST(TrackCommand, UnknownCarrierNamesTheLoadedOnes) {
    auto r = run_host({"track", "-c", "nosuchcarrier", "--raw", golden("fedex/pickup_only.json")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("nosuchcarrier"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("fedex"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("dhl"), std::string::npos) << r.err;
}

class LiveTrackTest : public ::testing::Test {
  protected:
    std::string config(const std::string& base_url) {
        std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR + R"("],
            "log": {"level": "off"},
            "plugins": {"dhl": {"base_url": ")" +
                           base_url + R"("}},
            "secrets": {"dhl": {"api_key": "k-1"}},
            "http": {"read_timeout_ms": 2000, "max_attempts": 1}})";
        write(tmp_.path() / "unstuck.json", json);
        return (tmp_.path() / "unstuck.json").string();
    }
    TempDir tmp_;
};

TEST_F(LiveTrackTest, FetchesThroughTheConfiguredPlugin) {
    std::string body = read_file(golden("dhl/delivered_pod.json"));
    LoopbackServer server([&](const LoopbackRequest&) {
        return LoopbackResponse{200, {{"Content-Type", "application/json"}}, body};
    });
    auto r =
        run_host({"--config", config(server.base_url()), "track", "-c", "dhl", "4817293051", "--compact"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"("status":"DELIVERED")"), std::string::npos) << r.out;
    ASSERT_EQ(server.request_count(), 1u);
    EXPECT_EQ(server.requests()[0].header("DHL-API-Key").value_or(""), "k-1");
    EXPECT_EQ(server.requests()[0].uri, "/track/shipments?trackingNumber=4817293051&language=en");
}

TEST_F(LiveTrackTest, NotFoundAndFailuresExitWith1) {
    LoopbackServer server([](const LoopbackRequest& r) {
        if (r.uri.find("3920184752") != std::string::npos)
            return LoopbackResponse{404,
                                    {{"Content-Type", "application/problem+json"}},
                                    R"({"title": "No result found", "status": 404})"};
        LoopbackResponse busy{429, {{"Retry-After", "60"}}, ""};
        return busy;
    });
    auto cfg = config(server.base_url());
    auto r = run_host({"--config", cfg, "track", "-c", "dhl", "3920184752"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("not found"), std::string::npos) << r.err;

    r = run_host({"--config", cfg, "track", "-c", "dhl", "4817293051"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("temporary failure (retry after 60s)"), std::string::npos) << r.err;
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
}

TEST(DetectCommand, PrintsEveryClaimWithItsCheckDigit) {
    auto r = run_host({"detect", "273648192050", "4817293052", "JJD0123456789", "NOTANUMBER"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_GE(out.size(), 4u) << r.out;
    EXPECT_EQ(out[0].rfind("NUMBER", 0), 0u) << out[0];
    auto line_with = [&](const std::string& a, const std::string& b) {
        for (const auto& l : out)
            if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return l;
        return std::string();
    };
    EXPECT_NE(line_with("273648192050", "fedex").find("valid"), std::string::npos) << r.out;
    EXPECT_NE(line_with("273648192050", "fedex").find("Express"), std::string::npos) << r.out;
    EXPECT_NE(line_with("4817293052", "dhl").find("INVALID"), std::string::npos) << r.out;
    EXPECT_TRUE(line_with("JJD0123456789", "Express piece").ends_with("  absent"))
        << r.out;  // no check digit
    EXPECT_NE(line_with("NOTANUMBER", "no carrier claims this number"), "") << r.out;
}

TEST(DetectCommand, JsonListsEveryNumberAndItsClaims) {
    auto r = run_host({"detect", "--json", "4817293051", "9274892736481500273647", "123"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    simdjson::dom::parser parser;
    auto root = parse(parser, r.out);
    simdjson::dom::array numbers;
    ASSERT_FALSE(root.get(numbers));
    ASSERT_EQ(numbers.size(), 3u);

    auto claims_of = [&](std::size_t i) {
        std::vector<std::tuple<std::string, std::string, std::string>> out;
        simdjson::dom::array claims = numbers.at(i)["claims"].get_array().value_unsafe();
        for (auto c : claims)
            out.emplace_back(std::string(c["carrier"].get_string().value_unsafe()),
                             std::string(c["service"].get_string().value_unsafe()),
                             std::string(c["check_digit"].get_string().value_unsafe()));
        return out;
    };
    EXPECT_EQ(std::string_view(numbers.at(0)["number"].get_string().value_unsafe()), "4817293051");
    auto dhl = claims_of(0);
    EXPECT_NE(std::find(dhl.begin(), dhl.end(),
                        std::make_tuple(std::string("dhl"), std::string("Express"), std::string("valid"))),
              dhl.end());
    auto smartpost = claims_of(1);
    EXPECT_NE(
        std::find(smartpost.begin(), smartpost.end(),
                  std::make_tuple(std::string("fedex"), std::string("SmartPost"), std::string("valid"))),
        smartpost.end());
    EXPECT_TRUE(claims_of(2).empty());
}

TEST(DetectCommand, TheReplayFolderClaimsWhatItHolds) {
    TempDir tmp;
    fs::create_directories(tmp.path() / "saved");
    write(tmp.path() / "saved" / "ORDER-77.json", read_file(golden("replay/fedex_saved.json")));
    write(tmp.path() / "unstuck.json", std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR +
                                           R"("], "plugins": {"replay": {"dir": ")" +
                                           (tmp.path() / "saved").string() + R"("}}})");
    auto r = run_host({"--config", (tmp.path() / "unstuck.json").string(), "detect", "--json", "ORDER-77"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"({"carrier":"replay","service":"saved fedex response","check_digit":"absent"})"),
              std::string::npos)
        << r.out;
    // And `track` answers it offline.
    r = run_host({"--config", (tmp.path() / "unstuck.json").string(), "track", "-c", "replay", "ORDER-77",
                  "--compact"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"("carrier":"fedex")"), std::string::npos) << r.out;
}

// A plugin setting of the wrong type: the config the operations guide warns about.
fs::path write_bad_plugin_config(const TempDir& tmp) {
    auto file = tmp.path() / "unstuck.json";
    write(file, R"({"plugins": {"ups": {"timeout_ms": "5s"}}})");
    return file;
}

constexpr const char* kBadUpsConfig = "unstuck: plugin ups: config.timeout_ms: expected an integer\n";

TEST(PluginsCommand, ListsAPluginWithABadConfigAsRefusedWithTheKeyAndExitsTwo) {
    TempDir tmp;
    auto cfg = write_bad_plugin_config(tmp).string();
    auto r = run_host({"--config", cfg, "plugins"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    bool listed = false;
    for (const auto& line : lines(r.out)) {
        if (line.rfind("ups ", 0) != 0) continue;
        listed = true;
        EXPECT_NE(line.find("REFUSED"), std::string::npos) << line;
        EXPECT_NE(line.find("carrier_ups.so: config.timeout_ms: expected an integer"), std::string::npos)
            << line;
    }
    EXPECT_TRUE(listed) << r.out;
    EXPECT_NE(r.err.find(kBadUpsConfig), std::string::npos) << r.err;

    auto json = run_host({"--config", cfg, "plugins", "--json"});
    EXPECT_EQ(json.exit_code, 2) << json.err;
    simdjson::dom::parser parser;
    bool found = false;
    for (auto plugin : parse(parser, json.out).get_array()) {
        if (std::string_view(plugin["name"].get_string().value_unsafe()) != "ups") continue;
        found = true;
        EXPECT_EQ(std::string_view(plugin["state"].get_string().value_unsafe()), "refused");
        EXPECT_EQ(std::string_view(plugin["reason"].get_string().value_unsafe()),
                  "config.timeout_ms: expected an integer");
    }
    EXPECT_TRUE(found) << json.out;
}

TEST(DetectCommand, ABadPluginConfigStopsItBeforeAnyWork) {
    TempDir tmp;
    auto r = run_host({"--config", write_bad_plugin_config(tmp).string(), "detect", "1Z023E2X0214323462"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, kBadUpsConfig);
}

TEST(TrackCommand, ABadPluginConfigStopsItBeforeAnyWork) {
    TempDir tmp;
    auto r = run_host({"--config", write_bad_plugin_config(tmp).string(), "track", "-c", "fedex", "--raw",
                       golden("fedex/pickup_only.json")});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, kBadUpsConfig);
}

TEST(DetectCommand, NeedsAtLeastOneNumber) {
    auto r = run_host({"detect"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace unstuck::test
