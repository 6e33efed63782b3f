// The explanation a seller reads: what was seen, what the policy says, what happens next, for decisions made
// by hand so each sentence is pinned to the facts it names.

#include <gtest/gtest.h>

#include <string>

#include "policy/explanation.hpp"
#include "policy_test_support.hpp"

namespace unstuck::core {
namespace {

using test::at;
using test::Order;
using test::Pkg;
using test::read_case;
using test::shipped_policy;

const sdk::Timestamp kPickup = at("2024-07-15T13:12:00Z");

std::string explanation(const OrderCase& order, const PackageDecision& d, const std::string& now,
                        std::size_t package_index = 0) {
    std::string out;
    explain(*shipped_policy(), order, package_index, d, at(now), out);
    return out;
}

OrderCase one_package(const std::string& shipping_type, const std::string& platform_status) {
    Order o;
    o.shipping_type = shipping_type;
    o.platform_status = platform_status;
    o.packages = {Pkg("P1")};
    return read_case(o.to_json());
}

PackageDecision decided(RuleId rule, Action action) {
    PackageDecision d;
    d.package = "P1";
    d.rule = RuleRef{rule, RuleVariant::kBase};
    d.action = action;
    return d;
}

TEST(Explanation, PickupGraceWaitsAndNamesTheDeadline) {
    OrderCase order = one_package("PLATFORM", "AWAITING_COLLECTION");
    PackageDecision d = decided(RuleId::kPlatformPickupGrace, Action::kWait);
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;
    d.next_check_at = at("2024-07-16T13:12:01Z");  // 24 h after pickup, plus the second of every WAIT

    EXPECT_EQ(explanation(order, d, "2024-07-16T09:00:00Z"),
              "UPS scanned the pickup 19 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
              "AWAITING_COLLECTION. The policy gives the platform 24 hours after pickup to update and checks "
              "again after 2024-07-16 13:12 UTC.");
}

TEST(Explanation, WithinTimelineNamesTheCalendarAndTheDeadline) {
    OrderCase order = one_package("PLATFORM", "IN_TRANSIT");
    PackageDecision d = decided(RuleId::kPlatformWithinTimeline, Action::kWait);
    d.facts.platform_status = PlatformStatus::kInTransit;
    d.facts.last_update_at = at("2024-07-15T13:12:00Z");
    d.next_check_at = at("2024-07-17T13:12:01Z");

    std::string text = explanation(order, d, "2024-07-16T13:12:00Z");
    EXPECT_NE(text.find("The last tracking update was 24 h ago (2024-07-15 13:12 UTC)"), std::string::npos)
        << text;
    EXPECT_NE(text.find("The policy waits 2 business days (US calendar) for movement and checks again after "
                        "2024-07-17 13:12 UTC."),
              std::string::npos)
        << text;
}

TEST(Explanation, FileDisputeAfterPickupIsTheDecisionExample) {
    OrderCase order = one_package("PLATFORM", "AWAITING_COLLECTION");
    PackageDecision d = decided(RuleId::kPlatformPickedUpNotUpdated, Action::kFileDispute);
    d.dispute_code = DisputeCode::kPickedUpNotUpdated;
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;

    EXPECT_EQ(
        explanation(order, d, "2024-07-16T20:00:00Z"),
        "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
        "AWAITING_COLLECTION. More than 24 hours after pickup the policy files 'Picked up but logistics "
        "status not updated'.");
}

TEST(Explanation, UnmovedTrackingNamesThePathLeafAndTheStall) {
    OrderCase order = one_package("PLATFORM", "IN_TRANSIT");
    PackageDecision d = decided(RuleId::kPlatformUnmovedTracking, Action::kFileDispute);
    d.dispute_code = DisputeCode::kUnmovedTrackingEvent;
    d.facts.platform_status = PlatformStatus::kInTransit;
    d.facts.last_update_at = at("2024-07-10T08:00:00Z");

    std::string text = explanation(order, d, "2024-07-16T08:30:00Z");
    EXPECT_NE(text.find("The last tracking update was 144 h 30 min ago (2024-07-10 08:00 UTC), more than 2 "
                        "business days without movement (US calendar); the platform shows IN_TRANSIT."),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("files 'Unmoved tracking event'"), std::string::npos) << text;
}

TEST(Explanation, AnOpenTicketHoldsTheDisputeBackUntilItsWindowEnds) {
    Order o;
    o.packages = {Pkg("P1")};
    o.tickets = {test::Tk("pick_up_issues.picked_up_not_updated", "OPEN", "2024-07-16T18:00:00Z")};
    OrderCase order = read_case(o.to_json());
    PackageDecision d = decided(RuleId::kPlatformPickedUpNotUpdated, Action::kAwaitTicket);
    d.rule.variant = RuleVariant::kAwaitingTicket;
    d.dispute_code = DisputeCode::kPickedUpNotUpdated;
    d.ticket = 0;
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;
    d.next_check_at = at("2024-07-18T18:00:01Z");

    std::string text = explanation(order, d, "2024-07-16T20:00:00Z");
    EXPECT_NE(
        text.find("A 'Picked up but logistics status not updated' ticket is open since 2024-07-16 18:00 UTC; "
                  "the policy gives support 2 business days and checks again after 2024-07-18 18:00 UTC."),
        std::string::npos)
        << text;
    EXPECT_EQ(text.find("files 'Picked up"), std::string::npos) << text;
}

TEST(Explanation, SellerDeliveredWithProofAsksToUploadTheCarriersProof) {
    Order o;
    o.shipping_type = "SELLER";
    o.platform_status = "IN_TRANSIT";
    o.packages = {Pkg("P1")};
    OrderCase order = read_case(o.to_json());
    order.packages[0].proof_of_delivery = sdk::ProofOfDelivery{};
    PackageDecision d = decided(RuleId::kSellerDeliveredUpdatePod, Action::kUpdateStatusWithPod);
    d.facts.platform_status = PlatformStatus::kInTransit;
    d.facts.carrier_delivered_at = at("2024-07-18T17:05:00Z");

    EXPECT_EQ(
        explanation(order, d, "2024-07-19T17:05:00Z"),
        "UPS shows the package delivered 24 h ago (2024-07-18 17:05 UTC); the platform shows IN_TRANSIT. "
        "Update the delivery status yourself and upload the carrier's proof of delivery.");
}

TEST(Explanation, SellerDeliveredWithoutProofSaysTheCarrierGivesNone) {
    OrderCase order = one_package("SELLER", "IN_TRANSIT");
    PackageDecision d = decided(RuleId::kSellerDeliveredUpdatePod, Action::kUpdateStatusWithPod);
    d.facts.platform_status = PlatformStatus::kInTransit;
    d.facts.carrier_delivered_at = at("2024-07-18T17:05:00Z");

    std::string text = explanation(order, d, "2024-07-18T17:50:00Z");
    EXPECT_NE(text.find("delivered 45 min ago (2024-07-18 17:05 UTC)"), std::string::npos) << text;
    EXPECT_NE(text.find("upload a proof of delivery: the carrier gives none."), std::string::npos) << text;
    EXPECT_EQ(text.find("carrier's proof"), std::string::npos) << text;
}

TEST(Explanation, SeveralPackagesNameTheOneThatDecides) {
    Order o;
    o.packages = {Pkg("P1"), Pkg("P2")};
    OrderCase order = read_case(o.to_json());
    PackageDecision d = decided(RuleId::kPlatformPickedUpNotUpdated, Action::kFileDispute);
    d.package = "P2";
    d.dispute_code = DisputeCode::kPickedUpNotUpdated;
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;

    std::string text = explanation(order, d, "2024-07-16T20:00:00Z", 1);
    EXPECT_EQ(text.rfind("Package P2: UPS scanned the pickup", 0), 0u) << text;
}

TEST(Explanation, AFactLaterThanNowIsShownAsSuch) {
    OrderCase order = one_package("PLATFORM", "AWAITING_COLLECTION");
    PackageDecision d = decided(RuleId::kPlatformPickupGrace, Action::kWait);
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;
    d.next_check_at = at("2024-07-16T13:12:01Z");

    std::string text = explanation(order, d, "2024-07-15T12:00:00Z");
    EXPECT_NE(text.find("scanned the pickup at 2024-07-15 13:12 UTC, later than the time of this check"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find(" ago "), std::string::npos) << text;
}

TEST(Explanation, ARuleTurnedOffSaysSoAndPrescribesNothing) {
    OrderCase order = one_package("PLATFORM", "AWAITING_COLLECTION");
    PackageDecision d = decided(RuleId::kPlatformPickedUpNotUpdated, Action::kNone);
    d.rule.variant = RuleVariant::kDisabled;
    d.facts.platform_status = PlatformStatus::kAwaitingCollection;
    d.facts.picked_up_at = kPickup;

    std::string text = explanation(order, d, "2024-07-16T20:00:00Z");
    EXPECT_NE(
        text.find("Rule platform.picked_up_not_updated is turned off in policy tiktok-shop.logistics-stuck, "
                  "so nothing is done."),
        std::string::npos)
        << text;
    EXPECT_EQ(text.find("files"), std::string::npos) << text;
}

}  // namespace
}  // namespace unstuck::core
