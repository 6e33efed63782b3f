// The Ninja Van events, one by one, the return leg, and bad documents, through the plugin's normalize();
// and fetch, which has nothing to ask.

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using S = sdk::TrackingStatus;
using Kind = sdk::TrackResult::Kind;

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("ninjavan") {}

    // One webhook body with that event.
    sdk::Event event(const std::string& name, const std::string& extra = "") {
        auto r = plugin_->normalize(
            R"({"tracking_id": "NVMYSHOPX000123456", "timestamp": "2024-07-16T10:00:00+0800",
                                        "status": "", "event": ")" +
                name + "\"" + extra + "}",
            {});
        EXPECT_EQ(r.kind, Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << name;
            return {};
        }
        return r.shipment.events[0];
    }
};

TEST_F(CodeMappingTest, EveryEvent) {
    struct Row {
        const char* name;
        Expect x;
    };
    const Row rows[] = {
        {"Pending Pickup", {S::kInfoReceived, "label_created", false}},
        {"Picked Up, In Transit to Origin Hub", {S::kPickedUp, "picked_up", true}},
        {"In Transit to Origin Hub", {S::kPickedUp, "picked_up", true}},
        {"Arrived at Origin Hub", {S::kInTransit, "arrived_facility", true}},
        {"Arrived at Transit Hub", {S::kInTransit, "arrived_facility", true}},
        {"Arrived at Destination Hub", {S::kInTransit, "arrived_facility", true}},
        {"In Transit to Next Sorting Hub", {S::kInTransit, "departed_facility", true}},
        {"On Vehicle for Delivery", {S::kOutForDelivery, "out_for_delivery", true}},
        {"Arrived at Distribution Point", {S::kAvailableForPickup, "at_point", true}},
        {"Delivered, Received by Customer", {S::kDelivered, "delivered", true}},
        {"Delivered, Left at Doorstep", {S::kDelivered, "safe_place", true}},
        {"Delivered, Collected by Customer", {S::kDelivered, "collected", true}},
        {"Delivery Exception, Pending Reschedule", {S::kAttemptFailed, "other", true}},
        {"Delivery Exception, Max Attempts Reached", {S::kReturning, "undeliverable", true, true}},
        {"Delivery Exception, Return to Sender Initiated", {S::kReturning, "initiated", true, true}},
        {"Delivery Exception, Parcel Lost", {S::kException, "lost", true}},
        {"Delivery Exception, Parcel Damaged", {S::kException, "damaged", true}},
        {"Returned to Sender", {S::kReturned, "other", true, true}},
        {"Cancelled", {S::kCancelled, "other", false}},
        {"Parcel Measurements Update", {S::kInTransit, "info_only", false}},
        {"Parcel Size Update", {S::kInTransit, "info_only", false}},
        {"Parcel Weight Update", {S::kInTransit, "info_only", false}},
        {"delivered, received by customer", {S::kDelivered, "delivered", true}},
        {"Picked Up, By Driver", {S::kPickedUp, "picked_up", true}},
        {"Delivered, At Locker", {S::kDelivered, "delivered", true}},
        {"Delivery Exception, Address Not Found", {S::kAttemptFailed, "other", true}},
        {"Pickup Exception, Max Attempts Reached", {S::kInfoReceived, "pickup_failed", false}},
        {"Parcel on Hold", {S::kUnknown, "other", false}},
    };
    for (const Row& row : rows) check(event(row.name), row.x, row.name);
}

TEST_F(CodeMappingTest, StatusStandsInForAMissingEvent) {
    auto r = plugin_->normalize(
        R"({"tracking_id": "NVMYSHOPX000123456", "timestamp": "2024-07-16T10:00:00+08:00", "status": "Cancelled"})",
        {});
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.status, S::kCancelled);
    EXPECT_EQ(r.shipment.events[0].code, "Cancelled");
}

TEST_F(CodeMappingTest, ADeliveryLeftInASafePlaceSaysSo) {
    check(
        event("Delivered, Received by Customer", R"(, "delivery_information": {"left_in_safe_place": true})"),
        {S::kDelivered, "safe_place", true}, "left in safe place");
}

TEST_F(CodeMappingTest, ADeliveryOnTheReturnLegIsReturnedAndHasNoProof) {
    auto e = event("Delivered, Received by Customer",
                   R"(, "is_parcel_on_rts_leg": true,
                      "delivery_information": {"proof": {"signed_by": {"name": "Shop staff"}}})");
    check(e, {S::kReturned, "other", true, true}, "delivered on the return leg");
    auto r = plugin_->normalize(R"({"tracking_id": "NVMYSHOPX000123456", "timestamp": "2024-07-16T10:00:00Z",
        "event": "Delivered, Received by Customer", "is_parcel_on_rts_leg": true,
        "delivery_information": {"proof": {"signed_by": {"name": "Shop staff"}}}})",
                                {});
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.status, S::kReturned);
    EXPECT_FALSE(r.shipment.delivered_at.has_value());
    EXPECT_FALSE(r.shipment.proof_of_delivery.has_value());
}

TEST_F(CodeMappingTest, TimestampsWithTheirOffsetInEitherForm) {
    for (const char* ts : {"2024-07-16T10:00:00+0800", "2024-07-16T10:00:00+08:00", "2024-07-16T02:00:00Z",
                           "2024-07-16T10:00:00.000+0800", "2024-07-16T10:00:00"}) {
        auto r = plugin_->normalize(R"({"tracking_id": "NVMYSHOPX000123456", "event": "Arrived at Origin Hub",
                                        "timestamp": ")" +
                                        std::string(ts) + "\"}",
                                    {});
        ASSERT_EQ(r.kind, Kind::kOk) << ts << ": " << r.message;
        ASSERT_EQ(r.shipment.events.size(), 1u) << ts;
        EXPECT_EQ(sdk::format_utc(r.shipment.events[0].at), "2024-07-16T02:00:00Z") << ts;
    }
}

TEST_F(CodeMappingTest, BadDocuments) {
    struct Row {
        const char* doc;
        Kind kind;
        const char* says;
    };
    const Row rows[] = {
        {"[]", Kind::kNotFound, "no webhook body"},
        {R"("text")", Kind::kPermanent, "neither a webhook body"},
        {R"([{"tracking_id": "NVMYSHOPX000123456", "event": "Cancelled", "timestamp": "2024-07-16T10:00:00Z"}, 3])",
         Kind::kPermanent, "[1]: not an object"},
        {R"({"event": "Cancelled", "timestamp": "2024-07-16T10:00:00Z"})", Kind::kPermanent,
         "no tracking_id"},
        {R"({"tracking_id": "NV)", Kind::kPermanent, "malformed JSON"},
    };
    for (const Row& row : rows) {
        auto r = plugin_->normalize(row.doc, {});
        EXPECT_EQ(r.kind, row.kind) << row.doc << ": " << r.message;
        EXPECT_NE(r.message.find(row.says), std::string::npos) << row.doc << ": " << r.message;
    }
}

TEST_F(CodeMappingTest, FetchIsPermanentBecauseStatusArrivesOnlyByWebhook) {
    sdk::TrackContext context;
    context.tracking_number = "NVMYSHOPX000123456";
    auto r = plugin_->fetch(context);
    EXPECT_EQ(r.kind, Kind::kPermanent);
    EXPECT_NE(r.message.find("webhook"), std::string::npos) << r.message;
}

}  // namespace
}  // namespace unstuck::test
