#include <gtest/gtest.h>

#include "unstuck/kit/result_picker.hpp"

namespace unstuck::kit {
namespace {

sdk::Shipment with_events(std::initializer_list<const char*> times) {
    sdk::Shipment s;
    for (const char* t : times) {
        sdk::Event e;
        e.at = *sdk::parse_timestamp(t);
        s.events.push_back(e);
    }
    return s;
}

TEST(PickResult, AfterTheOrderWhereKnown) {
    std::vector<sdk::Shipment> c{with_events({"2023-05-01T10:00:00Z", "2023-05-03T10:00:00Z"}),
                                 with_events({"2024-07-11T10:00:00Z"}),
                                 with_events({"2024-07-01T10:00:00Z", "2024-07-20T10:00:00Z"})};
    sdk::TrackContext ctx;
    ctx.order_created_at = *sdk::parse_timestamp("2024-07-10T00:00:00Z");
    std::string warning;
    EXPECT_EQ(pick_result(c, ctx, &warning), 1u);  // the third began before the order
    EXPECT_NE(warning.find("3 results"), std::string::npos) << warning;
    EXPECT_NE(warning.find("kept result 2"), std::string::npos) << warning;
    EXPECT_NE(warning.find("after the order was created"), std::string::npos) << warning;
}

TEST(PickResult, LatestScanOtherwise) {
    std::vector<sdk::Shipment> c{with_events({"2024-07-11T10:00:00Z"}),
                                 with_events({"2024-07-01T10:00:00Z", "2024-07-20T10:00:00Z"}),
                                 sdk::Shipment{}};
    std::string warning;
    EXPECT_EQ(pick_result(c, sdk::TrackContext{}, &warning), 1u);
    EXPECT_NE(warning.find("latest scan (2024-07-20T10:00:00Z)"), std::string::npos) << warning;

    sdk::TrackContext ctx;  // nobody lies wholly after the order: the latest scan still decides
    ctx.order_created_at = *sdk::parse_timestamp("2025-01-01T00:00:00Z");
    EXPECT_EQ(pick_result(c, ctx, &warning), 1u);
    EXPECT_NE(warning.find("no result lies wholly after"), std::string::npos) << warning;
}

TEST(PickResult, OneOrNoneNeedsNoChoice) {
    std::vector<sdk::Shipment> one{with_events({"2024-07-11T10:00:00Z"})};
    std::string warning = "untouched";
    EXPECT_EQ(pick_result(one, sdk::TrackContext{}, &warning), 0u);
    EXPECT_EQ(warning, "untouched");
    EXPECT_EQ(pick_result({}, sdk::TrackContext{}, nullptr), 0u);
}

}  // namespace
}  // namespace unstuck::kit
