// Bad input gets one line naming the field path (policy.md section 1); good input reads as written.
#include <gtest/gtest.h>

#include <regex>

#include "policy_test_support.hpp"

namespace unstuck::test {
namespace {

const char* kValid = R"({"order_id": "O1", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM",
  "platform_status": "AWAITING_COLLECTION", "platform_updated_at": "2024-07-15T16:02:11Z",
  "packages": [
    {"package_id": "P1", "tracking_number": "T1", "carrier": "ups",
     "events": [
       {"at": "2024-07-15T09:12:00-04:00", "status": "PICKED_UP", "code": "038", "description": "Picked up"},
       {"at": "2024-07-15T10:00:00-04:00", "status": "INFO_RECEIVED"},
       {"at": "2024-07-15T11:00:00-04:00", "status": "IN_TRANSIT", "physical_scan": false},
       {"at": "2024-07-15T12:00:00-04:00", "status": "IN_TRANSIT", "return_leg": true}]}],
  "tickets": [{"code": "pick_up_issues.picked_up_not_updated", "status": "OPEN", "created_at": "2024-07-16T18:00:00Z"}],
  "buyer_confirmed_receipt": {"at": "2024-07-19T08:00:00Z", "evidence": ["chat/buyer.png"]},
  "now": "2024-07-16T20:00:00Z"})";

std::string error_of(const std::string& json) {
    core::OrderReader reader;
    auto c = reader.read(json);
    return c ? "ok" : c.error().message;
}

TEST(OrderReader, ReadsTheFieldsAndTheModelDefaults) {
    auto c = read_case(kValid);
    EXPECT_EQ(c.order_id, "O1");
    EXPECT_EQ(c.marketplace, "tiktok-shop");
    EXPECT_EQ(c.platform_status, core::PlatformStatus::kAwaitingCollection);
    ASSERT_EQ(c.packages.size(), 1u);
    const auto& events = c.packages[0].events;
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(sdk::format_utc(events[0].at), "2024-07-15T13:12:00Z");
    EXPECT_TRUE(events[0].physical_scan);
    EXPECT_FALSE(events[1].physical_scan);  // INFO_RECEIVED defaults to informational
    EXPECT_FALSE(events[2].physical_scan);
    EXPECT_TRUE(events[3].return_leg);
    EXPECT_FALSE(events[0].return_leg);
    ASSERT_EQ(c.tickets.size(), 1u);
    EXPECT_EQ(c.tickets[0].status, core::TicketStatus::kOpen);
    ASSERT_TRUE(c.buyer_confirmed_receipt.has_value());
    EXPECT_EQ(c.buyer_confirmed_receipt->evidence, std::vector<std::string>{"chat/buyer.png"});
    EXPECT_EQ(sdk::format_utc(*c.now), "2024-07-16T20:00:00Z");
}

TEST(OrderReader, ReusesTheCaseBetweenReads) {
    core::OrderReader reader;
    core::OrderCase c;
    ASSERT_TRUE(reader.read(kValid, c).ok());
    std::string smaller = R"({"order_id": "O2", "region": "GB", "shipping_type": "SELLER",
        "platform_status": "IN_TRANSIT", "packages": [{"tracking_number": "T9"}]})";
    ASSERT_TRUE(reader.read(smaller, c).ok());
    EXPECT_EQ(c.order_id, "O2");
    EXPECT_TRUE(c.shop_id.empty());
    EXPECT_FALSE(c.platform_updated_at.has_value());
    EXPECT_TRUE(c.tickets.empty());
    EXPECT_FALSE(c.buyer_confirmed_receipt.has_value());
    EXPECT_FALSE(c.now.has_value());
    ASSERT_EQ(c.packages.size(), 1u);
    EXPECT_TRUE(c.packages[0].events.empty());
    EXPECT_TRUE(c.packages[0].package_id.empty());
    EXPECT_EQ(c.packages[0].ref(), "T9");
}

TEST(OrderReader, RawPayloadIsKeptForTheCarrierPlugin) {
    auto c = read_case(R"({"order_id": "O1", "region": "US", "shipping_type": "PLATFORM",
        "platform_status": "IN_TRANSIT", "packages": [
          {"tracking_number": "1Z", "raw": {"carrier": "ups", "payload": {"trackResponse": {"shipment": [ ]}}}},
          {"tracking_number": "9400", "raw": {"carrier": "usps", "payload": "<xml/>"}}]})");
    ASSERT_TRUE(c.packages[0].raw.has_value());
    EXPECT_EQ(c.packages[0].raw->carrier, "ups");
    EXPECT_EQ(c.packages[0].carrier, "ups");
    EXPECT_EQ(c.packages[0].raw->payload, R"({"trackResponse":{"shipment":[]}})");
    EXPECT_EQ(c.packages[1].raw->payload, "<xml/>");
}

struct BadInput {
    const char* name;
    std::string from;  // regex, replaced once in kValid
    std::string to;
    std::string error;
};

class OrderErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(OrderErrors, OneLineNamingTheField) {
    const BadInput& b = GetParam();
    std::string json = std::regex_replace(std::string(kValid), std::regex(b.from), b.to,
                                          std::regex_constants::format_first_only);
    ASSERT_NE(json, kValid) << "mutation did not apply: " << b.from;
    std::string error = error_of(json);
    EXPECT_EQ(error, b.error) << b.name;
    EXPECT_EQ(error.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Section1, OrderErrors,
    ::testing::Values(
        BadInput{"missing order id", "\"order_id\": \"O1\", ", "", "order_id: missing"},
        BadInput{"null order id", "\"order_id\": \"O1\"", "\"order_id\": null", "order_id: missing"},
        BadInput{"empty order id", "\"order_id\": \"O1\"", "\"order_id\": \"\"",
                 "order_id: must not be empty"},
        BadInput{"order id a number", "\"order_id\": \"O1\"", "\"order_id\": 576859029223086481",
                 "order_id: expected a string"},
        BadInput{"missing region", "\"region\": \"US\", ", "", "region: missing"},
        BadInput{"missing shipping type", "\"shipping_type\": \"PLATFORM\",\\s*", "",
                 "shipping_type: missing"},
        BadInput{"bad shipping type", "\"PLATFORM\"", "\"MARKETPLACE\"",
                 "shipping_type: \"MARKETPLACE\" is not PLATFORM or SELLER"},
        BadInput{"missing platform status", "\"platform_status\": \"AWAITING_COLLECTION\",", "",
                 "platform_status: missing"},
        BadInput{"unknown platform status", "\"AWAITING_COLLECTION\"", "\"SHIPPED\"",
                 "platform_status: \"SHIPPED\" is not a platform status (UNPAID, ON_HOLD, AWAITING_SHIPMENT, "
                 "AWAITING_COLLECTION, PARTIALLY_SHIPPING, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED)"},
        BadInput{
            "package platform status", "\"carrier\": \"ups\"",
            "\"carrier\": \"ups\", \"platform_status\": \"LOST\"",
            "packages[0].platform_status: \"LOST\" is not a platform status (UNPAID, ON_HOLD, "
            "AWAITING_SHIPMENT, AWAITING_COLLECTION, PARTIALLY_SHIPPING, IN_TRANSIT, DELIVERED, COMPLETED, "
            "CANCELLED)"},
        BadInput{"timestamp without offset", "2024-07-15T12:00:00-04:00", "2024-07-15T09:12:00",
                 "packages[0].events[3].at: no UTC offset in \"2024-07-15T09:12:00\""},
        BadInput{"event time not a timestamp", "2024-07-15T10:00:00-04:00", "yesterday",
                 "packages[0].events[1].at: not an ISO 8601 timestamp: \"yesterday\""},
        BadInput{"event without time", "\"at\": \"2024-07-15T11:00:00-04:00\", ", "",
                 "packages[0].events[2].at: missing or not a string"},
        BadInput{"event status outside the model", "\"status\": \"INFO_RECEIVED\"",
                 "\"status\": \"LABEL_PRINTED\"",
                 "packages[0].events[1].status: \"LABEL_PRINTED\" is not a status of the model"},
        BadInput{"substatus of another status", "\"code\": \"038\"",
                 "\"substatus\": \"signed\", \"code\": \"038\"",
                 "packages[0].events[0].substatus: \"signed\" is not a substatus of PICKED_UP"},
        BadInput{"physical scan not a bool", "\"physical_scan\": false", "\"physical_scan\": \"no\"",
                 "packages[0].events[2].physical_scan: expected true or false"},
        BadInput{"order platform update without offset", "2024-07-15T16:02:11Z", "2024-07-15T16:02:11",
                 "platform_updated_at: no UTC offset in \"2024-07-15T16:02:11\""},
        BadInput{"now without offset", "\"now\": \"2024-07-16T20:00:00Z\"", "\"now\": \"2024-07-16 20:00\"",
                 "now: no UTC offset in \"2024-07-16 20:00\""},
        BadInput{"no packages", "\"packages\": \\[[\\s\\S]*\\]\\}\\]\\,", "\"packages\": [],",
                 "packages: needs at least one package"},
        BadInput{"packages not an array", "\"packages\": \\[[\\s\\S]*\\]\\}\\]\\,", "\"packages\": {},",
                 "packages: expected an array"},
        BadInput{"package without id", "\"package_id\": \"P1\", \"tracking_number\": \"T1\", ", "",
                 "packages[0]: needs package_id or tracking_number"},
        BadInput{"events and raw", "\"carrier\": \"ups\"", "\"raw\": {\"carrier\": \"ups\", \"payload\": {}}",
                 "packages[0]: give either events or raw, not both"},
        BadInput{"raw without carrier", "\"events\": \\[[\\s\\S]*\\]\\}\\]", "\"raw\": {\"payload\": {}}}]",
                 "packages[0].raw.carrier: missing"},
        BadInput{"unknown ticket status", "\"status\": \"OPEN\"", "\"status\": \"NEW\"",
                 "tickets[0].status: \"NEW\" is not a ticket status (OPEN, PENDING, SOLVED, CLOSED)"},
        BadInput{"ticket without code", "\"code\": \"pick_up_issues.picked_up_not_updated\", ", "",
                 "tickets[0].code: missing"},
        BadInput{"ticket created without offset", "2024-07-16T18:00:00Z", "2024-07-16T18:00:00",
                 "tickets[0].created_at: no UTC offset in \"2024-07-16T18:00:00\""},
        BadInput{"buyer confirmation without time", "\"at\": \"2024-07-19T08:00:00Z\", ", "",
                 "buyer_confirmed_receipt.at: missing"},
        BadInput{"buyer evidence not strings", "\\[\"chat/buyer.png\"\\]", "[\"a.png\", 3]",
                 "buyer_confirmed_receipt.evidence[1]: expected a string"},
        BadInput{
            "malformed JSON", "\"now\"", "now",
            "malformed JSON: The JSON document has an improper structure: missing or superfluous commas, "
            "braces, missing keys, etc."},
        BadInput{"not an object", "^\\{", "[{",
                 "malformed JSON: The JSON document has an improper structure: "
                 "missing or superfluous commas, braces, missing keys, etc."}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

TEST(OrderErrors, TopLevelValueMustBeAnObject) {
    EXPECT_EQ(error_of("[1, 2]"), "expected a JSON object");
    EXPECT_EQ(error_of("\"order\""), "expected a JSON object");
    EXPECT_EQ(error_of(""), "malformed JSON: Empty: no JSON found");
}

}  // namespace
}  // namespace unstuck::test
