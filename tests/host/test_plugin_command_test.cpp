// `unstuck test-plugin`: a built carrier plugin through the real loader, against golden cases and detection
// tables, as plugin authors run it; wrong expectations fail and say where.

#include <gtest/gtest.h>

#include <sstream>

#include "support/run_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

std::string ups_plugin() {
    return (plugin_dir() / "carrier_ups.so").string();
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// A golden case copied from the UPS suite into a folder of its own: `pickup_only.json` and, with `expected`,
// its expected file.
fs::path copy_case(const TempDir& dir, bool expected) {
    fs::path document = dir.path() / "pickup_only.json";
    write_file(document, read_file(source_path("tests/golden/ups/pickup_only.json")));
    if (expected)
        write_file(dir.path() / "pickup_only.expected.json",
                   read_file(source_path("tests/golden/ups/pickup_only.expected.json")));
    return document;
}

TEST(TestPluginCommand, AGoldenCaseAsExpectedPasses) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    auto r = run_host({"test-plugin", ups_plugin(), "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "pickup_only.json: as expected\n");
    EXPECT_EQ(r.err, "");
}

TEST(TestPluginCommand, AWrongExpectedFileFailsAndNamesTheFileAndTheJsonPath) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    fs::path expected = dir.path() / "pickup_only.expected.json";
    std::string text = read_file(expected);
    auto at = text.find("\"status\": \"PICKED_UP\"");
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, 21, "\"status\": \"IN_TRANSIT\"");
    write_file(expected, text);

    auto r = run_host({"test-plugin", ups_plugin(), "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 1);
    ASSERT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_EQ(r.err,
              "unstuck test-plugin: " + expected.string() +
                  ": $.status: expected \"IN_TRANSIT\", got \"PICKED_UP\" (if the new output is right, "
                  "rewrite with: unstuck test-plugin " +
                  ups_plugin() + " --golden " + document.string() + " --update)\n");
    EXPECT_EQ(read_file(expected), text) << "a failing check leaves the expected file alone";
}

TEST(TestPluginCommand, AMissingExpectedFileFailsWithTheCommandThatWritesIt) {
    TempDir dir;
    fs::path document = copy_case(dir, false);
    auto r = run_host({"test-plugin", ups_plugin(), "--golden", document.string(), "--update-command",
                       "cmake --build build --target update_golden_carrier_ups"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "unstuck test-plugin: " + (dir.path() / "pickup_only.expected.json").string() +
                  ": missing; write it with: cmake --build build --target update_golden_carrier_ups\n");
    EXPECT_FALSE(fs::exists(dir.path() / "pickup_only.expected.json"));
}

TEST(TestPluginCommand, UpdateModeWritesTheExpectedFile) {
    TempDir dir;
    fs::path document = copy_case(dir, false);
    fs::path expected = dir.path() / "pickup_only.expected.json";
    auto r = run_host({"test-plugin", ups_plugin(), "--golden", document.string(), "--update"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote " + expected.string() + "\n");
    EXPECT_EQ(read_file(expected), read_file(source_path("tests/golden/ups/pickup_only.expected.json")));
    EXPECT_EQ(run_host({"test-plugin", ups_plugin(), "--golden", document.string()}).exit_code, 0);

    // The environment variable does the same, for a whole ctest run.
    write_file(expected, "{}\n");
    auto env = run_process("/usr/bin/env", {"UNSTUCK_UPDATE_GOLDEN=1", UNSTUCK_HOST_EXE, "test-plugin",
                                            ups_plugin(), "--golden", document.string()});
    EXPECT_EQ(env.exit_code, 0) << env.err;
    EXPECT_EQ(read_file(expected), read_file(source_path("tests/golden/ups/pickup_only.expected.json")));
}

TEST(TestPluginCommand, ABadContextFileNamesItsField) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    write_file(dir.path() / "pickup_only.context.json", R"({"order_created_at": "2024-09-01 10:00"})");
    auto r = run_host({"test-plugin", ups_plugin(), "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 2);
    ASSERT_EQ(lines(r.err).size(), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("unstuck test-plugin: " + (dir.path() / "pickup_only.context.json").string() +
                              ": $.order_created_at: ",
                          0),
              0u)
        << r.err;
}

TEST(TestPluginCommand, AMissingPluginFileIsBadInput) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    std::string missing = (dir.path() / "carrier_nothing.so").string();
    auto r = run_host({"test-plugin", missing, "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "unstuck test-plugin: " + missing + ": no such plugin file\n");
    EXPECT_EQ(r.out, "");
}

TEST(TestPluginCommand, PluginSettingsAreCheckedAgainstTheManifest) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    fs::path good = dir.path() / "ups.json";
    write_file(good, R"({"timeout_ms": 5000, "return_pod": true})");
    auto r = run_host(
        {"test-plugin", ups_plugin(), "--plugin-config", good.string(), "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;

    fs::path bad = dir.path() / "bad.json";
    write_file(bad, R"({"timeout_ms": "soon"})");
    auto wrong = run_host(
        {"test-plugin", ups_plugin(), "--plugin-config", bad.string(), "--golden", document.string()});
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_EQ(wrong.err, "unstuck test-plugin: " + bad.string() +
                             ": plugin ups: config.timeout_ms: expected an integer\n");

    write_file(bad, "[1, 2]");
    auto not_object = run_host(
        {"test-plugin", ups_plugin(), "--plugin-config", bad.string(), "--golden", document.string()});
    EXPECT_EQ(not_object.exit_code, 2);
    EXPECT_EQ(not_object.err, "unstuck test-plugin: " + bad.string() +
                                  ": $: expected a JSON object of the plugin's settings\n");
}

TEST(TestPluginCommand, ATicketingPluginIsRefused) {
    TempDir dir;
    fs::path document = copy_case(dir, true);
    std::string outbox = (plugin_dir() / "ticketing_outbox.so").string();
    auto r = run_host({"test-plugin", outbox, "--golden", document.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "unstuck test-plugin: " + outbox +
                         ": a ticketing plugin; golden cases and detection tables are for carrier plugins\n");
}

TEST(TestPluginCommand, ADetectionTableMismatchNamesTheRowAndBothClaims) {
    TempDir dir;
    fs::path table = dir.path() / "detect.json";
    write_file(table, R"([
      {"number": "1Z999AA10123456784", "claims": [{"carrier": "ups", "service": "1Z", "check_digit": "valid"}]},
      {"number": "1Z999AA10123456785", "claims": [{"carrier": "ups", "service": "1Z", "check_digit": "valid"}]},
      {"number": "273648192050", "claims": []}
    ])");
    auto r = run_host({"test-plugin", ups_plugin(), "--detect", table.string()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "detect.json: 2 of 3 numbers as expected\n");
    auto err = lines(r.err);
    ASSERT_EQ(err.size(), 2u) << r.err;
    EXPECT_EQ(err[0], "unstuck test-plugin: " + table.string() +
                          ": $[1].claims: 1Z999AA10123456785: expected [ups 1Z valid], got [ups 1Z invalid]");
    EXPECT_EQ(err[1], "unstuck test-plugin: if the new claims are right, rewrite with: unstuck test-plugin " +
                          ups_plugin() + " --detect " + table.string() + " --update");
}

TEST(TestPluginCommand, ABadTableRowIsNamedAndTheOthersAreStillChecked) {
    TempDir dir;
    fs::path table = dir.path() / "detect.json";
    write_file(table, R"([
      {"number": "1Z999AA10123456784", "claims": [{"carrier": "ups", "service": "1Z", "check_digit": "maybe"}]},
      {"number": "1Z999AA10123456785", "claims": [{"carrier": "ups", "service": "1Z", "check_digit": "invalid"}]}
    ])");
    const std::string before = read_file(table);
    auto r = run_host({"test-plugin", ups_plugin(), "--detect", table.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "unstuck test-plugin: " + table.string() +
                         ": $[0].claims[0].check_digit: \"maybe\" is not absent, valid or invalid\n");
    EXPECT_EQ(r.out, "detect.json: 1 of 2 numbers as expected\n");

    // Nothing half written: a table with a bad row is not rewritten.
    auto update = run_host({"test-plugin", ups_plugin(), "--detect", table.string(), "--update"});
    EXPECT_EQ(update.exit_code, 2);
    EXPECT_EQ(read_file(table), before);
}

TEST(TestPluginCommand, UpdateModeRewritesATableWithTheDetectedClaims) {
    TempDir dir;
    fs::path table = dir.path() / "detect.json";
    write_file(table, R"([{"number": "1Z999AA10123456785", "claims": []}, {"number": "ABC", "claims": []}])");
    auto r = run_host({"test-plugin", ups_plugin(), "--detect", table.string(), "--update"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "wrote " + table.string() + " (2 numbers)\n");
    auto check = run_host({"test-plugin", ups_plugin(), "--detect", table.string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
    EXPECT_NE(read_file(table).find(R"("check_digit": "invalid")"), std::string::npos) << read_file(table);
}

}  // namespace
}  // namespace unstuck::test
