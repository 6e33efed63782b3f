// `unstuck new-plugin`: a plugin folder from the embedded templates, with the name filled in everywhere,
// written whole or not at all. (tests/sdk_install builds and tests what it writes against an installed SDK.)

#include <gtest/gtest.h>

#include <set>

#include "support/run_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

std::set<std::string> files_under(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
    return out;
}

std::set<std::string> entries_of(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
}

TEST(NewPluginCommand, WritesACarrierWithTheNameFilledInEverywhere) {
    TempDir dir;
    fs::path target = dir.path() / "acme-parcel";
    auto r = run_host({"new-plugin", "--kind", "carrier", "acme-parcel", target.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_NE(r.out.find("wrote " + target.string() + ": the carrier plugin acme-parcel (Acme Parcel)"),
              std::string::npos)
        << r.out;
    const std::set<std::string> expected{"CMakeLists.txt",
                                         "README.md",
                                         "detector.cpp",
                                         "detector.hpp",
                                         "manifest.json",
                                         "normalizer.cpp",
                                         "normalizer.hpp",
                                         "plugin.cpp",
                                         "tests/detect.json",
                                         "tests/golden/in_transit.expected.json",
                                         "tests/golden/in_transit.json",
                                         "tests/golden/not_found.context.json",
                                         "tests/golden/not_found.expected.json",
                                         "tests/golden/not_found.json"};
    EXPECT_EQ(files_under(target), expected);
    for (const auto& f : files_under(target)) {
        std::string text = read_file(target / f);
        EXPECT_EQ(text.find('@' + std::string("NAME@")), std::string::npos) << f;
        EXPECT_EQ(text.find("@IDENT@"), std::string::npos) << f;
        EXPECT_EQ(text.find("@DISPLAY_NAME@"), std::string::npos) << f;
        EXPECT_EQ(text.find("@VERSION@"), std::string::npos) << f;
    }
    const std::string manifest = read_file(target / "manifest.json");
    EXPECT_NE(manifest.find(R"("name": "acme-parcel")"), std::string::npos) << manifest;
    EXPECT_NE(manifest.find(R"("display_name": "Acme Parcel")"), std::string::npos) << manifest;
    EXPECT_NE(
        read_file(target / "plugin.cpp")
            .find(R"(UNSTUCK_CARRIER_PLUGIN(acme_parcel::Carrier, "acme-parcel", "0.1.0", "Acme Parcel"))"),
        std::string::npos);
    EXPECT_NE(read_file(target / "CMakeLists.txt").find("unstuck_add_plugin(NAME acme-parcel KIND carrier"),
              std::string::npos);
    EXPECT_NE(read_file(target / "tests/golden/in_transit.expected.json").find(R"("carrier": "acme-parcel")"),
              std::string::npos);
    EXPECT_EQ(entries_of(dir.path()), std::set<std::string>{"acme-parcel"}) << "no temporary folder left";
}

TEST(NewPluginCommand, WritesATicketingPluginWithAGivenDisplayName) {
    TempDir dir;
    fs::path target = dir.path() / "desk";
    auto r = run_host(
        {"new-plugin", "--kind", "ticketing", "desk2", target.string(), "--display-name", "Desk Two Ltd"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto files = files_under(target);
    EXPECT_TRUE(files.count("plugin.cpp") && files.count("desk.cpp") &&
                files.count("tests/files_once.cmake"));
    EXPECT_NE(read_file(target / "plugin.cpp")
                  .find(R"(UNSTUCK_TICKETING_PLUGIN(desk2::Ticketing, "desk2", "0.1.0", "Desk Two Ltd"))"),
              std::string::npos);
    EXPECT_NE(read_file(target / "manifest.json").find(R"("kind": "ticketing")"), std::string::npos);
}

TEST(NewPluginCommand, AnEmptyExistingFolderIsTaken) {
    TempDir dir;
    fs::create_directory(dir.path() / "empty");
    auto r = run_host({"new-plugin", "--kind", "carrier", "acme", (dir.path() / "empty").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir.path() / "empty" / "manifest.json"));
}

TEST(NewPluginCommand, ABadNameIsRefusedAndNothingIsWritten) {
    TempDir dir;
    for (std::string name : {"Acme", "acme_parcel", "9acme", "acme-", "", "acme parcel"}) {
        auto r = run_host({"new-plugin", "--kind", "carrier", name, (dir.path() / "out").string()});
        EXPECT_EQ(r.exit_code, 2) << name;
        EXPECT_EQ(r.err,
                  "unstuck new-plugin: NAME '" + name +
                      "': use lowercase letters, digits and '-' (at most 40), starting with a letter, not "
                      "ending with '-'\n")
            << name;
    }
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(NewPluginCommand, AnExistingFolderWithFilesIsRefusedAndLeftAlone) {
    TempDir dir;
    fs::path target = dir.path() / "mine";
    fs::create_directory(target);
    write_file(target / "notes.txt", "keep me");
    auto r = run_host({"new-plugin", "--kind", "carrier", "acme", target.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "unstuck new-plugin: " + target.string() +
                         ": exists and is not an empty folder; nothing written\n");
    EXPECT_EQ(files_under(target), std::set<std::string>{"notes.txt"});
    EXPECT_EQ(read_file(target / "notes.txt"), "keep me");
    EXPECT_EQ(entries_of(dir.path()), std::set<std::string>{"mine"});
}

TEST(NewPluginCommand, AnUnknownKindIsRefused) {
    TempDir dir;
    auto r = run_host({"new-plugin", "--kind", "courier", "acme", (dir.path() / "acme").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "unstuck new-plugin: --kind 'courier': expected carrier or ticketing\n");
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(NewPluginCommand, ADisplayNameThatNeedsEscapingIsRefused) {
    TempDir dir;
    auto r = run_host({"new-plugin", "--kind", "carrier", "acme", (dir.path() / "acme").string(),
                       "--display-name", "Acme \"Fast\""});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--display-name 'Acme \"Fast\"'"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(dir.path()));
}

}  // namespace
}  // namespace unstuck::test
