#include <gtest/gtest.h>

#include <date/tz.h>

#include "unstuck/kit/local_time.hpp"

namespace unstuck::kit {
namespace {

sdk::LocalTimestamp wall(std::string_view s) {
    return *sdk::parse_local_timestamp(s);
}
sdk::Timestamp utc(std::string_view s) {
    return *sdk::parse_timestamp(s);
}

TEST(ZoneOfPlace, StatesProvincesAndCountries) {
    auto ky = zone_of_place("US", "KY");
    ASSERT_NE(ky.zone, nullptr);
    EXPECT_EQ(ky.zone->name(), "America/New_York");
    EXPECT_FALSE(ky.exact);  // western Kentucky keeps Central time

    auto az = zone_of_place("us", "az");
    ASSERT_NE(az.zone, nullptr);
    EXPECT_EQ(az.zone->name(), "America/Phoenix");
    EXPECT_TRUE(az.exact);

    EXPECT_EQ(zone_of_place("CA", "AB").zone->name(), "America/Edmonton");
    EXPECT_EQ(zone_of_place("AU", "NSW").zone->name(), "Australia/Sydney");
    EXPECT_TRUE(zone_of_place("DE", "").exact);
    EXPECT_TRUE(zone_of_place("DE", "Bayern").exact);  // a region of a one-zone country changes nothing
    EXPECT_EQ(zone_of_place("US", "").zone, nullptr);  // the US has many zones
    EXPECT_EQ(zone_of_place("US", "Kentucky").zone, nullptr);
    EXPECT_EQ(zone_of_place("XX", "").zone, nullptr);
    EXPECT_EQ(zone_of_place("", "").zone, nullptr);
    EXPECT_EQ(assumed_zone_of_country("US")->name(), "America/Chicago");
    EXPECT_EQ(assumed_zone_of_country("ZZ"), nullptr);
}

TEST(ResolveWallTime, ExactZoneGivesTheOffset) {
    auto r = resolve_wall_time(wall("2024-07-15T09:12:00"), "US", "KY", "US", "US");
    EXPECT_EQ(r.at, utc("2024-07-15T13:12:00Z"));
    EXPECT_TRUE(r.uncertain);  // KY spans two zones
    EXPECT_FALSE(r.offset_minutes.has_value());

    r = resolve_wall_time(wall("2024-07-15T09:12:00"), "US", "GA", "US", "US");
    EXPECT_EQ(r.at, utc("2024-07-15T13:12:00Z"));
    EXPECT_FALSE(r.uncertain);
    EXPECT_EQ(r.offset_minutes, -240);

    r = resolve_wall_time(wall("2024-01-15T09:12:00"), "", "GA", "US", "US");  // country from the home
    EXPECT_EQ(r.offset_minutes, -300);
}

TEST(ResolveWallTime, GapAndOverlapTakeTheEarlierOffset) {
    // 2024-03-10 02:30 does not exist in New York; 2024-11-03 01:30 happens twice.
    auto gap = resolve_wall_time(wall("2024-03-10T02:30:00"), "US", "NY", "US", "US");
    EXPECT_EQ(gap.offset_minutes, -300);
    EXPECT_EQ(gap.at, utc("2024-03-10T07:30:00Z"));
    auto overlap = resolve_wall_time(wall("2024-11-03T01:30:00"), "US", "NY", "US", "US");
    EXPECT_EQ(overlap.offset_minutes, -240);
    EXPECT_EQ(overlap.at, utc("2024-11-03T05:30:00Z"));
}

TEST(ResolveWallTime, UnknownPlaceFallsBackToTheOriginCountryThenUtc) {
    auto r = resolve_wall_time(wall("2024-07-15T09:00:00"), "", "", "US", "DE");
    EXPECT_TRUE(r.uncertain);
    EXPECT_FALSE(r.offset_minutes.has_value());
    EXPECT_EQ(r.at, utc("2024-07-15T07:00:00Z"));  // Berlin, summer time

    r = resolve_wall_time(wall("2024-07-15T09:00:00"), "QQ", "", "QQ", "QQ");
    EXPECT_TRUE(r.uncertain);
    EXPECT_EQ(r.at, utc("2024-07-15T09:00:00Z"));
}

TEST(SetEventTime, OwnOffsetWinsThenCarrierUtcThenOffsetFieldThenZone) {
    sdk::Event e;
    e.location = {"Louisville", "KY", "40213", "US"};

    CarrierTime t;
    t.wall = wall("2024-07-15T09:12:00");
    t.own_offset = -240;
    t.utc = utc("2024-07-15T13:12:59Z");
    ASSERT_TRUE(set_event_time(e, t, "US", "US"));
    EXPECT_EQ(e.at, utc("2024-07-15T13:12:00Z"));
    EXPECT_EQ(e.utc_offset, "-04:00");
    EXPECT_EQ(e.local_time, "2024-07-15T09:12:00");

    t.own_offset.reset();
    t.offset_field = -240;
    ASSERT_TRUE(set_event_time(e, t, "US", "US"));
    EXPECT_EQ(e.at, utc("2024-07-15T13:12:59Z"));  // the UTC field carries the seconds
    EXPECT_EQ(e.utc_offset, "-04:00");

    t.offset_field.reset();  // offset derived from wall and UTC, to the quarter hour
    ASSERT_TRUE(set_event_time(e, t, "US", "US"));
    EXPECT_EQ(e.utc_offset, "-04:00");

    t.utc.reset();
    t.offset_field = -300;
    ASSERT_TRUE(set_event_time(e, t, "US", "US"));
    EXPECT_EQ(e.at, utc("2024-07-15T14:12:00Z"));
    EXPECT_EQ(e.utc_offset, "-05:00");
    EXPECT_FALSE(e.time_uncertain);

    t.offset_field.reset();
    ASSERT_TRUE(set_event_time(e, t, "US", "US"));
    EXPECT_TRUE(e.time_uncertain);
    EXPECT_FALSE(e.utc_offset.has_value());
    EXPECT_EQ(e.at, utc("2024-07-15T13:12:00Z"));

    CarrierTime none;
    sdk::Event untouched;
    EXPECT_FALSE(set_event_time(untouched, none, "US", "US"));
    EXPECT_EQ(untouched, sdk::Event{});
}

TEST(UtcOffset, ParsesTheShapesCarriersWrite) {
    EXPECT_EQ(parse_utc_offset("-05:00"), -300);
    EXPECT_EQ(parse_utc_offset("-7:00"), -420);
    EXPECT_EQ(parse_utc_offset("+0530"), 330);
    EXPECT_EQ(parse_utc_offset("+09"), 540);
    EXPECT_EQ(parse_utc_offset("Z"), 0);
    EXPECT_FALSE(parse_utc_offset("").has_value());
    EXPECT_FALSE(parse_utc_offset("05:00").has_value());
    EXPECT_FALSE(parse_utc_offset("-25:00").has_value());
    EXPECT_FALSE(parse_utc_offset("-05:6").has_value());
    EXPECT_FALSE(parse_utc_offset("-05:").has_value());
    EXPECT_FALSE(parse_utc_offset("+ab:cd").has_value());
    EXPECT_EQ(format_utc_offset(-300), "-05:00");
    EXPECT_EQ(format_utc_offset(345), "+05:45");
    EXPECT_EQ(format_utc_offset(0), "+00:00");
    EXPECT_EQ(format_wall_time(wall("2024-02-29T23:59:58")), "2024-02-29T23:59:58");
    EXPECT_EQ(format_wall_time(wall("2024-02-29T23:59:58.25")), "2024-02-29T23:59:58.25");
}

}  // namespace
}  // namespace unstuck::kit
