// `unstuck check`: the real host binary on files written into a temporary folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/run_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

const char* kSectionOneCase = R"({
  "order_id": "576859029223086481",
  "shop_id": "7494105515",
  "marketplace": "tiktok-shop",
  "region": "US",
  "shipping_type": "PLATFORM",
  "platform_status": "AWAITING_COLLECTION",
  "platform_updated_at": "2024-07-15T16:02:11Z",
  "promised_delivery_by": "2024-07-22T23:59:59-07:00",
  "packages": [
    {
      "package_id": "1153891868590053777",
      "tracking_number": "1Z023E2X0214323462",
      "carrier": "ups",
      "events": [
        {"at": "2024-07-15T09:12:00-04:00", "status": "PICKED_UP", "substatus": "picked_up",
         "code": "038", "description": "Picked up", "physical_scan": true,
         "location": {"city": "Louisville", "region": "KY", "country": "US", "postal_code": "40213"}}
      ]
    }
  ],
  "now": "2024-07-16T20:00:00Z"
})";

const char* kSectionFiveDecision =
    R"j({"order_id":"576859029223086481","action":"FILE_DISPUTE","rule":"platform.picked_up_not_updated",)j"
    R"j("dispute":{"code":"pick_up_issues.picked_up_not_updated","path":["Complaints & Dispute (Logistic related)",)j"
    R"j("Pick up Issues","Picked up but logistics status not updated"],)j"
    R"j("key":"tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated",)j"
    R"j("packages":["1153891868590053777"],"evidence":[{"kind":"order_id","value":"576859029223086481"},)j"
    R"j({"kind":"carrier_pickup_event","package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z",)j"
    R"j("code":"038","description":"Picked up"}}]},"next_check_at":null,)j"
    R"j("explanation":"UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows )j"
    R"j(AWAITING_COLLECTION. More than 24 hours after pickup the policy files 'Picked up but logistics status not )j"
    R"j(updated'.","packages":[{"package_id":"1153891868590053777","action":"FILE_DISPUTE",)j"
    R"j("rule":"platform.picked_up_not_updated","facts":{"platform_stage":"PRE","carrier_status":"PICKED_UP",)j"
    R"j("picked_up_at":"2024-07-15T13:12:00Z","last_scan_at":"2024-07-15T13:12:00Z",)j"
    R"j("last_update_at":"2024-07-15T13:12:00Z"}}],"policy":{"id":"tiktok-shop.logistics-stuck",)j"
    R"j("version":"2024-07-18"}})j";

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The case on one line, with another order id and `now`.
std::string one_line(const std::string& order_id, const std::string& now = "2024-07-16T20:00:00Z") {
    std::string s = std::regex_replace(std::string(kSectionOneCase), std::regex("\\s*\n\\s*"), " ");
    s = std::regex_replace(s, std::regex("576859029223086481"), order_id);
    return std::regex_replace(s, std::regex("2024-07-16T20:00:00Z"), now);
}

class CheckCommand : public ::testing::Test {
  protected:
    TempDir dir;
    fs::path file(const std::string& name, std::string_view bytes) {
        write(dir.path() / name, bytes);
        return dir.path() / name;
    }
};

TEST_F(CheckCommand, SectionFiveExampleFromAFile) {
    auto r = run_host({"check", "--order", file("order.json", kSectionOneCase).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, std::string(kSectionFiveDecision) + "\n");
    EXPECT_EQ(r.err, "");
}

TEST_F(CheckCommand, OrderFromStdinAndNowOverride) {
    auto r = run_host({"check", "--order", "-"}, kSectionOneCase);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, std::string(kSectionFiveDecision) + "\n");

    // --now wins over the case's now: 20 h 48 min after pickup the policy waits until 24 h after it.
    auto early = run_host({"check", "--order", "-", "--now", "2024-07-16T05:00:00-05:00"}, kSectionOneCase);
    EXPECT_EQ(early.exit_code, 0) << early.err;
    EXPECT_NE(early.out.find(R"("action":"WAIT","rule":"platform.pickup_grace","dispute":null,)"
                             R"("next_check_at":"2024-07-16T13:12:01Z")"),
              std::string::npos)
        << early.out;
}

TEST_F(CheckCommand, ABadPluginConfigStopsItBeforeAnyOrderIsChecked) {
    auto cfg = file("unstuck.json", R"({"plugins": {"ups": {"timeout_ms": "5s"}}})");
    for (const char* policy : {"", "policy"}) {
        std::vector<std::string> args{"--config", cfg.string(), "check", "--order",
                                      file("order.json", kSectionOneCase).string()};
        // With --policy the config is not needed for the policy file: it is checked all the same.
        if (*policy)
            args.insert(args.end(),
                        {"--policy", source_path("policies/tiktok-shop.logistics-stuck.json").string()});
        auto r = run_host(args);
        EXPECT_EQ(r.exit_code, 2) << r.err;
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, "unstuck: plugin ups: config.timeout_ms: expected an integer\n");
    }
}

TEST_F(CheckCommand, BadOrderIsOneLineOnStderrAndExitTwo) {
    std::string bad = std::regex_replace(std::string(kSectionOneCase),
                                         std::regex("2024-07-15T09:12:00-04:00"), "2024-07-15T09:12:00");
    auto r = run_host({"check", "--order", file("bad.json", bad).string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "packages[0].events[0].at: no UTC offset in \"2024-07-15T09:12:00\"\n");

    auto malformed = run_host({"check", "--order", "-"}, "{\"order_id\": ");
    EXPECT_EQ(malformed.exit_code, 2);
    EXPECT_EQ(lines(malformed.err).size(), 1u) << malformed.err;
    EXPECT_EQ(malformed.err.rfind("malformed JSON: ", 0), 0u) << malformed.err;

    std::string region = std::regex_replace(std::string(kSectionOneCase), std::regex("\"US\""), "\"XX\"");
    auto unknown = run_host({"check", "--order", "-"}, region);
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_EQ(unknown.err, "region: \"XX\" is not a region of policy tiktok-shop.logistics-stuck\n");
}

TEST_F(CheckCommand, BatchKeepsInputOrderAndReportsBadLinesInPlace) {
    std::string input = one_line("A1") + "\n" +                    // line 1
                        "{\"order_id\": \"A2\", \"region\": \n" +  // line 2: malformed
                        "\n" +                                     // line 3: blank, skipped
                        one_line("A4").replace(one_line("A4").find("PLATFORM"), 8, "DROPSHIP") +
                        "\n" +                                            // line 4
                        one_line("A5", "2024-07-16T10:00:00Z") + "\r\n";  // line 5, CRLF
    auto r = run_host({"check", "--orders", file("batch.jsonl", input).string()});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 4u) << r.out;
    EXPECT_EQ(out[0].rfind(R"({"order_id":"A1","action":"FILE_DISPUTE")", 0), 0u) << out[0];
    EXPECT_EQ(out[1].rfind(R"({"line":2,"error":"malformed JSON: )", 0), 0u) << out[1];
    EXPECT_EQ(out[2], R"({"line":4,"error":"shipping_type: \"DROPSHIP\" is not PLATFORM or SELLER"})");
    EXPECT_EQ(out[3].rfind(R"({"order_id":"A5","action":"WAIT")", 0), 0u) << out[3];
    EXPECT_EQ(r.err, "");
}

TEST_F(CheckCommand, CleanBatchExitsZeroAndThreadsDoNotChangeTheBytes) {
    std::string input;
    for (int i = 0; i < 3000; ++i) {
        // Alternate decisions: filing, waiting, and a seller order.
        std::string line =
            one_line("B" + std::to_string(i), i % 2 ? "2024-07-16T20:00:00Z" : "2024-07-16T01:00:00Z");
        if (i % 3 == 0) line.replace(line.find("PLATFORM"), 8, "SELLER");
        input += line + "\n";
    }
    auto path = file("many.jsonl", input).string();
    auto two = run_host({"check", "--orders", path, "--threads", "2"});
    auto one = run_host({"check", "--orders", path, "--threads", "1"});
    EXPECT_EQ(two.exit_code, 0) << two.err;
    EXPECT_EQ(one.exit_code, 0) << one.err;
    EXPECT_EQ(two.out, one.out);
    auto out = lines(two.out);
    ASSERT_EQ(out.size(), 3000u);
    for (int i = 0; i < 3000; ++i)
        ASSERT_EQ(out[static_cast<std::size_t>(i)].rfind("{\"order_id\":\"B" + std::to_string(i) + "\"", 0),
                  0u)
            << out[static_cast<std::size_t>(i)];
    // From stdin as well.
    auto piped = run_host({"check", "--orders", "-"}, input);
    EXPECT_EQ(piped.exit_code, 0);
    EXPECT_EQ(piped.out, two.out);
}

TEST_F(CheckCommand, LinesLongerThanAReadBlockAndNoFinalNewline) {
    // A 6 MB line (an ignored field) between ordinary ones, and a last line without its newline.
    std::string huge = one_line("C2");
    huge.insert(1, "\"_padding\": \"" + std::string(6 << 20, 'x') + "\", ");
    std::string input = one_line("C1") + "\n" + huge + "\n" + one_line("C3");
    auto r = run_host({"check", "--orders", file("long.jsonl", input).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 3u);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(
            out[static_cast<std::size_t>(i)].rfind("{\"order_id\":\"C" + std::to_string(i + 1) + "\"", 0),
            0u);
    EXPECT_EQ(r.out.back(), '\n');
}

TEST_F(CheckCommand, UnusableArgumentsAreOneClearLine) {
    struct Bad {
        std::vector<std::string> args;
        std::string error;
    };
    auto order = file("order.json", kSectionOneCase).string();
    std::vector<Bad> cases{
        {{"check"}, "unstuck check: give either --order FILE|- or --orders FILE.jsonl|-\n"},
        {{"check", "--order", order, "--orders", order},
         "unstuck check: give either --order FILE|- or --orders FILE.jsonl|-\n"},
        {{"check", "--order", order, "--now", "2024-07-16 20:00"},
         "unstuck check: --now: no UTC offset in \"2024-07-16 20:00\"\n"},
        {{"check", "--order", (dir.path() / "absent.json").string()},
         "unstuck check: --order: cannot read \"" + (dir.path() / "absent.json").string() + "\"\n"},
        {{"check", "--orders", (dir.path() / "absent.jsonl").string()},
         "unstuck check: --orders: cannot read \"" + (dir.path() / "absent.jsonl").string() + "\"\n"},
        {{"check", "--order", order, "--policy", (dir.path() / "absent-policy.json").string()},
         "unstuck check: cannot read policy file \"" + (dir.path() / "absent-policy.json").string() + "\"\n"},
    };
    for (const auto& c : cases) {
        auto r = run_host(c.args);
        EXPECT_EQ(r.exit_code, 2) << c.args.size();
        EXPECT_EQ(r.err, c.error);
        EXPECT_EQ(r.out, "");
    }
}

TEST_F(CheckCommand, PolicyFileChangesTheDecisionWithoutRecompiling) {
    std::string policy = read(source_path("policies/tiktok-shop.logistics-stuck.json"));
    auto order = file("order.json", kSectionOneCase).string();

    std::string patient =
        std::regex_replace(policy, std::regex("\"pickup_update_hours\": 24"), "\"pickup_update_hours\": 48");
    auto r = run_host({"check", "--order", order, "--policy", file("patient.json", patient).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(R"("action":"WAIT","rule":"platform.pickup_grace")"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"("next_check_at":"2024-07-17T13:12:01Z")"), std::string::npos) << r.out;

    // The host configuration may name the policy too; --policy wins over it.
    write(dir.path() / "host.json", R"({"policy": "patient.json"})");
    auto configured = run_host({"--config", (dir.path() / "host.json").string(), "check", "--order", order});
    EXPECT_EQ(configured.exit_code, 0) << configured.err;
    EXPECT_EQ(configured.out, r.out);
    auto overridden =
        run_host({"--config", (dir.path() / "host.json").string(), "check", "--order", order, "--policy",
                  source_path("policies/tiktok-shop.logistics-stuck.json").string()});
    EXPECT_EQ(overridden.out, std::string(kSectionFiveDecision) + "\n");

    std::string broken = std::regex_replace(policy, std::regex("America/Los_Angeles"), "America/Nowhere");
    auto bad = run_host({"check", "--order", order, "--policy", file("broken.json", broken).string()});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "unstuck check: " + (dir.path() / "broken.json").string() +
                           ": regions.US.time_zone: unknown IANA zone \"America/Nowhere\"\n");
}

TEST_F(CheckCommand, RawCarrierDocumentGoesThroughTheCarrierPlugin) {
    std::string payload = read(source_path("tests/golden/ups/pickup_only.json"));
    std::string order = R"({"order_id": "R1", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM",
        "platform_status": "AWAITING_COLLECTION",
        "packages": [{"package_id": "P1", "tracking_number": "1Z0Y7E2F4203125885",
                      "raw": {"carrier": "ups", "payload": )" +
                        payload + R"(}}], "now": "2024-09-05T00:00:00Z"})";
    auto r = run_host({"check", "--order", file("raw.json", order).string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // UPS picked it up 2024-09-03 21:48Z (16:48 at -05:00): 26 h 12 min later the pickup dispute is filed.
    EXPECT_NE(r.out.find(R"("rule":"platform.picked_up_not_updated")"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(R"("event":{"at":"2024-09-03T21:48:00Z","code":"038","description":"Picked up"})"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("UPS scanned the pickup 26 h 12 min ago (2024-09-03 21:48 UTC)"), std::string::npos)
        << r.out;

    std::string unknown =
        std::regex_replace(order, std::regex("\"carrier\": \"ups\""), "\"carrier\": \"acme\"");
    auto missing = run_host({"check", "--order", file("acme.json", unknown).string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(lines(missing.err).back(),
              "packages[0].raw.carrier: plugin acme: not found in the plugin folders");
}

}  // namespace
}  // namespace unstuck::test
