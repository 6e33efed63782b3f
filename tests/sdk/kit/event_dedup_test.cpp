// Event de-duplication on its own, and as finalize_shipment uses it.
#include <gtest/gtest.h>

#include "unstuck/kit/event_dedup.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::kit {
namespace {

sdk::Event event(const char* at, const char* code, const char* city) {
    sdk::Event e;
    e.at = sdk::parse_timestamp(at).value();
    e.code = code;
    e.location.city = city;
    return e;
}

TEST(EventDedup, DropsARepeatOfCodeInstantAndPlaceKeepingTheFirst) {
    std::vector<sdk::Event> events{
        event("2024-05-01T10:00:00Z", "AR", "Reno"), event("2024-05-01T10:00:00Z", "DP", "Reno"),
        event("2024-05-01T10:00:00Z", "AR", "Reno"), event("2024-05-01T11:00:00Z", "AR", "Reno")};
    events[2].description = "second copy";
    std::vector<std::string> warnings;
    drop_duplicate_events(events, warnings);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].code, "AR");
    EXPECT_TRUE(events[0].description.empty());
    EXPECT_EQ(events[1].code, "DP");
    EXPECT_EQ(events[2].at, sdk::parse_timestamp("2024-05-01T11:00:00Z").value());
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0], "event 2: duplicate of event 0 dropped");
}

TEST(EventDedup, AnotherPlaceOrCodeIsNoDuplicate) {
    std::vector<sdk::Event> events{event("2024-05-01T10:00:00Z", "AR", "Reno"),
                                   event("2024-05-01T10:00:00Z", "AR", "Sparks"),
                                   event("2024-05-01T10:00:00Z", "DP", "Reno")};
    std::vector<std::string> warnings;
    drop_duplicate_events(events, warnings);
    EXPECT_EQ(events.size(), 3u);
    EXPECT_TRUE(warnings.empty());
}

TEST(EventDedup, FinalizeShipmentDropsThemToo) {
    sdk::Shipment s;
    s.events = {event("2024-05-01T11:00:00Z", "AR", "Reno"), event("2024-05-01T10:00:00Z", "DP", "Reno"),
                event("2024-05-01T11:00:00Z", "AR", "Reno")};
    sdk::finalize_shipment(s);
    ASSERT_EQ(s.events.size(), 2u);
    ASSERT_EQ(s.warnings.size(), 1u);
    EXPECT_EQ(s.warnings[0], "event 2: duplicate of event 1 dropped");  // positions after sorting
}

}  // namespace
}  // namespace unstuck::kit
