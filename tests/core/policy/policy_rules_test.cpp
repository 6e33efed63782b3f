// Every rule of policy.md section 3 fires, every boundary is pinned to the second.
#include <gtest/gtest.h>

#include "policy_test_support.hpp"

namespace unstuck::test {
namespace {

struct RuleCase {
    const char* name;
    Order order;
    const char* now;
    const char* action;
    const char* rule;
    const char* next_check_at;  // "null" when none
};

Order platform(const std::string& status, std::vector<Ev> events, const std::string& updated = "") {
    Order o;
    o.platform_status = status;
    o.platform_updated_at = updated;
    o.packages = {Pkg{"P1", std::move(events)}};
    return o;
}

Order seller(const std::string& status, std::vector<Ev> events, const std::string& updated = "") {
    Order o = platform(status, std::move(events), updated);
    o.shipping_type = "SELLER";
    return o;
}

Order in_region(Order o, const std::string& region) {
    o.region = region;
    return o;
}

Order with_buyer(Order o, const std::string& confirmed_at) {
    o.buyer_confirmed_at = confirmed_at;
    return o;
}

Order no_tracking(Order o) {
    o.packages[0].tracking_unknown = true;
    return o;
}

// Times used below (US, America/Los_Angeles, PDT = UTC-7 in July):
//   Fri 2024-07-12 10:00 PDT = 17:00Z; +2 business days = Tue 2024-07-16 10:00 PDT = 17:00Z.
const Ev kPickup{"2024-07-15T13:12:00Z", "PICKED_UP"};
const Ev kLabel{"2024-07-14T10:00:00Z", "INFO_RECEIVED"};

class Rules : public ::testing::TestWithParam<RuleCase> {};

TEST_P(Rules, DecideAsTheTableSays) {
    const RuleCase& c = GetParam();
    auto d = decide(c.order, c.now);
    EXPECT_EQ(to_string(d.action), c.action);
    EXPECT_EQ(d.rule.name(), c.rule);
    EXPECT_EQ(next_check(d), c.next_check_at);
    // A WAIT always names a later instant.
    if (d.action == core::Action::kWait) {
        ASSERT_TRUE(d.next_check_at.has_value());
        EXPECT_GT(*d.next_check_at, at(c.now));
    }
}

INSTANTIATE_TEST_SUITE_P(
    Platform, Rules,
    ::testing::Values(
        // P0: settled stages.
        RuleCase{"P0 delivered", platform("DELIVERED", {kPickup}), "2024-07-20T00:00:00Z", "NONE",
                 "platform.settled", "null"},
        RuleCase{"P0 completed", platform("COMPLETED", {kPickup}), "2024-07-20T00:00:00Z", "NONE",
                 "platform.settled", "null"},
        RuleCase{"P0 cancelled beats buyer confirmation",
                 with_buyer(platform("CANCELLED", {kPickup}), "2024-07-16T00:00:00Z"), "2024-07-20T00:00:00Z",
                 "NONE", "platform.settled", "null"},
        // P1: carrier terminal, from the latest physical event.
        RuleCase{"P1 returning", platform("IN_TRANSIT", {kPickup, {"2024-07-16T10:00:00Z", "RETURNING"}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.carrier_terminal", "null"},
        RuleCase{"P1 returned", platform("IN_TRANSIT", {kPickup, {"2024-07-17T10:00:00Z", "RETURNED"}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.carrier_terminal", "null"},
        RuleCase{"P1 return leg",
                 platform("IN_TRANSIT", {kPickup, {"2024-07-16T10:00:00Z", "IN_TRANSIT", true, true}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.carrier_terminal", "null"},
        RuleCase{"P1 physical cancel",
                 platform("AWAITING_COLLECTION", {kPickup, {"2024-07-16T10:00:00Z", "CANCELLED", true}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.carrier_terminal", "null"},
        RuleCase{"P1 beats buyer confirmation",
                 with_buyer(platform("IN_TRANSIT", {kPickup, {"2024-07-16T10:00:00Z", "RETURNING"}}),
                            "2024-07-16T12:00:00Z"),
                 "2024-07-20T00:00:00Z", "NONE", "platform.carrier_terminal", "null"},
        // An informational CANCELLED line (not physical by default) is no terminal: the pickup decides.
        RuleCase{"not terminal when the cancel is informational",
                 platform("AWAITING_COLLECTION", {kPickup, {"2024-07-16T10:00:00Z", "CANCELLED"}}),
                 "2024-07-16T20:00:00Z", "FILE_DISPUTE", "platform.picked_up_not_updated", "null"},
        // P2: the buyer's word, whatever the stage or the age.
        RuleCase{"P2 buyer confirmed", with_buyer(platform("IN_TRANSIT", {kPickup}), "2024-07-16T08:00:00Z"),
                 "2024-07-16T09:00:00Z", "FILE_DISPUTE", "platform.buyer_confirmed_not_updated", "null"},
        RuleCase{"P2 before any pickup",
                 with_buyer(platform("AWAITING_COLLECTION", {}), "2024-07-16T08:00:00Z"),
                 "2024-07-16T09:00:00Z", "FILE_DISPUTE", "platform.buyer_confirmed_not_updated", "null"},
        // P3 / P3w: exactly 24 h is not more than 24 h.
        RuleCase{"P3w exactly 24 h", platform("IN_TRANSIT", {kPickup, {"2024-07-17T18:30:00Z", "DELIVERED"}}),
                 "2024-07-18T18:30:00Z", "WAIT", "platform.carrier_delivered_grace", "2024-07-18T18:30:01Z"},
        RuleCase{"P3 24 h and 1 s", platform("IN_TRANSIT", {kPickup, {"2024-07-17T18:30:00Z", "DELIVERED"}}),
                 "2024-07-18T18:30:01Z", "FILE_DISPUTE", "platform.carrier_delivered_not_updated", "null"},
        RuleCase{"P3w just delivered",
                 platform("IN_TRANSIT", {kPickup, {"2024-07-17T18:30:00Z", "DELIVERED"}}),
                 "2024-07-17T19:00:00Z", "WAIT", "platform.carrier_delivered_grace", "2024-07-18T18:30:01Z"},
        RuleCase{"P3 while the platform still says PRE",
                 platform("AWAITING_COLLECTION", {kPickup, {"2024-07-17T18:30:00Z", "DELIVERED"}}),
                 "2024-07-19T00:00:00Z", "FILE_DISPUTE", "platform.carrier_delivered_not_updated", "null"},
        RuleCase{"P3w fraction truncated to the second",
                 platform("IN_TRANSIT", {{"2024-07-17T18:30:00.750Z", "DELIVERED"}}),
                 "2024-07-18T18:30:00.750Z", "WAIT", "platform.carrier_delivered_grace",
                 "2024-07-18T18:30:01Z"},
        RuleCase{"P3 fraction: 1 microsecond more",
                 platform("IN_TRANSIT", {{"2024-07-17T18:30:00.750Z", "DELIVERED"}}),
                 "2024-07-18T18:30:00.750001Z", "FILE_DISPUTE", "platform.carrier_delivered_not_updated",
                 "null"},
        // P4 / P4w: pickup not reflected; 24 h elapsed time, weekends do not pause it.
        RuleCase{"P4w exactly 24 h", platform("AWAITING_COLLECTION", {kLabel, kPickup}),
                 "2024-07-16T13:12:00Z", "WAIT", "platform.pickup_grace", "2024-07-16T13:12:01Z"},
        RuleCase{"P4 24 h and 1 s", platform("AWAITING_COLLECTION", {kLabel, kPickup}),
                 "2024-07-16T13:12:01Z", "FILE_DISPUTE", "platform.picked_up_not_updated", "null"},
        RuleCase{"P4 section 1 example", platform("AWAITING_COLLECTION", {kPickup}, "2024-07-15T16:02:11Z"),
                 "2024-07-16T20:00:00Z", "FILE_DISPUTE", "platform.picked_up_not_updated", "null"},
        RuleCase{"P4 over a weekend (Sat pickup, Sun check)",
                 platform("AWAITING_SHIPMENT", {{"2024-07-13T17:00:00Z", "PICKED_UP"}}),
                 "2024-07-14T17:00:01Z", "FILE_DISPUTE", "platform.picked_up_not_updated", "null"},
        RuleCase{"P4w pickup dated after now", platform("AWAITING_COLLECTION", {kPickup}),
                 "2024-07-15T12:00:00Z", "WAIT", "platform.pickup_grace", "2024-07-16T13:12:01Z"},
        RuleCase{"P4 the earliest pickup counts",
                 platform("AWAITING_COLLECTION", {{"2024-07-16T09:00:00Z", "IN_TRANSIT"}, kPickup}),
                 "2024-07-16T13:12:01Z", "FILE_DISPUTE", "platform.picked_up_not_updated", "null"},
        // P5: no physical pickup; label lines and informational scans are not pickups.
        RuleCase{"P5 no events", platform("AWAITING_COLLECTION", {}), "2024-07-20T00:00:00Z", "NONE",
                 "platform.not_picked_up", "null"},
        RuleCase{"P5 label only", platform("AWAITING_SHIPMENT", {kLabel}), "2024-07-20T00:00:00Z", "NONE",
                 "platform.not_picked_up", "null"},
        RuleCase{"P5 informational scan is no pickup",
                 platform("AWAITING_COLLECTION", {{"2024-07-15T13:12:00Z", "IN_TRANSIT", false}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.not_picked_up", "null"},
        RuleCase{"P5 physical INFO_RECEIVED is no pickup",
                 platform("AWAITING_COLLECTION", {{"2024-07-15T13:12:00Z", "INFO_RECEIVED", true}}),
                 "2024-07-20T00:00:00Z", "NONE", "platform.not_picked_up", "null"},
        // P6: shipped, nothing known.
        RuleCase{"P6 no tracking", no_tracking(platform("IN_TRANSIT", {})), "2024-07-20T00:00:00Z",
                 "VERIFY_WITH_CARRIER", "platform.no_tracking", "null"},
        RuleCase{"P6 only informational events", platform("PARTIALLY_SHIPPING", {kLabel}),
                 "2024-07-20T00:00:00Z", "VERIFY_WITH_CARRIER", "platform.no_tracking", "null"},
        // P7 / P7w: stalled after 2 business days in the region's calendar, to the second.
        RuleCase{"P7w over a weekend, at the deadline",
                 platform("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}), "2024-07-16T17:00:00Z",
                 "WAIT", "platform.within_timeline", "2024-07-16T17:00:01Z"},
        RuleCase{"P7 over a weekend, 1 s later",
                 platform("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}), "2024-07-16T17:00:01Z",
                 "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w over Independence Day",
                 platform("IN_TRANSIT", {{"2024-07-03T19:00:00Z", "IN_TRANSIT"}}), "2024-07-08T19:00:00Z",
                 "WAIT", "platform.within_timeline", "2024-07-08T19:00:01Z"},
        RuleCase{"P7w holiday: not stalled on Friday",
                 platform("IN_TRANSIT", {{"2024-07-03T19:00:00Z", "IN_TRANSIT"}}), "2024-07-05T19:00:01Z",
                 "WAIT", "platform.within_timeline", "2024-07-08T19:00:01Z"},
        RuleCase{"P7 over Independence Day, 1 s later",
                 platform("IN_TRANSIT", {{"2024-07-03T19:00:00Z", "IN_TRANSIT"}}), "2024-07-08T19:00:01Z",
                 "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w US spring forward", platform("IN_TRANSIT", {{"2024-03-08T18:00:00Z", "IN_TRANSIT"}}),
                 "2024-03-12T17:00:00Z", "WAIT", "platform.within_timeline", "2024-03-12T17:00:01Z"},
        RuleCase{"P7 US spring forward", platform("IN_TRANSIT", {{"2024-03-08T18:00:00Z", "IN_TRANSIT"}}),
                 "2024-03-12T17:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w US fall back", platform("IN_TRANSIT", {{"2024-11-01T17:00:00Z", "IN_TRANSIT"}}),
                 "2024-11-05T18:00:00Z", "WAIT", "platform.within_timeline", "2024-11-05T18:00:01Z"},
        RuleCase{"P7 US fall back", platform("IN_TRANSIT", {{"2024-11-01T17:00:00Z", "IN_TRANSIT"}}),
                 "2024-11-05T18:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w GB spring forward",
                 in_region(platform("IN_TRANSIT", {{"2024-03-29T09:00:00Z", "IN_TRANSIT"}}), "GB"),
                 "2024-04-02T08:00:00Z", "WAIT", "platform.within_timeline", "2024-04-02T08:00:01Z"},
        RuleCase{"P7 GB spring forward",
                 in_region(platform("IN_TRANSIT", {{"2024-03-29T09:00:00Z", "IN_TRANSIT"}}), "GB"),
                 "2024-04-02T08:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w Saturday scan moves to Monday 00:00",
                 platform("IN_TRANSIT", {{"2024-07-13T17:00:00Z", "PICKED_UP"}}), "2024-07-17T07:00:00Z",
                 "WAIT", "platform.within_timeline", "2024-07-17T07:00:01Z"},
        RuleCase{"P7 Saturday scan", platform("IN_TRANSIT", {{"2024-07-13T17:00:00Z", "PICKED_UP"}}),
                 "2024-07-17T07:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w Jakarta has no DST",
                 in_region(platform("IN_TRANSIT", {{"2024-03-08T03:00:00Z", "IN_TRANSIT"}}), "ID"),
                 "2024-03-12T03:00:00Z", "WAIT", "platform.within_timeline", "2024-03-12T03:00:01Z"},
        RuleCase{"P7 Manila has no DST",
                 in_region(platform("IN_TRANSIT", {{"2024-11-01T02:00:00Z", "IN_TRANSIT"}}), "PH"),
                 "2024-11-05T02:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        // Informational events never count as movement.
        RuleCase{"P7 informational line does not reset the clock",
                 platform("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"},
                                         {"2024-07-15T20:00:00Z", "IN_TRANSIT", false}}),
                 "2024-07-16T17:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w a physical scan does",
                 platform("IN_TRANSIT",
                          {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}, {"2024-07-15T20:00:00Z", "IN_TRANSIT"}}),
                 "2024-07-16T17:00:01Z", "WAIT", "platform.within_timeline", "2024-07-17T20:00:01Z"},
        // last_update_at is the earlier of the platform's and the carrier's view.
        RuleCase{"P7 platform view stalled",
                 platform("IN_TRANSIT", {{"2024-07-15T17:00:00Z", "IN_TRANSIT"}}, "2024-07-11T17:00:00Z"),
                 "2024-07-15T17:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"},
        RuleCase{"P7w platform view only", no_tracking(platform("IN_TRANSIT", {}, "2024-07-12T17:00:00Z")),
                 "2024-07-16T17:00:00Z", "WAIT", "platform.within_timeline", "2024-07-16T17:00:01Z"},
        RuleCase{"P7 platform view only", no_tracking(platform("IN_TRANSIT", {}, "2024-07-12T17:00:00Z")),
                 "2024-07-16T17:00:01Z", "FILE_DISPUTE", "platform.unmoved_tracking", "null"}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

INSTANTIATE_TEST_SUITE_P(
    Seller, Rules,
    ::testing::Values(
        RuleCase{"S0 completed", seller("COMPLETED", {kPickup}), "2024-07-20T00:00:00Z", "NONE",
                 "seller.settled", "null"},
        RuleCase{"S0 cancelled", seller("CANCELLED", {}), "2024-07-20T00:00:00Z", "NONE", "seller.settled",
                 "null"},
        RuleCase{"S1 no events", no_tracking(seller("IN_TRANSIT", {})), "2024-07-20T00:00:00Z",
                 "VERIFY_WITH_CARRIER", "seller.no_tracking", "null"},
        RuleCase{"S1 label only, even with a platform update",
                 seller("AWAITING_COLLECTION", {kLabel}, "2024-07-14T10:00:00Z"), "2024-07-20T00:00:00Z",
                 "VERIFY_WITH_CARRIER", "seller.no_tracking", "null"},
        RuleCase{"S2 returned", seller("IN_TRANSIT", {kPickup, {"2024-07-17T10:00:00Z", "RETURNED"}}),
                 "2024-07-20T00:00:00Z", "NONE", "seller.carrier_terminal", "null"},
        RuleCase{"S3 delivered a minute ago",
                 seller("IN_TRANSIT", {kPickup, {"2024-07-17T18:30:00Z", "DELIVERED"}}),
                 "2024-07-17T18:31:00Z", "UPDATE_STATUS_WITH_POD", "seller.delivered_update_pod", "null"},
        RuleCase{"S4 stalled 1 s after the deadline",
                 seller("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}), "2024-07-16T17:00:01Z",
                 "CONTACT_CARRIER", "seller.carrier_stalled", "null"},
        RuleCase{"S5 at the deadline", seller("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}),
                 "2024-07-16T17:00:00Z", "WAIT", "seller.in_progress", "2024-07-16T17:00:01Z"},
        RuleCase{"S5 pickup on a Saturday",
                 seller("AWAITING_COLLECTION", {{"2024-07-13T17:00:00Z", "PICKED_UP"}}),
                 "2024-07-15T00:00:00Z", "WAIT", "seller.in_progress", "2024-07-17T07:00:01Z"},
        RuleCase{"S4 GB spring forward",
                 in_region(seller("IN_TRANSIT", {{"2024-03-29T09:00:00Z", "IN_TRANSIT"}}), "GB"),
                 "2024-04-02T08:00:01Z", "CONTACT_CARRIER", "seller.carrier_stalled", "null"},
        // The buyer's word and tickets change nothing for seller shipping.
        RuleCase{"S5 buyer confirmation is no dispute",
                 with_buyer(seller("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}),
                            "2024-07-13T00:00:00Z"),
                 "2024-07-13T01:00:00Z", "WAIT", "seller.in_progress", "2024-07-16T17:00:01Z"},
        RuleCase{"S4 pickup over 24 h is no dispute",
                 seller("AWAITING_COLLECTION", {{"2024-07-12T17:00:00Z", "PICKED_UP"}}),
                 "2024-07-17T00:00:00Z", "CONTACT_CARRIER", "seller.carrier_stalled", "null"}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

// A package's own platform status and update time win over the order's.
TEST(Rules, PackageStatusWinsForThatPackage) {
    Order o = platform("AWAITING_COLLECTION", {{"2024-07-12T17:00:00Z", "PICKED_UP"}});
    o.packages[0].platform_status = "IN_TRANSIT";
    auto d = decide(o, "2024-07-16T17:00:01Z");
    EXPECT_EQ(d.rule.name(), "platform.unmoved_tracking");
    EXPECT_EQ(d.packages[0].facts.platform_stage, core::PlatformStage::kShipped);

    Order late = no_tracking(platform("IN_TRANSIT", {}, "2024-07-01T00:00:00Z"));
    late.packages[0].platform_updated_at = "2024-07-12T17:00:00Z";
    EXPECT_EQ(next_check(decide(late, "2024-07-13T00:00:00Z")), "2024-07-16T17:00:01Z");
}

// Events are taken in time order whatever the input order; equal times keep input order.
TEST(Rules, EventOrderDoesNotMatterExceptForTies) {
    auto pickup = Ev{"2024-07-15T13:12:00Z", "PICKED_UP"};
    auto returned = Ev{"2024-07-16T10:00:00Z", "RETURNED"};
    EXPECT_EQ(decide(platform("IN_TRANSIT", {returned, pickup}), "2024-07-20T00:00:00Z").rule.name(),
              "platform.carrier_terminal");
    // Two physical events at the same instant: the later in the input is the latest.
    auto same_time_return = Ev{"2024-07-15T13:12:00Z", "RETURNING"};
    EXPECT_EQ(decide(platform("IN_TRANSIT", {pickup, same_time_return}), "2024-07-20T00:00:00Z").rule.name(),
              "platform.carrier_terminal");
    EXPECT_EQ(decide(platform("IN_TRANSIT", {same_time_return, pickup}), "2024-07-20T00:00:00Z").rule.name(),
              "platform.unmoved_tracking");
}

// A delivery on the return leg is no carrier delivery.
TEST(Rules, ReturnLegDeliveryIsNoDelivery) {
    auto d = decide(platform("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"},
                                            {"2024-07-13T17:00:00Z", "DELIVERED", true, true}}),
                    "2024-07-20T00:00:00Z");
    EXPECT_EQ(d.rule.name(), "platform.carrier_terminal");
    EXPECT_FALSE(d.packages[0].facts.carrier_delivered_at.has_value());
    EXPECT_EQ(d.packages[0].facts.carrier_status, sdk::TrackingStatus::kReturned);
}

// A rule turned off in the document still matches, but does nothing.
TEST(Rules, RuleTurnedOffMatchesAndDoesNothing) {
    auto base = *shipped_policy();
    base.enabled.reset(static_cast<std::size_t>(core::RuleId::kPlatformPickedUpNotUpdated));
    auto policy = std::make_shared<const core::Policy>(std::move(base));
    auto d = decide(platform("AWAITING_COLLECTION", {kPickup}), "2024-07-16T20:00:00Z", policy);
    EXPECT_EQ(to_string(d.action), "NONE");
    EXPECT_EQ(d.rule.name(), "platform.picked_up_not_updated.disabled");
    EXPECT_EQ(next_check(d), "null");
    EXPECT_TRUE(d.disputes.empty());
    EXPECT_NE(d.explanation.find("turned off"), std::string::npos) << d.explanation;
    // Still waits before the threshold: the grace rule is on.
    EXPECT_EQ(decide(platform("AWAITING_COLLECTION", {kPickup}), "2024-07-16T00:00:00Z", policy).rule.name(),
              "platform.pickup_grace");
}

// Thresholds come from the document.
TEST(Rules, ThresholdsAreData) {
    auto base = *shipped_policy();
    base.thresholds.pickup_update = std::chrono::hours{48};
    base.thresholds.stall_business_days = 3;
    auto policy = std::make_shared<const core::Policy>(std::move(base));
    auto pickup = decide(platform("AWAITING_COLLECTION", {kPickup}), "2024-07-16T20:00:00Z", policy);
    EXPECT_EQ(pickup.rule.name(), "platform.pickup_grace");
    EXPECT_EQ(next_check(pickup), "2024-07-17T13:12:01Z");
    auto stall = decide(platform("IN_TRANSIT", {{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}),
                        "2024-07-16T17:00:01Z", policy);
    EXPECT_EQ(next_check(stall), "2024-07-17T17:00:01Z");
}

}  // namespace
}  // namespace unstuck::test
