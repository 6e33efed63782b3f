// check_batch: JSON lines in through a real file, one decision or error line out per input line, in input
// order.

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.hpp"
#include "unstuck/core/check/check_batch.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

std::string order_line(std::size_t i) {
    // Odd orders were picked up 30 h before `now` (a dispute); even ones were not picked up.
    std::string events =
        i % 2 ? R"([{"at": "2024-07-15T14:00:00Z", "status": "PICKED_UP", "code": "PU"}])" : "[]";
    return R"({"order_id": "O)" + std::to_string(i) +
           R"(", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM", "platform_status": "AWAITING_COLLECTION", "platform_updated_at": "2024-07-15T10:00:00Z", "packages": [{"package_id": "P1", "tracking_number": "1Z)" +
           std::to_string(i) + R"(", "events": )" + events + R"(}], "now": "2024-07-16T20:00:00Z"})";
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

class CheckBatchTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy.ok()) << policy.error().message;
        engine_ = std::make_unique<core::PolicyEngine>(*policy);
    }

    // Runs check_batch over `input` written to a file, on `threads` threads; the output lines.
    std::vector<std::string> run(const std::string& input, unsigned threads,
                                 core::BatchResult* result = nullptr) {
        const fs::path in = dir_.path() / "in.jsonl";
        const fs::path out = dir_.path() / "out.jsonl";
        {
            std::ofstream f(in, std::ios::binary);
            f << input;
        }
        int in_fd = ::open(in.c_str(), O_RDONLY);
        int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        EXPECT_GE(in_fd, 0);
        EXPECT_GE(out_fd, 0);
        core::BatchResult r = core::check_batch(in_fd, out_fd, *engine_, options_, threads);
        ::close(in_fd);
        ::close(out_fd);
        EXPECT_EQ(r.io_error, "");
        if (result) *result = r;
        std::ifstream f(out, std::ios::binary);
        std::ostringstream s;
        s << f.rdbuf();
        return lines_of(s.str());
    }

    TempDir dir_;
    std::unique_ptr<core::PolicyEngine> engine_;
    core::CheckOptions options_;
};

TEST_F(CheckBatchTest, KeepsInputOrderOnSeveralThreads) {
    // Several blocks' worth of tasks, so threads finish out of order.
    const std::size_t n = 3000;
    std::string input;
    for (std::size_t i = 0; i < n; ++i) input += order_line(i) + "\n";
    core::BatchResult result;
    auto out = run(input, 4, &result);
    ASSERT_EQ(out.size(), n);
    EXPECT_EQ(result.decided, n);
    EXPECT_EQ(result.rejected, 0u);
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_NE(out[i].find("\"order_id\":\"O" + std::to_string(i) + "\""), std::string::npos)
            << "line " << i << ": " << out[i];
        const char* rule = i % 2 ? "platform.picked_up_not_updated" : "platform.not_picked_up";
        EXPECT_NE(out[i].find(rule), std::string::npos) << out[i];
    }
}

TEST_F(CheckBatchTest, BadLinesAreReportedByInputLineNumberAndTheBatchGoesOn) {
    std::string input = order_line(1) + "\n" +    // line 1
                        "\n" +                    // line 2: blank, skipped
                        "{\"order_id\": \n" +     // line 3: not JSON
                        "   \t\r\n" +             // line 4: blank with CR
                        order_line(3) + "\r\n" +  // line 5: CRLF
                        R"({"order_id": "X"})"
                        "\n" +          // line 6: no packages
                        order_line(5);  // line 7: no final newline
    core::BatchResult result;
    auto out = run(input, 2, &result);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_NE(out[0].find("\"order_id\":\"O1\""), std::string::npos) << out[0];
    EXPECT_EQ(out[1].rfind(R"({"line":3,"error":")", 0), 0u) << out[1];
    EXPECT_NE(out[2].find("\"order_id\":\"O3\""), std::string::npos) << out[2];
    EXPECT_EQ(out[3].rfind(R"({"line":6,"error":")", 0), 0u) << out[3];
    EXPECT_NE(out[4].find("\"order_id\":\"O5\""), std::string::npos) << out[4];
    EXPECT_EQ(result.decided, 3u);
    EXPECT_EQ(result.rejected, 2u);
}

TEST_F(CheckBatchTest, ABatchInMemoryGetsTheSameLinesAsTheSameBatchThroughFiles) {
    const std::string input = order_line(1) + "\n\n{\"order_id\": \n   \t\r\n" + order_line(3) + "\r\n" +
                              R"({"order_id": "X"})" + "\n" + order_line(5);
    core::OrderChecker checker(*engine_, options_);
    std::string in_memory;
    core::BatchResult result = core::check_lines(checker, input, in_memory);
    std::string through_files;
    for (const auto& line : run(input, 2)) through_files += line + "\n";
    EXPECT_EQ(in_memory, through_files);
    EXPECT_EQ(result.decided, 3u);
    EXPECT_EQ(result.rejected, 2u);
}

TEST_F(CheckBatchTest, ALineOverTheLimitIsOneErrorAndTheNextLinesAreDecided) {
    std::string input = order_line(1) + "\n" + "{\"order_id\": \"" + std::string(core::kMaxLineBytes, 'x') +
                        "\"}\n" + order_line(3) + "\n";
    core::BatchResult result;
    auto out = run(input, 2, &result);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_NE(out[0].find("\"order_id\":\"O1\""), std::string::npos) << out[0];
    EXPECT_EQ(out[1], R"({"line":2,"error":"longer than 64 MiB; skipped"})");
    EXPECT_NE(out[2].find("\"order_id\":\"O3\""), std::string::npos) << out[2];
    EXPECT_EQ(result.decided, 2u);
    EXPECT_EQ(result.rejected, 1u);
}

}  // namespace
}  // namespace unstuck::test
