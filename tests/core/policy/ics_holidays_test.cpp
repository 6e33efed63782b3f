// Holidays imported from iCalendar files: the reader and a policy region that imports one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "policy_test_support.hpp"
#include "unstuck/core/policy/ics_holidays.hpp"

namespace unstuck::test {
namespace {

std::string text_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> dates(const std::vector<std::chrono::sys_days>& days) {
    std::vector<std::string> out;
    for (auto d : days) out.push_back(sdk::format_utc(sdk::Timestamp{d}).substr(0, 10));
    return out;
}

std::string ics(const std::string& events) {
    return "BEGIN:VCALENDAR\nVERSION:2.0\n" + events + "END:VCALENDAR\n";
}

std::string error_of(const std::string& text) {
    auto r = core::read_ics_holidays(text);
    return r ? "ok" : r.error().message;
}

TEST(IcsHolidays, ReadsTheFixture) {
    auto days = core::read_ics_holidays(text_of(source_path("tests/core/policy/data/company-holidays.ics")));
    ASSERT_TRUE(days.ok()) << days.error().message;
    // Two days up to (not including) DTEND, a bare date (the alarm's DTSTART is not the event's), a DURATION
    // of two days; the cancelled event is skipped.
    EXPECT_EQ(dates(*days), (std::vector<std::string>{"2024-07-08", "2024-07-09", "2024-09-16", "2024-12-30",
                                                      "2024-12-31"}));
}

TEST(IcsHolidays, UnfoldsContinuationLines) {
    auto days = core::read_ics_holidays(ics("BEGIN:VEVENT\nDTSTART;VALUE=DA\n TE:20250704\nEND:VEVENT\n"));
    ASSERT_TRUE(days.ok()) << days.error().message;
    EXPECT_EQ(dates(*days), std::vector<std::string>{"2025-07-04"});
}

TEST(IcsHolidays, RefusesWhatWouldLoseHolidaysWithTheLine) {
    EXPECT_EQ(error_of(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=YEARLY\nEND:VEVENT\n")),
              "line 5: RRULE is not supported: list each holiday as its own event");
    EXPECT_EQ(error_of(ics("BEGIN:VEVENT\nDTSTART:20240101T090000Z\nEND:VEVENT\n")),
              "line 4: DTSTART is a time, not an all-day date (use VALUE=DATE)");
    EXPECT_EQ(error_of(ics("BEGIN:VEVENT\nSUMMARY:No date\nEND:VEVENT\n")), "line 3: VEVENT without DTSTART");
    EXPECT_EQ(error_of(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241301\nEND:VEVENT\n")),
              "line 4: DTSTART: not a date \"20241301\" (YYYYMMDD)");
    EXPECT_EQ(
        error_of(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240105\nDTEND;VALUE=DATE:20240105\nEND:VEVENT\n")),
        "line 3: VEVENT ends before it starts");
    EXPECT_EQ(error_of(ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240105\n")),
              "line 3: VEVENT without END:VEVENT");
    EXPECT_EQ(error_of("BEGIN:VEVENT\nDTSTART:20240105\nEND:VEVENT\n"),
              "not an iCalendar document (no BEGIN:VCALENDAR)");
    EXPECT_EQ(error_of(ics("this is not a property\n")), "line 3: not an iCalendar content line");
}

TEST(IcsHolidays, PolicyRegionImportsAFileRelativeToThePolicy) {
    TempDir dir;
    std::filesystem::copy_file(source_path("tests/core/policy/data/company-holidays.ics"),
                               dir.path() / "company.ics");
    std::ofstream(dir.path() / "policy.json") << R"({
      "id": "acme.logistics-stuck", "version": "1",
      "paths": {
        "pick_up_issues.picked_up_not_updated": ["A", "B", "C"],
        "delivery_process_inquiry.unmoved_tracking_event": ["A", "B", "D"],
        "logistic_issue.delivered_not_updated": ["A", "E", "F"]},
      "regions": {"US": {"time_zone": "America/New_York", "weekend": ["Sat", "Sun"],
                         "holidays": ["2024-07-04"], "holidays_ics": "company.ics"}}})";
    auto policy = core::load_policy(dir.path() / "policy.json");
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    const auto* us = (*policy)->region("US");
    ASSERT_NE(us, nullptr);
    EXPECT_EQ(dates(us->holidays()), (std::vector<std::string>{"2024-07-04", "2024-07-08", "2024-07-09",
                                                               "2024-09-16", "2024-12-30", "2024-12-31"}));
    // Wednesday 2024-07-03 12:00 EDT + 2 business days: Friday the 5th, then (past the imported 8th and 9th)
    // Wednesday the 10th.
    EXPECT_EQ(sdk::format_utc(us->add_business_days(at("2024-07-03T16:00:00Z"), 2)), "2024-07-10T16:00:00Z");
}

TEST(IcsHolidays, PolicyErrorsNameTheRegionAndTheFileLine) {
    auto policy_with = [](const std::string& ics_field) {
        return R"({"id": "x", "version": "1",
          "paths": {"pick_up_issues.picked_up_not_updated": ["A"],
                    "delivery_process_inquiry.unmoved_tracking_event": ["B"],
                    "logistic_issue.delivered_not_updated": ["C"]},
          "regions": {"US": {"time_zone": "UTC", "weekend": [], "holidays_ics": )" +
               ics_field + "}}}";
    };
    TempDir dir;
    std::ofstream(dir.path() / "bad.ics") << ics("BEGIN:VEVENT\nDTSTART:20240101T000000\nEND:VEVENT\n");
    auto missing = core::parse_policy(policy_with("\"absent.ics\""), dir.path());
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message,
              "regions.US.holidays_ics: cannot read \"" + (dir.path() / "absent.ics").string() + "\"");
    auto bad = core::parse_policy(policy_with("\"bad.ics\""), dir.path());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(
        bad.error().message,
        "regions.US.holidays_ics: bad.ics line 4: DTSTART is a time, not an all-day date (use VALUE=DATE)");
}

}  // namespace
}  // namespace unstuck::test
