#include <gtest/gtest.h>

#include "unstuck/sdk/time.hpp"

namespace unstuck::sdk {
namespace {

TEST(Time, ParsesOffsetsIntoUtc) {
    auto t = parse_offset_timestamp("2024-07-15T09:12:00-04:00");
    ASSERT_TRUE(t.ok()) << t.error().message;
    EXPECT_EQ(format_utc(t->at), "2024-07-15T13:12:00Z");
    EXPECT_EQ(t->offset_minutes, -240);
    EXPECT_EQ(format_utc(*parse_timestamp("2024-07-15T13:12:00Z")), "2024-07-15T13:12:00Z");
    EXPECT_EQ(format_utc(*parse_timestamp("2024-01-01T05:30:00+05:30")), "2024-01-01T00:00:00Z");
    EXPECT_EQ(format_utc(*parse_timestamp("2024-03-01T00:30:00+01:00")), "2024-02-29T23:30:00Z");
}

TEST(Time, KeepsFractionsAndTruncatesOnRequest) {
    auto t = parse_timestamp("2024-07-15T13:12:00.250Z");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(format_utc(*t), "2024-07-15T13:12:00.25Z");
    EXPECT_EQ(format_utc_seconds(*t), "2024-07-15T13:12:00Z");
    EXPECT_EQ(format_utc(*parse_timestamp("2024-07-15T13:12:00.000001Z")), "2024-07-15T13:12:00.000001Z");
}

TEST(Time, RejectsWhatIsAmbiguousOrMalformed) {
    EXPECT_EQ(parse_timestamp("2024-07-15T09:12:00").error().message,
              R"(no UTC offset in "2024-07-15T09:12:00")");
    EXPECT_EQ(parse_timestamp("2024-02-30T09:12:00Z").error().message,
              R"(not an ISO 8601 timestamp: "2024-02-30T09:12:00Z")");
    EXPECT_EQ(parse_timestamp("2024-07-15T09:12:00+0400").error().message,
              R"(bad UTC offset in "2024-07-15T09:12:00+0400")");
    EXPECT_EQ(parse_timestamp("2024-07-15T09:12:00Zjunk").error().message,
              R"(trailing characters in timestamp "2024-07-15T09:12:00Zjunk")");
    EXPECT_FALSE(parse_timestamp("").ok());
    EXPECT_FALSE(parse_timestamp("yesterday").ok());
}

TEST(Time, ParsesLocalWallTimes) {
    auto t = parse_local_timestamp("2024-07-15 09:12");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(format_local(*t), "2024-07-15T09:12:00");
    EXPECT_FALSE(parse_local_timestamp("2024-07-15T09:12:00Z").ok());
}

TEST(Time, FormatsOffsets) {
    EXPECT_EQ(format_offset(0), "+00:00");
    EXPECT_EQ(format_offset(-240), "-04:00");
    EXPECT_EQ(format_offset(330), "+05:30");
}

}  // namespace
}  // namespace unstuck::sdk
