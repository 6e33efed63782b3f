// The DHL status codes and word rules, event by event, through the plugin's normalize().

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using sdk::TrackingStatus;
using S = TrackingStatus;

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("dhl") {}

    // One DHL event in a Shipment Tracking - Unified document.
    sdk::Event dhl_event(const std::string& status_code, const std::string& description,
                         bool located = true) {
        std::string location =
            located ? R"("location": {"address": {"countryCode": "DE", "addressLocality": "Bonn"}}, )" : "";
        std::string doc =
            R"({"shipments": [{"id": "4817293051", "service": "express", "events": [{"timestamp":
            "2024-03-14T05:12:00", )" +
            location + R"("statusCode": ")" + status_code + R"(", "status": "", "description": ")" +
            description + R"("}]}]})";
        auto r = dhl_->normalize(doc, {});
        EXPECT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << description;
            return {};
        }
        return r.shipment.events[0];
    }

    std::shared_ptr<sdk::CarrierPlugin>& dhl_ = plugin_;
};

TEST_F(CodeMappingTest, DhlStatusCodesWithoutRefiningWords) {
    check(dhl_event("pre-transit", "Shipment data received"), {S::kInfoReceived, "label_created", false},
          "pre");
    check(dhl_event("transit", "Shipment in progress"), {S::kInTransit, "other", true}, "transit");
    check(dhl_event("transit", "Shipment in progress", false), {S::kInTransit, "info_only", false},
          "transit without place");
    check(dhl_event("delivered", "Delivered"), {S::kDelivered, "delivered", true}, "delivered");
    check(dhl_event("failure", "Problem with the shipment"), {S::kException, "other", true}, "failure");
    check(dhl_event("unknown", "Status not available"), {S::kUnknown, "other", false}, "unknown");
    check(dhl_event("on-hold", "Item held"), {S::kUnknown, "other", false}, "a code outside the list");
}

// Every word of docs/carriers.md, in a sentence of the kind DHL writes, with the mapping it must give.
TEST_F(CodeMappingTest, DhlWordsRefineTheStatusCode) {
    struct Row {
        const char* code;
        const char* text;
        Expect x;
    };
    const Row rows[] = {
        {"pre-transit", "Pickup failed, courier will return", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "The pickup was not successful", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "The shipment could not be picked up", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "Pickup unsuccessful", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "Pickup scheduled for tomorrow", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "A pickup has been scheduled", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pickup requested by the sender", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pickup arranged", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pick-up failed", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "Pick-up was not successful", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "Pick-up unsuccessful", {S::kInfoReceived, "pickup_failed", false}},
        {"pre-transit", "Pick-up scheduled", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pick-up has been scheduled", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pick-up requested", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pick-up arranged", {S::kInfoReceived, "pickup_scheduled", false}},
        {"pre-transit", "Pick-up was successful", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "The shipment has been picked up", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "The pickup was successful", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "Collected from the sender", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "Accepted at the post office", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "Received from sender", {S::kPickedUp, "picked_up", true}},
        {"pre-transit", "Dropped off by the sender", {S::kPickedUp, "dropped_off", true}},
        {"pre-transit", "Drop-off at a Packstation", {S::kPickedUp, "dropped_off", true}},
        {"pre-transit", "Handed in at the retail outlet", {S::kPickedUp, "dropped_off", true}},
        {"pre-transit", "Drop off at DHL ServicePoint", {S::kPickedUp, "dropped_off", true}},
        {"pre-transit", "Shipment posted by the sender", {S::kPickedUp, "dropped_off", true}},

        {"transit", "Returned to sender", {S::kReturning, "initiated", true, true}},
        {"transit", "Return to sender requested", {S::kReturning, "initiated", true, true}},
        {"transit", "Returned to shipper", {S::kReturning, "initiated", true, true}},
        {"transit", "Return to shipper", {S::kReturning, "initiated", true, true}},
        {"transit", "The shipment is being returned", {S::kReturning, "initiated", true, true}},
        {"transit", "Returning to sender", {S::kReturning, "initiated", true, true}},
        {"transit", "Will be delivered to sender", {S::kReturning, "initiated", true, true}},
        {"transit", "To be delivered back to the shipper", {S::kReturning, "initiated", true, true}},
        {"transit", "Return shipment in progress", {S::kReturning, "initiated", true, true}},
        {"transit", "The shipment will be returned to the sender", {S::kReturning, "initiated", true, true}},
        {"transit", "Return to the sender", {S::kReturning, "initiated", true, true}},
        {"transit", "Returned to the shipper", {S::kReturning, "initiated", true, true}},
        {"transit", "Return to the shipper", {S::kReturning, "initiated", true, true}},
        {"transit", "Delivery refused", {S::kAttemptFailed, "other", true}},
        {"transit", "Refused by recipient, return to sender", {S::kReturning, "refused", true, true}},
        {"transit",
         "The shipment has been posted by the sender at the retail outlet",
         {S::kPickedUp, "dropped_off", true}},
        {"transit", "The shipment has been posted at the PACKSTATION", {S::kPickedUp, "dropped_off", true}},
        {"transit", "The shipment was posted at a Parcelshop", {S::kPickedUp, "dropped_off", true}},
        {"transit", "Shipment posted at a DHL ServicePoint", {S::kPickedUp, "dropped_off", true}},
        {"transit", "Drop off at a DHL ServicePoint", {S::kPickedUp, "dropped_off", true}},
        {"transit",
         "Shipment handed over by the sender at a DHL Packstation",
         {S::kPickedUp, "dropped_off", true}},
        {"transit", "Deposited by the shipper at a service point", {S::kPickedUp, "dropped_off", true}},
        {"transit", "Pick-up was successful", {S::kPickedUp, "picked_up", true}},
        {"transit", "Ready for pick-up at the PACKSTATION", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Available for pick-up", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Out for delivery", {S::kOutForDelivery, "out_for_delivery", true}},
        {"transit", "With delivery courier", {S::kOutForDelivery, "out_for_delivery", true}},
        {"transit",
         "The shipment has been loaded onto the delivery vehicle",
         {S::kOutForDelivery, "out_for_delivery", true}},
        {"transit", "Shipment is on the delivery vehicle", {S::kOutForDelivery, "out_for_delivery", true}},
        {"transit", "Shipment picked up", {S::kPickedUp, "picked_up", true}},
        {"transit", "The pickup was successful", {S::kPickedUp, "picked_up", true}},
        {"transit", "Collected from sender", {S::kPickedUp, "picked_up", true}},
        {"transit", "Accepted at the parcel center", {S::kPickedUp, "picked_up", true}},
        {"transit", "Received from sender", {S::kPickedUp, "picked_up", true}},
        {"transit", "Dropped off at a DHL location", {S::kPickedUp, "dropped_off", true}},
        {"transit", "Drop-off recorded", {S::kPickedUp, "dropped_off", true}},
        {"transit",
         "The shipment has been handed in at the retail outlet",
         {S::kPickedUp, "dropped_off", true}},
        {"transit", "Ready for pickup at the branch", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Available for pickup", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Ready for collection", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Awaiting collection by the recipient", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Delivered to the ParcelShop", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "The shipment is in the Packstation", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "At the service point", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Placed in a parcel locker", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "At the retail outlet", {S::kAvailableForPickup, "at_point", true}},
        {"transit", "Cleared customs", {S::kInTransit, "customs_released", true}},
        {"transit", "Customs cleared", {S::kInTransit, "customs_released", true}},
        {"transit", "Clearance complete", {S::kInTransit, "customs_released", true}},
        {"transit",
         "Clearance processing complete at CINCINNATI HUB",
         {S::kInTransit, "customs_released", true}},
        {"transit", "Released by customs", {S::kInTransit, "customs_released", true}},
        {"transit", "Customs clearance completed", {S::kInTransit, "customs_released", true}},
        {"transit", "Customs status updated", {S::kInTransit, "customs_processing", true}},
        {"transit", "Clearance event", {S::kInTransit, "customs_processing", true}},
        {"transit", "Adverse weather conditions", {S::kException, "weather", true}},
        {"transit", "Flight delayed", {S::kException, "delayed", true}},
        {"transit",
         "Arrived in the destination country",
         {S::kInTransit, "arrived_destination_country", true}},
        {"transit", "Arrived at Sort Facility LEIPZIG", {S::kInTransit, "arrived_facility", true}},
        {"transit", "Arrival at the hub", {S::kInTransit, "arrived_facility", true}},
        {"transit", "Departed Facility in LEIPZIG", {S::kInTransit, "departed_facility", true}},
        {"transit", "Departure from the hub", {S::kInTransit, "departed_facility", true}},
        {"transit", "The shipment has left the parcel center", {S::kInTransit, "departed_facility", true}},
        {"transit", "Processed at LEIPZIG", {S::kInTransit, "processed", true}},
        {"transit", "Sorted at the hub", {S::kInTransit, "processed", true}},
        {"transit", "Sorting completed", {S::kInTransit, "processed", true}},
        {"transit", "Forwarded to the new address", {S::kInTransit, "forwarded", true}},
        {"transit", "Redirected on the recipient's request", {S::kInTransit, "forwarded", true}},
        {"transit", "Rerouted", {S::kInTransit, "forwarded", true}},
        {"transit", "Handed over to the partner carrier", {S::kInTransit, "handed_to_last_mile", true}},
        {"transit", "Transferred to USPS", {S::kInTransit, "handed_to_last_mile", true}},

        {"delivered", "Returned to sender", {S::kReturned, "other", true, true}},
        {"delivered", "Delivered to sender", {S::kReturned, "other", true, true}},
        {"delivered", "Delivered back to the shipper", {S::kReturned, "other", true, true}},
        {"delivered", "Delivered to a neighbour", {S::kDelivered, "neighbour", true}},
        {"delivered", "Delivered to neighbor", {S::kDelivered, "neighbour", true}},
        {"delivered", "Delivered to the Packstation", {S::kDelivered, "locker", true}},
        {"delivered", "Delivered to a parcel locker", {S::kDelivered, "locker", true}},
        {"delivered", "Delivered to the parcel box", {S::kDelivered, "locker", true}},
        {"delivered", "Picked up by the recipient", {S::kDelivered, "collected", true}},
        {"delivered", "Collected at the retail outlet", {S::kDelivered, "collected", true}},
        {"delivered", "Delivered - Signed for by: L. Becker", {S::kDelivered, "signed", true}},
        {"delivered", "Delivered, signature obtained", {S::kDelivered, "signed", true}},
        {"delivered", "Left in a safe place", {S::kDelivered, "safe_place", true}},
        {"delivered", "Delivered to the mailbox", {S::kDelivered, "safe_place", true}},
        {"delivered", "Delivered through the letterbox", {S::kDelivered, "safe_place", true}},
        {"delivered", "Left at the back porch", {S::kDelivered, "safe_place", true}},
        {"delivered", "Delivered at the front door", {S::kDelivered, "safe_place", true}},

        // A refusal is the failed attempt; RETURNING/refused only where the text states the return as well.
        {"failure", "Delivery refused by recipient", {S::kAttemptFailed, "other", true}},
        {"failure", "The recipient has refused to accept the shipment", {S::kAttemptFailed, "other", true}},
        {"failure", "Refusal of acceptance", {S::kAttemptFailed, "other", true}},
        {"failure", "Rejected by recipient", {S::kAttemptFailed, "other", true}},
        {"failure", "Rejected by the recipient", {S::kAttemptFailed, "other", true}},
        {"failure", "Declined by recipient", {S::kAttemptFailed, "other", true}},
        {"failure", "Declined by the recipient", {S::kAttemptFailed, "other", true}},
        {"failure", "The shipment was not accepted by the recipient", {S::kAttemptFailed, "other", true}},
        {"failure",
         "The recipient has refused to accept the shipment. The shipment will be returned to the sender.",
         {S::kReturning, "refused", true, true}},
        {"failure", "Delivery refused, returned to shipper", {S::kReturning, "refused", true, true}},
        {"failure", "The shipment is being returned", {S::kReturning, "initiated", true, true}},
        {"failure", "Business closed", {S::kAttemptFailed, "business_closed", true}},
        {"failure", "Company closed for holidays", {S::kAttemptFailed, "business_closed", true}},
        {"failure", "Shop closed", {S::kAttemptFailed, "business_closed", true}},
        {"failure", "The recipient was not at home", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure", "Recipient not available", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure", "Recipient absent", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure",
         "Nobody there to receive the shipment",
         {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure", "No one answered the door", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure", "Recipient not present", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"failure", "No access to the building", {S::kAttemptFailed, "no_access", true}},
        {"failure", "The courier could not access the property", {S::kAttemptFailed, "no_access", true}},
        {"failure", "Access restricted area", {S::kAttemptFailed, "no_access", true}},
        {"failure", "Delivery attempt failed: address unknown", {S::kAttemptFailed, "address_issue", true}},
        {"failure", "A signature is required", {S::kAttemptFailed, "signature_required", true}},
        {"failure", "Delivery attempt made", {S::kAttemptFailed, "other", true}},
        {"failure", "The shipment could not be delivered", {S::kAttemptFailed, "other", true}},
        {"failure", "Unsuccessful delivery", {S::kAttemptFailed, "other", true}},
        {"failure", "Item not delivered", {S::kAttemptFailed, "other", true}},
        {"failure", "Delivery failed", {S::kAttemptFailed, "other", true}},
        {"failure", "Shipment damaged", {S::kException, "damaged", true}},
        {"failure", "Export documents incomplete", {S::kException, "documents_missing", true}},
        {"failure", "Paperwork incomplete", {S::kException, "documents_missing", true}},
        {"failure", "Commercial invoice required", {S::kException, "documents_missing", true}},
        {"failure", "Shipment lost", {S::kException, "lost", true}},
        {"failure", "Item missing", {S::kException, "lost", true}},
        {"failure", "Held by customs", {S::kException, "customs_hold", true}},
        {"failure", "Clearance delay", {S::kException, "customs_hold", true}},
        {"failure", "Awaiting payment", {S::kException, "held_for_payment", true}},
        {"failure", "Duties unpaid", {S::kException, "held_for_payment", true}},
        {"failure", "Import duty outstanding", {S::kException, "held_for_payment", true}},
        {"failure", "Outstanding charges", {S::kException, "held_for_payment", true}},
        {"failure", "Item disposed", {S::kException, "disposed", true}},
        {"failure", "Item destroyed", {S::kException, "disposed", true}},
        {"failure", "Unclaimed item", {S::kException, "unclaimed", true}},
        {"failure", "Item not collected by the recipient", {S::kException, "unclaimed", true}},
        {"failure", "Severe weather", {S::kException, "weather", true}},
        {"failure", "Operational delay", {S::kException, "delayed", true}},
        {"failure", "Address incorrect", {S::kException, "address_incorrect", true}},
        {"failure", "Shipment held at the facility", {S::kException, "held", true}},
        {"failure", "Shipment on hold", {S::kException, "held", true}},
    };
    for (const Row& row : rows)
        check(dhl_event(row.code, row.text), row.x, std::string(row.code) + ": " + row.text);
}

TEST_F(CodeMappingTest, DhlWordsMatchRegardlessOfCaseAndInTheStatusText) {
    check(dhl_event("transit", "OUT FOR DELIVERY"), {S::kOutForDelivery, "out_for_delivery", true}, "upper");
    // The short status text is searched as well as the description.
    std::string doc = R"({"shipments": [{"id": "1", "events": [{"timestamp": "2024-03-14T05:12:00",
        "location": {"address": {"countryCode": "DE"}}, "statusCode": "transit", "status": "WITH DELIVERY COURIER",
        "description": ""}]}]})";
    auto r = dhl_->normalize(doc, {});
    ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
    ASSERT_EQ(r.shipment.events.size(), 1u);
    EXPECT_EQ(r.shipment.events[0].status, S::kOutForDelivery);
    EXPECT_EQ(r.shipment.events[0].description, "WITH DELIVERY COURIER");
}

TEST_F(CodeMappingTest, DhlWordsMatchOnlyAtTheStartOfAWord) {
    // "closed" inside "disclosed", "hold" inside "household", "lost" inside "ghostly": none of them a word
    // here.
    check(dhl_event("failure", "Details disclosed to the household, ghostly silence"),
          {S::kException, "other", true}, "inside words");
    // Words may end inside a longer one: "delay" in "delayed", "damage" in "damaged".
    check(dhl_event("failure", "Damaged in transit"), {S::kException, "damaged", true}, "damaged");
    check(dhl_event("transit", "(Delayed) flight"), {S::kException, "delayed", true}, "after punctuation");
}

}  // namespace
}  // namespace unstuck::test
