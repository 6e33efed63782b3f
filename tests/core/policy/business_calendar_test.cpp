// add_business_days on real IANA zones: weekends, holidays, daylight-saving changes, zones without DST.
#include <gtest/gtest.h>

#include "policy_test_support.hpp"
#include "unstuck/core/policy/business_calendar.hpp"

namespace unstuck::test {
namespace {

using core::BusinessCalendar;
using core::weekday_bit;
using std::chrono::Saturday;
using std::chrono::Sunday;

const BusinessCalendar& region(const std::string& name) {
    const auto* cal = shipped_policy()->region(name);
    if (!cal) throw std::runtime_error("no region " + name);
    return *cal;
}

BusinessCalendar calendar(const std::string& zone, core::WeekdaySet weekend) {
    auto cal = BusinessCalendar::create(zone, weekend, {});
    if (!cal) throw std::runtime_error(cal.error().message);
    return std::move(*cal);
}

struct Step {
    const char* name;
    const char* region;
    const char* from;
    int days;
    const char* expected;
};

class AddBusinessDays : public ::testing::TestWithParam<Step> {};

TEST_P(AddBusinessDays, LandsOnTheExpectedInstant) {
    const Step& s = GetParam();
    EXPECT_EQ(sdk::format_utc(region(s.region).add_business_days(at(s.from), s.days)), s.expected) << s.name;
}

INSTANTIATE_TEST_SUITE_P(
    ShippedCalendars, AddBusinessDays,
    ::testing::Values(
        // Wednesday 10:00 PDT + 2 = Friday 10:00 PDT.
        Step{"weekdays", "US", "2024-07-10T17:00:00Z", 2, "2024-07-12T17:00:00Z"},
        // Friday 10:00 PDT + 2 skips the weekend: Tuesday 10:00 PDT.
        Step{"over a weekend", "US", "2024-07-12T17:00:00Z", 2, "2024-07-16T17:00:00Z"},
        // Wednesday 2024-07-03 12:00 PDT + 2 skips Independence Day (Thu) and the weekend: Monday 12:00 PDT.
        Step{"over a US holiday", "US", "2024-07-03T19:00:00Z", 2, "2024-07-08T19:00:00Z"},
        // The same in GB, which has no holidays in the default document: Friday.
        Step{"no holiday in GB", "GB", "2024-07-03T11:00:00Z", 2, "2024-07-05T11:00:00Z"},
        // Saturday 10:00 PDT: moved to Monday 00:00 PDT, then two business days: Wednesday 00:00 PDT.
        Step{"from a Saturday", "US", "2024-07-13T17:00:00Z", 2, "2024-07-17T07:00:00Z"},
        // Sunday 23:59:59 PDT: moved to Monday 00:00 PDT as well.
        Step{"from late Sunday", "US", "2024-07-15T06:59:59Z", 2, "2024-07-17T07:00:00Z"},
        // From a holiday: Thursday 2024-07-04 is moved to Friday 00:00, then Monday and Tuesday 00:00 PDT.
        Step{"from a holiday", "US", "2024-07-04T20:00:00Z", 2, "2024-07-09T07:00:00Z"},
        // The local date decides, not the zone the instant was written in: Friday 16:30 PDT although it is
        // already Saturday in UTC.
        Step{"local date of the region", "US", "2024-07-13T01:30:00+02:00", 2, "2024-07-16T23:30:00Z"},
        // US spring forward 2024-03-10: Friday 10:00 PST + 2 = Tuesday 10:00 PDT, one hour less in UTC.
        Step{"US spring forward", "US", "2024-03-08T18:00:00Z", 2, "2024-03-12T17:00:00Z"},
        // US fall back 2024-11-03: Friday 10:00 PDT + 2 = Tuesday 10:00 PST, one hour more in UTC.
        Step{"US fall back", "US", "2024-11-01T17:00:00Z", 2, "2024-11-05T18:00:00Z"},
        // GB 2024-03-31: Friday 09:00 GMT + 2 = Tuesday 09:00 BST.
        Step{"GB spring forward", "GB", "2024-03-29T09:00:00Z", 2, "2024-04-02T08:00:00Z"},
        // GB 2024-10-27: Friday 09:00 BST + 2 = Tuesday 09:00 GMT.
        Step{"GB fall back", "GB", "2024-10-25T08:00:00Z", 2, "2024-10-29T09:00:00Z"},
        // Jakarta has no daylight saving: always +07:00.
        Step{"ID no DST", "ID", "2024-03-08T03:00:00Z", 2, "2024-03-12T03:00:00Z"},
        Step{"SG no DST", "SG", "2024-11-01T02:00:00Z", 2, "2024-11-05T02:00:00Z"},
        // Fractions of a second are kept with the wall time.
        Step{"keeps the fraction", "US", "2024-07-10T17:00:00.250Z", 2, "2024-07-12T17:00:00.25Z"},
        // Zero days only moves a non-business day to the next business day's midnight.
        Step{"zero days on a business day", "US", "2024-07-10T17:00:00Z", 0, "2024-07-10T17:00:00Z"},
        Step{"zero days on a Saturday", "US", "2024-07-13T17:00:00Z", 0, "2024-07-15T07:00:00Z"},
        // Wednesday 2024-11-27 12:00 PST + 2 skips Thanksgiving (Thu): Friday, then Monday 12:00 PST.
        Step{"over Thanksgiving", "US", "2024-11-27T20:00:00Z", 2, "2024-12-02T20:00:00Z"}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

TEST(BusinessCalendar, RepeatedWallTimeTakesTheLaterInstant) {
    // Only Saturday is a weekend day here, so Sunday 2024-11-03 is a business day in Los Angeles.
    auto cal = calendar("America/Los_Angeles", weekday_bit(Saturday));
    // Thursday 2024-10-31 01:30 PDT + 2 = Friday, then Sunday 2024-11-03 01:30, which happens twice.
    auto t = cal.add_business_days(at("2024-10-31T08:30:00Z"), 2);
    EXPECT_EQ(sdk::format_utc(t), "2024-11-03T09:30:00Z");  // 01:30 PST, the later of 08:30Z and 09:30Z
}

TEST(BusinessCalendar, NonexistentWallTimeMovesForwardByTheGap) {
    auto cal = calendar("America/Los_Angeles", weekday_bit(Saturday));
    // Thursday 2024-03-07 02:30 PST + 2 = Friday, then Sunday 2024-03-10 02:30, which does not exist: 03:30
    // PDT.
    auto t = cal.add_business_days(at("2024-03-07T10:30:00Z"), 2);
    EXPECT_EQ(sdk::format_utc(t), "2024-03-10T10:30:00Z");
    EXPECT_EQ(sdk::format_local(cal.to_local(t)), "2024-03-10T03:30:00");
}

TEST(BusinessCalendar, GbGapAndOverlapWithASundayBusinessDay) {
    auto cal = calendar("Europe/London", weekday_bit(Saturday));
    // 01:30 on 2024-03-31 does not exist in London: 02:30 BST = 01:30Z.
    EXPECT_EQ(sdk::format_utc(cal.add_business_days(at("2024-03-28T01:30:00Z"), 2)), "2024-03-31T01:30:00Z");
    // 01:30 on 2024-10-27 happens twice: the later is 01:30 GMT = 01:30Z (the earlier 00:30Z).
    EXPECT_EQ(sdk::format_utc(cal.add_business_days(at("2024-10-24T00:30:00Z"), 2)), "2024-10-27T01:30:00Z");
}

TEST(BusinessCalendar, ToSysAndToLocalRoundTripOutsideTransitions) {
    const auto& us = region("US");
    for (const char* text :
         {"2024-01-15T12:00:00Z", "2024-07-04T03:00:00Z", "1999-12-31T23:59:59Z", "2037-06-01T00:00:00Z"}) {
        auto t = at(text);
        EXPECT_EQ(us.to_sys(us.to_local(t)), t) << text;
    }
    EXPECT_EQ(us.offset_at(std::chrono::floor<std::chrono::seconds>(at("2024-07-01T00:00:00Z"))).count(),
              -7 * 3600);
    EXPECT_EQ(us.offset_at(std::chrono::floor<std::chrono::seconds>(at("2024-01-01T00:00:00Z"))).count(),
              -8 * 3600);
}

TEST(BusinessCalendar, WeekendsAndHolidays) {
    const auto& us = region("US");
    using std::chrono::local_days;
    auto day = [](int y, unsigned m, unsigned d) {
        return local_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
    };
    EXPECT_TRUE(us.is_business_day(day(2024, 7, 3)));
    EXPECT_FALSE(us.is_business_day(day(2024, 7, 4)));    // Independence Day
    EXPECT_FALSE(us.is_business_day(day(2024, 7, 6)));    // Saturday
    EXPECT_FALSE(us.is_business_day(day(2024, 7, 7)));    // Sunday
    EXPECT_FALSE(us.is_business_day(day(2027, 12, 31)));  // New Year's Day 2028 observed
    EXPECT_TRUE(us.is_business_day(day(2028, 7, 4)));     // not listed: the document ends with 2027
    EXPECT_TRUE(region("GB").is_business_day(day(2024, 12, 25)));
}

TEST(BusinessCalendar, RefusesUnknownZonesAndAllWeekend) {
    auto unknown = BusinessCalendar::create("America/Nowhere", weekday_bit(Sunday), {});
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().message, "unknown IANA zone \"America/Nowhere\"");
    auto all = BusinessCalendar::create("UTC", 0x7f, {});
    ASSERT_FALSE(all.ok());
    EXPECT_EQ(all.error().message, "the weekend leaves no business day");
}

}  // namespace
}  // namespace unstuck::test
