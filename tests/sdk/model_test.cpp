#include <gtest/gtest.h>

#include "unstuck/sdk/model_json.hpp"

namespace unstuck::sdk {
namespace {

Event event(const char* at, TrackingStatus status, const char* code, bool physical = true) {
    Event e;
    e.at = *parse_timestamp(at);
    e.status = status;
    e.code = code;
    e.physical_scan = physical;
    e.location.city = "Louisville";
    return e;
}

TEST(FinalizeShipment, SortsDeduplicatesAndDerivesStatus) {
    Shipment s;
    s.events = {event("2024-07-16T10:00:00Z", TrackingStatus::kInTransit, "I1"),
                event("2024-07-15T13:12:00Z", TrackingStatus::kPickedUp, "038"),
                event("2024-07-16T10:00:00Z", TrackingStatus::kInTransit, "I1"),
                event("2024-07-17T10:00:00Z", TrackingStatus::kException, "X1", false)};
    finalize_shipment(s);
    ASSERT_EQ(s.events.size(), 3u);
    EXPECT_EQ(s.events[0].code, "038");
    EXPECT_EQ(s.events[1].code, "I1");
    EXPECT_EQ(s.warnings, std::vector<std::string>{"event 2: duplicate of event 1 dropped"});
    // The latest physical event sets the status; the informational exception does not.
    EXPECT_EQ(s.status, TrackingStatus::kInTransit);
    EXPECT_FALSE(s.delivered_at);
}

TEST(FinalizeShipment, MarksTheReturnLegAndTurnsItsDeliveryIntoReturned) {
    Shipment s;
    s.events = {event("2024-07-15T13:00:00Z", TrackingStatus::kPickedUp, "P"),
                event("2024-07-16T13:00:00Z", TrackingStatus::kAttemptFailed, "A"),
                event("2024-07-17T13:00:00Z", TrackingStatus::kReturning, "R"),
                event("2024-07-18T13:00:00Z", TrackingStatus::kInTransit, "T"),
                event("2024-07-19T13:00:00Z", TrackingStatus::kDelivered, "D")};
    s.events[2].return_leg = true;
    finalize_shipment(s);
    EXPECT_FALSE(s.events[1].return_leg);
    EXPECT_TRUE(s.events[3].return_leg);
    EXPECT_EQ(s.events[4].status, TrackingStatus::kReturned);
    EXPECT_EQ(s.status, TrackingStatus::kReturned);
    EXPECT_FALSE(s.delivered_at);  // a delivery back to the sender is no delivery
}

TEST(FinalizeShipment, WhileOnTheReturnLegTheShipmentIsReturning) {
    Shipment s;
    s.events = {event("2024-07-15T13:00:00Z", TrackingStatus::kDelivered, "D"),
                event("2024-07-17T13:00:00Z", TrackingStatus::kInTransit, "T")};
    s.events[1].return_leg = true;
    finalize_shipment(s);
    EXPECT_EQ(s.status, TrackingStatus::kReturning);
    EXPECT_EQ(format_utc(*s.delivered_at), "2024-07-15T13:00:00Z");
}

TEST(ModelJson, RoundTripsAShipment) {
    Shipment s;
    s.carrier = "ups";
    s.tracking_number = "1Z023E2X0214323462";
    s.proof_of_delivery = ProofOfDelivery{"signature", "J SMITH", ""};
    s.events = {event("2024-07-15T13:12:00Z", TrackingStatus::kPickedUp, "038"),
                event("2024-07-16T13:12:00Z", TrackingStatus::kDelivered, "011")};
    s.events[0].local_time = "2024-07-15T09:12:00";
    s.events[0].utc_offset = "-04:00";
    s.events[0].substatus = "picked_up";
    s.events[1].description = "Delivered \"front door\"\n";
    finalize_shipment(s);
    auto json = to_json(s);
    auto back = shipment_from_json(json);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, s);
    EXPECT_NE(json.find(R"("description":"Delivered \"front door\"\n")"), std::string::npos) << json;
}

TEST(ModelJson, ErrorsNameTheField) {
    EXPECT_EQ(shipment_from_json(R"({"events":[{"at":"2024-07-15T09:12:00","status":"PICKED_UP"}]})")
                  .error()
                  .message,
              R"(events[0].at: no UTC offset in "2024-07-15T09:12:00")");
    EXPECT_EQ(
        shipment_from_json(R"({"events":[{"at":"2024-07-15T09:12:00Z","status":"LOST"}]})").error().message,
        R"(events[0].status: "LOST" is not a status of the model)");
    EXPECT_EQ(shipment_from_json(
                  R"({"events":[{"at":"2024-07-15T09:12:00Z","status":"PICKED_UP","substatus":"signed"}]})")
                  .error()
                  .message,
              R"(events[0].substatus: "signed" is not a substatus of PICKED_UP)");
    EXPECT_EQ(shipment_from_json("{\"events\": [").error().message.rfind("malformed JSON", 0), 0u);
}

TEST(JsonWriter, EscapesControlCharactersAndPlacesCommas) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().field("a", "x\x01y").key("b").begin_array().value(1).value(true).null().end_array();
    w.field("c", 2.5).end_object();
    EXPECT_EQ(out, R"({"a":"x\u0001y","b":[1,true,null],"c":2.5})");
}

}  // namespace
}  // namespace unstuck::sdk
