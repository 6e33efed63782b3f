#include <gtest/gtest.h>

#include "unstuck/kit/live_answer.hpp"

namespace unstuck::kit {
namespace {

using Kind = sdk::TrackResult::Kind;

TEST(LiveAnswer, AGarbledAnswerIsTransientUnderTheEndpointsName) {
    auto r = live_answer(sdk::TrackResult::permanent("ups: malformed JSON at byte 3"), "ups", "ups tracking");
    EXPECT_EQ(r.kind, Kind::kTransient);
    EXPECT_EQ(r.message, "ups tracking: malformed JSON at byte 3");
    r = live_answer(sdk::TrackResult::permanent("usps: malformed JSON"), "usps", "usps tracking");
    EXPECT_EQ(r.kind, Kind::kTransient);
    EXPECT_EQ(r.message, "usps tracking: malformed JSON");
}

TEST(LiveAnswer, OtherResultsStayAsTheyAre) {
    auto r =
        live_answer(sdk::TrackResult::permanent("ups: no package in the document"), "ups", "ups tracking");
    EXPECT_EQ(r.kind, Kind::kPermanent);
    EXPECT_EQ(r.message, "ups: no package in the document");
    r = live_answer(sdk::TrackResult::permanent("usps: malformed JSON"), "ups", "ups tracking");
    EXPECT_EQ(r.kind, Kind::kPermanent);
    r = live_answer(sdk::TrackResult::not_found("ups: malformed JSON"), "ups", "ups tracking");
    EXPECT_EQ(r.kind, Kind::kNotFound);
}

}  // namespace
}  // namespace unstuck::kit
