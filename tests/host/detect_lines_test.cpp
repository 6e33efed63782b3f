// `unstuck detect --file FILE` and `unstuck detect -`: numbers one a line, through the real host binary and
// its real plugins; one JSON line per number, the same objects as for numbers given as arguments.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/run_process.hpp"
#include "support/test_paths.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& p, std::string_view bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// What `detect --json` prints for numbers given as arguments, as one object a line.
std::string objects_of(const std::vector<std::string>& numbers) {
    std::vector<std::string> args{"detect", "--json"};
    args.insert(args.end(), numbers.begin(), numbers.end());
    auto r = run_host(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // The array's objects are flat but for one array each: split at the commas between top-level objects.
    std::string out;
    int depth = 0;
    for (std::size_t i = 1; i + 2 < r.out.size(); ++i) {  // inside [ ... ]\n
        char c = r.out[i];
        if (c == '{' || c == '[') ++depth;
        if (c == '}' || c == ']') --depth;
        if (c == ',' && depth == 0) {
            out += '\n';
            continue;
        }
        out += c;
    }
    return out + '\n';
}

const std::vector<std::string> kNumbers{"1Z023E2X0214323462",     "273648192050",  "4817293051", "4817293052",
                                        "9274892736481500273647", "JJD0123456789", "NOTANUMBER"};

TEST(DetectLines, FileGivesOneJsonLinePerNumberTheSameObjectsAsArguments) {
    TempDir tmp;
    // Padding, CRLF, blank and whitespace-only lines: trimmed and skipped.
    write(tmp.path() / "numbers.txt",
          "1Z023E2X0214323462\r\n  273648192050  \n\n4817293051\t\n   \n4817293052\r\n"
          "9274892736481500273647\nJJD0123456789\nNOTANUMBER");
    auto r = run_host({"detect", "--json", "--file", (tmp.path() / "numbers.txt").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, objects_of(kNumbers));
    EXPECT_EQ(lines(r.out).size(), kNumbers.size());
    EXPECT_NE(r.out.find(R"({"number":"4817293052","claims":[{"carrier":"dhl","service":"Express",)"
                         R"("check_digit":"invalid"}]})"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find(R"({"number":"NOTANUMBER","claims":[]})"), std::string::npos) << r.out;
}

TEST(DetectLines, DashReadsStandardInput) {
    std::string input;
    for (const auto& n : kNumbers) input += n + "\r\n";
    auto r = run_host({"detect", "--json", "-"}, input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, objects_of(kNumbers));

    auto file_dash = run_host({"detect", "--json", "--file", "-"}, input);
    ASSERT_EQ(file_dash.exit_code, 0) << file_dash.err;
    EXPECT_EQ(file_dash.out, r.out);
}

TEST(DetectLines, ManyNumbersKeepTheirOrder) {
    // More than one read and one output buffer: 30,000 numbers, every one answered in order.
    std::string input;
    const std::size_t count = 30000;
    for (std::size_t i = 0; i < count; ++i) input += (i % 2 ? "4817293051\n" : "  273648192050\r\n");
    auto r = run_host({"detect", "--json", "-"}, input);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), count);
    for (std::size_t i = 0; i < count; i += 997)
        EXPECT_EQ(out[i].rfind(i % 2 ? R"({"number":"4817293051",)" : R"({"number":"273648192050",)", 0), 0u)
            << i << ": " << out[i];
}

TEST(DetectLines, TableFromAFile) {
    TempDir tmp;
    write(tmp.path() / "numbers.txt", "273648192050\nNOTANUMBER\n");
    auto r = run_host({"detect", "--file", (tmp.path() / "numbers.txt").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto out = lines(r.out);
    ASSERT_EQ(out.size(), 3u) << r.out;
    EXPECT_EQ(out[0].rfind("NUMBER", 0), 0u) << out[0];
    EXPECT_NE(out[1].find("fedex"), std::string::npos) << r.out;
    EXPECT_NE(out[2].find("no carrier claims this number"), std::string::npos) << r.out;
}

TEST(DetectLines, BadLinesAreReportedOneLineEachAndTheRestGoesOn) {
    TempDir tmp;
    const auto file = (tmp.path() / "numbers.txt").string();
    write(file,
          "273648192050\n"  // 1
          "12\x01"
          "34\n"                                 // 2: a control character
          "\n"                                   // 3: blank
              + std::string(65, '7') + "\n"      // 4: too long
              + "AB\xC3(CD\n"                    // 5: not UTF-8
              + std::string(200000, 'x') + "\n"  // 6: far too long to hold
              + "4817293051\n");                 // 7
    auto r = run_host({"detect", "--json", "--file", file});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, objects_of({"273648192050", "4817293051"}));
    auto err = lines(r.err);
    ASSERT_EQ(err.size(), 4u) << r.err;
    EXPECT_EQ(err[0], "unstuck detect: " + file + ":2: not a tracking number (holds a control character)");
    EXPECT_EQ(err[1], "unstuck detect: " + file + ":4: not a tracking number (longer than 64 characters)");
    EXPECT_EQ(err[2], "unstuck detect: " + file + ":5: not a tracking number (not UTF-8)");
    EXPECT_EQ(err[3], "unstuck detect: " + file + ":6: not a tracking number (longer than 64 characters)");

    // The same from standard input names it so.
    auto piped = run_host({"detect", "--json", "-"}, "x\x02y\n4817293051\n");
    EXPECT_EQ(piped.exit_code, 2);
    EXPECT_EQ(piped.out, objects_of({"4817293051"}));
    EXPECT_EQ(piped.err, "unstuck detect: stdin:1: not a tracking number (holds a control character)\n");
}

TEST(DetectLines, AMissingFileIsOneLineAndExitTwo) {
    TempDir tmp;
    const auto file = (tmp.path() / "absent.txt").string();
    auto r = run_host({"detect", "--json", "--file", file});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "unstuck detect: --file: cannot read \"" + file + "\": No such file or directory\n");
}

TEST(DetectLines, NumbersAndAFileTogetherAreRefused) {
    TempDir tmp;
    write(tmp.path() / "numbers.txt", "273648192050\n");
    auto r = run_host({"detect", "--file", (tmp.path() / "numbers.txt").string(), "4817293051"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;

    r = run_host({"detect", "4817293051", "-"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lines(r.err).size(), 1u) << r.err;
}

}  // namespace
}  // namespace unstuck::test
