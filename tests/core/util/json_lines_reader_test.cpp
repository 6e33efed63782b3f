// JsonLinesReader: whole lines from a real fd (a file or a pipe), numbered, blank lines skipped, batches cut
// by lines and bytes, over-long lines refused without being held.

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/test_paths.hpp"
#include "util/json_lines_reader.hpp"

namespace unstuck::test {
namespace {

using core::InputLine;
using core::JsonLinesReader;
using core::LineBatch;
using core::LineBatchLimits;

struct Read {
    std::string text;  // the line's text, or "<too long>"
    std::uint64_t number;
};

// Every line of `input` read through a file, and the batches' sizes and bytes.
class ReaderTest : public ::testing::Test {
  protected:
    std::vector<Read> read_all(const std::string& input, LineBatchLimits limits = {}) {
        const auto path = dir_.path() / "in.jsonl";
        {
            std::ofstream f(path, std::ios::binary);
            f << input;
        }
        int fd = ::open(path.c_str(), O_RDONLY);
        EXPECT_GE(fd, 0);
        JsonLinesReader reader(fd, limits);
        std::vector<Read> out;
        batch_sizes.clear();
        bytes = 0;
        LineBatch batch;
        while (reader.next(batch)) {
            batch_sizes.push_back(batch.lines.size());
            bytes += batch.bytes;
            // The padding is there and readable.
            EXPECT_GE(batch.text.size(), limits.padding);
            for (const InputLine& l : batch.lines) {
                out.push_back(
                    {l.too_long ? std::string("<too long>") : std::string(batch.line(l)), l.number});
                if (!l.too_long) {
                    EXPECT_EQ(batch.text[l.offset + l.size], '\n');
                }
            }
        }
        EXPECT_EQ(reader.error(), "");
        ::close(fd);
        return out;
    }

    TempDir dir_;
    std::vector<std::size_t> batch_sizes;
    std::uint64_t bytes = 0;
};

TEST_F(ReaderTest, BlankLinesAreSkippedButCounted) {
    auto lines = read_all("{\"a\":1}\n\n   \n\t\r\n{\"b\":2}\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "{\"a\":1}");
    EXPECT_EQ(lines[0].number, 1u);
    EXPECT_EQ(lines[1].text, "{\"b\":2}");
    EXPECT_EQ(lines[1].number, 5u);
    EXPECT_EQ(bytes, 24u);  // every input byte, blank lines too
}

TEST_F(ReaderTest, CrlfAndSurroundingBlanksAreTrimmed) {
    auto lines = read_all("  {\"a\":1} \r\n\t{\"b\":2}\r\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "{\"a\":1}");
    EXPECT_EQ(lines[1].text, "{\"b\":2}");
    EXPECT_EQ(lines[1].number, 2u);
}

TEST_F(ReaderTest, ALastLineWithoutNewlineCounts) {
    auto lines = read_all("{\"a\":1}\n{\"b\":2}");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].text, "{\"b\":2}");
    EXPECT_EQ(lines[1].number, 2u);
    EXPECT_EQ(bytes, 15u);
}

TEST_F(ReaderTest, EmptyInputGivesNoBatch) {
    EXPECT_TRUE(read_all("").empty());
    EXPECT_TRUE(batch_sizes.empty());
}

TEST_F(ReaderTest, BatchesAreCutByLines) {
    std::string input;
    for (int i = 0; i < 10; ++i) input += "{\"n\":" + std::to_string(i) + "}\n";
    LineBatchLimits limits;
    limits.max_lines = 4;
    auto lines = read_all(input, limits);
    ASSERT_EQ(lines.size(), 10u);
    EXPECT_EQ(batch_sizes, (std::vector<std::size_t>{4, 4, 2}));
    for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i].number, i + 1);
}

TEST_F(ReaderTest, BatchesAreCutByBytes) {
    std::string input;
    for (int i = 0; i < 10; ++i) input += std::string(99, 'a') + "\n";
    LineBatchLimits limits;
    limits.max_bytes = 250;  // a batch is cut once its text reaches it: three lines of 100
    auto lines = read_all(input, limits);
    ASSERT_EQ(lines.size(), 10u);
    EXPECT_EQ(batch_sizes, (std::vector<std::size_t>{3, 3, 3, 1}));
}

TEST_F(ReaderTest, LinesLongerThanTheLimitAreRefusedInTheirPlace) {
    LineBatchLimits limits;
    limits.max_line_bytes = 10;
    // Exactly the limit is read; one more is refused, also when a read block cuts it and at the end.
    std::string long_across_blocks(3 << 20, 'y');
    auto lines = read_all(
        "0123456789\n0123456789A\nok\n" + long_across_blocks + "\nlast\n" + long_across_blocks, limits);
    ASSERT_EQ(lines.size(), 6u);
    EXPECT_EQ(lines[0].text, "0123456789");
    EXPECT_EQ(lines[1].text, "<too long>");
    EXPECT_EQ(lines[1].number, 2u);
    EXPECT_EQ(lines[2].text, "ok");
    EXPECT_EQ(lines[3].text, "<too long>");
    EXPECT_EQ(lines[3].number, 4u);
    EXPECT_EQ(lines[4].text, "last");
    EXPECT_EQ(lines[4].number, 5u);
    EXPECT_EQ(lines[5].text, "<too long>");
    EXPECT_EQ(lines[5].number, 6u);
    EXPECT_EQ(bytes, 11u + 12u + 3u + (3u << 20) + 1u + 5u + (3u << 20));
}

TEST_F(ReaderTest, ALineCutByReadsOfAPipeIsWhole) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    std::thread writer([fd = fds[1]] {
        const std::string parts[] = {"{\"a\":", "1}\n{\"b\"", ":2}", "\n"};
        for (const auto& p : parts) {
            EXPECT_EQ(::write(fd, p.data(), p.size()), static_cast<ssize_t>(p.size()));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        ::close(fd);
    });
    JsonLinesReader reader(fds[0]);
    std::vector<std::string> got;
    LineBatch batch;
    while (reader.next(batch))
        for (const auto& l : batch.lines) got.emplace_back(batch.line(l));
    writer.join();
    ::close(fds[0]);
    EXPECT_EQ(got, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}));
}

TEST_F(ReaderTest, AReadErrorIsReported) {
    JsonLinesReader reader(-1);
    LineBatch batch;
    EXPECT_FALSE(reader.next(batch));
    EXPECT_EQ(reader.error(), "Bad file descriptor");
}

TEST(LineTooLong, TheMessageNamesTheLimit) {
    EXPECT_EQ(core::line_too_long_error(), "longer than 64 MiB; skipped");
    EXPECT_EQ(core::line_too_long_error(10), "longer than 10 bytes; skipped");
}

}  // namespace
}  // namespace unstuck::test
