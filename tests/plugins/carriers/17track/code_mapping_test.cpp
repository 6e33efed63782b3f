// The 17TRACK sub-status and stage tables, event by event, through the plugin's normalize().

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using S = sdk::TrackingStatus;

class Track17CodeMappingTest : public OneCarrierTest {
  protected:
    Track17CodeMappingTest() : OneCarrierTest("17track") {}

    // One event with that sub-status and stage in a gettrackinfo answer; the result as normalize() gives it.
    sdk::TrackResult normalize_one(const std::string& sub_status, const std::string& stage) {
        std::string doc =
            R"({"code": 0, "data": {"accepted": [{"number": "N1", "carrier": 100002, "track_info": {
            "shipping_info": {"shipper_address": {"country": "US"}, "recipient_address": {"country": "US"}},
            "latest_status": {"status": "InTransit", "sub_status": "InTransit_Other"},
            "tracking": {"providers": [{"provider": {"key": 100002}, "events": [
            {"time_iso": "2024-07-15T09:12:00-04:00", "time_utc": "2024-07-15T13:12:00Z", "description": "text",
             "location": "ATLANTA, GA", "stage": ")" +
            stage + R"(", "sub_status": ")" + sub_status +
            R"(", "address": {"country": "US", "state": "GA", "city": "ATLANTA"}}]}]}}}],
            "rejected": []}})";
        return plugin_->normalize(doc, {});
    }

    sdk::Event event(const std::string& sub_status, const std::string& stage = "") {
        auto r = normalize_one(sub_status, stage);
        EXPECT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << sub_status;
            return {};
        }
        return r.shipment.events[0];
    }
};

TEST_F(Track17CodeMappingTest, EverySubStatus) {
    const std::pair<const char*, Expect> table[] = {
        {"NotFound_Other", {S::kUnknown, "other", false}},
        {"NotFound_InvalidCode", {S::kUnknown, "other", false}},
        {"InfoReceived", {S::kInfoReceived, "label_created", false}},
        {"InTransit_PickedUp", {S::kPickedUp, "picked_up", true}},
        {"InTransit_Other", {S::kInTransit, "other", true}},
        {"InTransit_Departure", {S::kInTransit, "departed_facility", true}},
        {"InTransit_Arrival", {S::kInTransit, "arrived_facility", true}},
        {"InTransit_CustomsProcessing", {S::kInTransit, "customs_processing", true}},
        {"InTransit_CustomsReleased", {S::kInTransit, "customs_released", true}},
        {"InTransit_CustomsRequiringInformation", {S::kInTransit, "customs_info_required", true}},
        {"Expired_Other", {S::kExpired, "other", false}},
        {"AvailableForPickup_Other", {S::kAvailableForPickup, "at_point", true}},
        {"OutForDelivery_Other", {S::kOutForDelivery, "out_for_delivery", true}},
        {"DeliveryFailure_Other", {S::kAttemptFailed, "other", true}},
        {"DeliveryFailure_NoBody", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"DeliveryFailure_Security", {S::kAttemptFailed, "no_access", true}},
        {"DeliveryFailure_Rejected", {S::kAttemptFailed, "other", true}},
        {"DeliveryFailure_InvalidAddress", {S::kAttemptFailed, "address_issue", true}},
        {"Delivered_Other", {S::kDelivered, "delivered", true}},
        {"Exception_Other", {S::kException, "other", true}},
        {"Exception_Returning", {S::kReturning, "initiated", true, true}},
        {"Exception_Returned", {S::kReturned, "other", true, true}},
        {"Exception_NoBody", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"Exception_Security", {S::kException, "held", true}},
        {"Exception_Damage", {S::kException, "damaged", true}},
        {"Exception_Rejected", {S::kAttemptFailed, "other", true}},
        {"Exception_Delayed", {S::kException, "delayed", true}},
        {"Exception_Lost", {S::kException, "lost", true}},
        {"Exception_Destroyed", {S::kException, "disposed", true}},
        {"Exception_Cancel", {S::kCancelled, "other", false}},
    };
    for (const auto& [code, expect] : table) {
        sdk::Event e = event(code);
        check(e, expect, code);
        EXPECT_EQ(e.code, code);
        EXPECT_EQ(e.description, "text");
    }
}

TEST_F(Track17CodeMappingTest, AStageMapsAnEventWithoutSubStatusAndRefinesInTransitOther) {
    const std::pair<const char*, Expect> table[] = {
        {"InfoReceived", {S::kInfoReceived, "label_created", false}},
        {"PickedUp", {S::kPickedUp, "picked_up", true}},
        {"Departure", {S::kInTransit, "departed_facility", true}},
        {"Arrival", {S::kInTransit, "arrived_facility", true}},
        {"AvailableForPickup", {S::kAvailableForPickup, "at_point", true}},
        {"OutForDelivery", {S::kOutForDelivery, "out_for_delivery", true}},
        {"Delivered", {S::kDelivered, "delivered", true}},
        {"Returning", {S::kReturning, "initiated", true, true}},
        {"Returned", {S::kReturned, "other", true, true}},
    };
    for (const auto& [stage, expect] : table) {
        sdk::Event e = event("", stage);
        check(e, expect, stage);
        EXPECT_EQ(e.code, stage);
    }
    check(event("InTransit_Other", "Arrival"), {S::kInTransit, "arrived_facility", true}, "Other+Arrival");
    check(event("InTransit_Other", "Departure"), {S::kInTransit, "departed_facility", true},
          "Other+Departure");
    // A sub-status that says more than the stage keeps its own meaning.
    check(event("Exception_Lost", "Arrival"), {S::kException, "lost", true}, "Lost+Arrival");
}

TEST_F(Track17CodeMappingTest, AnUnknownSubStatusIsUnknownKeepsItsCodeAndWarns) {
    auto r = normalize_one("InTransit_Teleported", "Wormhole");
    ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
    ASSERT_EQ(r.shipment.events.size(), 1u);
    check(r.shipment.events[0], {S::kUnknown, "other", false}, "unknown");
    EXPECT_EQ(r.shipment.events[0].code, "InTransit_Teleported");
    ASSERT_EQ(r.shipment.warnings.size(), 1u);
    EXPECT_NE(r.shipment.warnings[0].find("InTransit_Teleported"), std::string::npos);
}

TEST_F(Track17CodeMappingTest, TheAggregatorClaimsNoNumberByFormat) {
    EXPECT_TRUE(plugin_->detect("1Z999AA10123456784").empty());
    EXPECT_TRUE(plugin_->detect("RR123456789CN").empty());
}

}  // namespace
}  // namespace unstuck::test
