// The J&T scan nodes, one by one, and bad documents, through the plugin's normalize().

#include <gtest/gtest.h>

#include <algorithm>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using S = sdk::TrackingStatus;
using Kind = sdk::TrackResult::Kind;

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("jnt") {}

    sdk::TrackResult trace(const std::string& details) {
        return plugin_->normalize(
            R"({"code": 1, "msg": "success", "data": [{"billCode": "630002864925", "details": [)" + details +
                "]}]}",
            {});
    }

    // One scan of that code in a trace response.
    sdk::Event scan(const std::string& code) {
        auto r = trace(R"({"scanTime": "2024-07-16 10:00:00", "desc": "scan", "scanTypeCode": ")" + code +
                       R"(", "scanNetworkCity": "Klang"})");
        EXPECT_EQ(r.kind, Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << code;
            return {};
        }
        return r.shipment.events[0];
    }
};

TEST_F(CodeMappingTest, EveryScanNode) {
    struct Row {
        const char* code;
        Expect x;
    };
    const Row rows[] = {
        {"10", {S::kPickedUp, "picked_up", true}},
        {"20", {S::kInTransit, "departed_facility", true}},
        {"30", {S::kInTransit, "arrived_facility", true}},
        {"94", {S::kOutForDelivery, "out_for_delivery", true}},
        {"100", {S::kDelivered, "delivered", true}},
        {"110", {S::kException, "other", true}},
        {"172", {S::kReturning, "initiated", true, true}},
        {"173", {S::kReturned, "other", true, true}},
        {"200", {S::kDelivered, "collected", true}},
        {"300", {S::kException, "damaged", true}},
        {"301", {S::kException, "lost", true}},
        {"302", {S::kException, "disposed", true}},
        {"303", {S::kException, "rejected_by_carrier", true}},
        {"304", {S::kException, "customs_hold", true}},
        {"305", {S::kException, "other", true}},
        {"306", {S::kException, "disposed", true}},
        {"401", {S::kUnknown, "other", false}},
    };
    for (const Row& row : rows) check(scan(row.code), row.x, row.code);
}

TEST_F(CodeMappingTest, AnUnknownCodeKeepsItsCodeAndWarns) {
    auto r = trace(R"({"scanTime": "2024-07-16 10:00:00", "scanTypeCode": 999, "scanTypeName": "New node"})");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    ASSERT_EQ(r.shipment.events.size(), 1u);
    EXPECT_EQ(r.shipment.events[0].code, "999");
    EXPECT_EQ(r.shipment.events[0].description, "New node");
    ASSERT_EQ(r.shipment.warnings.size(), 1u);
    EXPECT_NE(r.shipment.warnings[0].find("999"), std::string::npos);
}

TEST_F(CodeMappingTest, ScanTimesAreMalaysianUnlessTheScanGivesItsZone) {
    auto r = trace(R"({"scanTime": "2024-07-16 10:00:00", "scanTypeCode": "30"},
                      {"scanTime": "2024-07-16 12:00:00", "scanTypeCode": "20", "timeZone": "GMT+07:00"},
                      {"scanTime": "2024-07-16 14:00:00", "scanTypeCode": "30", "timeZone": "Asia/Jakarta"},
                      {"scanTime": "2024-07-16 16:00:00", "scanTypeCode": "20", "timeZone": "UTC+9"},
                      {"scanTime": "2024-07-16 18:00:00", "scanTypeCode": "30", "timeZone": "Mars/Olympus"})");
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    ASSERT_EQ(r.shipment.events.size(), 5u);
    const char* expected[] = {"2024-07-16T02:00:00Z", "2024-07-16T05:00:00Z", "2024-07-16T07:00:00Z",
                              "2024-07-16T07:00:00Z", "2024-07-16T10:00:00Z"};
    // An unknown zone name falls back to the tenant's zone (UTC+8).
    std::vector<std::string> got;
    for (const auto& e : r.shipment.events) got.push_back(sdk::format_utc(e.at));
    std::sort(got.begin(), got.end());
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(got[i], expected[i]) << i;
}

TEST_F(CodeMappingTest, TheTenantCountryDecidesTheZone) {
    auto host = make_host(R"("jnt": {"country": "th"})", "", "");
    ASSERT_TRUE(host);
    auto p = carrier(*host, "jnt");
    ASSERT_TRUE(p);
    auto r = p->normalize(
        R"({"code": "1", "data": [{"billCode": "1", "details": [{"scanTime": "2024-07-16 10:00:00", "scanTypeCode": "10"}]}]})",
        {});
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    ASSERT_EQ(r.shipment.events.size(), 1u);
    EXPECT_EQ(sdk::format_utc(r.shipment.events[0].at), "2024-07-16T03:00:00Z");
    EXPECT_EQ(r.shipment.events[0].location.country, "TH");
}

TEST_F(CodeMappingTest, ErrorCodesAndBadDocuments) {
    struct Row {
        const char* doc;
        Kind kind;
        const char* says;
    };
    const Row rows[] = {
        {R"({"code": "145003030", "msg": "headers signature verification failed"})", Kind::kPermanent,
         "private_key"},
        {R"({"code": 145003010, "msg": "API account does not exist"})", Kind::kPermanent, "api_account"},
        {R"({"code": "0", "msg": "fail"})", Kind::kPermanent, "code 0: fail"},
        {R"({"code": 1, "msg": "success", "data": []})", Kind::kNotFound, "no bill"},
        {R"({"code": 1, "msg": "success", "data": null})", Kind::kNotFound, "no bill"},
        {R"({"code": 1, "msg": "success", "data": [{"billCode": "630002864925", "details": []}]})",
         Kind::kNotFound, "no scans"},
        {R"({"code": 1, "data": "text"})", Kind::kPermanent, "neither a list"},
        {R"({"msg": "success"})", Kind::kPermanent, "no \"code\""},
        {R"([1, 2])", Kind::kPermanent, "not a JSON object"},
        {R"({"code": 1, "data": [)", Kind::kPermanent, "malformed JSON"},
    };
    for (const Row& row : rows) {
        auto r = plugin_->normalize(row.doc, {});
        EXPECT_EQ(r.kind, row.kind) << row.doc << ": " << r.message;
        EXPECT_NE(r.message.find(row.says), std::string::npos) << row.doc << ": " << r.message;
    }
}

TEST_F(CodeMappingTest, TheBillOfTheNumberAskedForIsKept) {
    sdk::TrackContext context;
    context.tracking_number = "630000000002";
    auto r = plugin_->normalize(R"({"code": 1, "data": [
        {"billCode": "630000000001", "details": [{"scanTime": "2024-07-16 10:00:00", "scanTypeCode": "100"}]},
        {"billCode": "630000000002", "details": [{"scanTime": "2024-07-16 10:00:00", "scanTypeCode": "94"}]}]})",
                                context);
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(r.shipment.tracking_number, "630000000002");
    EXPECT_EQ(r.shipment.status, S::kOutForDelivery);
}

}  // namespace
}  // namespace unstuck::test
