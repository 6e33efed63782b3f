// The AfterShip tag and subtag tables, checkpoint by checkpoint, through the plugin's normalize().

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using S = sdk::TrackingStatus;

class AftershipCodeMappingTest : public OneCarrierTest {
  protected:
    AftershipCodeMappingTest() : OneCarrierTest("aftership") {}

    sdk::TrackResult normalize_one(const std::string& tag, const std::string& subtag, bool located = true) {
        std::string place = located ? R"("city": "ATLANTA", "state": "GA", "country_region": "USA")"
                                    : R"("country_region": "USA")";
        std::string doc = R"({"meta": {"code": 200}, "data": {"trackings": [{"tracking_number": "N1",
            "slug": "ups", "tag": "InTransit", "origin_country_region": "USA", "checkpoints": [
            {"checkpoint_time": "2024-07-15T09:12:00-04:00", "tag": ")" +
                          tag + R"(", "subtag": ")" + subtag + R"(", "message": "text", "raw_tag": "RT", )" +
                          place + "}]}]}}";
        return plugin_->normalize(doc, {});
    }

    sdk::Event event(const std::string& tag, const std::string& subtag, bool located = true) {
        auto r = normalize_one(tag, subtag, located);
        EXPECT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << subtag;
            return {};
        }
        return r.shipment.events[0];
    }
};

TEST_F(AftershipCodeMappingTest, EverySubtag) {
    const std::pair<const char*, Expect> table[] = {
        {"Pending_001", {S::kUnknown, "other", false}},
        {"Pending_002", {S::kUnknown, "other", false}},
        {"Pending_003", {S::kUnknown, "other", false}},
        {"Pending_004", {S::kUnknown, "other", false}},
        {"Pending_005", {S::kUnknown, "other", false}},
        {"Pending_006", {S::kUnknown, "other", false}},
        {"InfoReceived_001", {S::kInfoReceived, "label_created", false}},
        {"InTransit_001", {S::kInTransit, "other", true}},
        {"InTransit_002", {S::kPickedUp, "picked_up", true}},
        {"InTransit_003", {S::kInTransit, "arrived_facility", true}},
        {"InTransit_004", {S::kInTransit, "arrived_destination_country", true}},
        {"InTransit_005", {S::kInTransit, "customs_released", true}},
        {"InTransit_006", {S::kInTransit, "customs_processing", true}},
        {"InTransit_007", {S::kInTransit, "departed_facility", true}},
        {"InTransit_008", {S::kInTransit, "other", true}},
        {"InTransit_009", {S::kInTransit, "forwarded", false}},
        {"OutForDelivery_001", {S::kOutForDelivery, "out_for_delivery", true}},
        {"OutForDelivery_003", {S::kOutForDelivery, "customer_contacted", false}},
        {"OutForDelivery_004", {S::kOutForDelivery, "appointment", false}},
        {"AttemptFail_001", {S::kAttemptFailed, "other", true}},
        {"AttemptFail_002", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"AttemptFail_003", {S::kAttemptFailed, "business_closed", true}},
        {"Delivered_001", {S::kDelivered, "delivered", true}},
        {"Delivered_002", {S::kDelivered, "collected", true}},
        {"Delivered_003", {S::kDelivered, "signed", true}},
        {"Delivered_004", {S::kDelivered, "cod_collected", true}},
        {"Delivered_005", {S::kDelivered, "neighbour", true}},
        {"AvailableForPickup_001", {S::kAvailableForPickup, "at_point", true}},
        {"Exception_001", {S::kException, "other", true}},
        {"Exception_002", {S::kException, "address_incorrect", true}},
        {"Exception_003", {S::kAttemptFailed, "other", true}},
        {"Exception_004", {S::kException, "customs_hold", true}},
        {"Exception_005", {S::kException, "delayed", true}},
        {"Exception_006", {S::kException, "held_for_payment", true}},
        {"Exception_007", {S::kException, "address_incorrect", true}},
        {"Exception_008", {S::kException, "unclaimed", true}},
        {"Exception_009", {S::kException, "rejected_by_carrier", true}},
        {"Exception_010", {S::kReturning, "initiated", true, true}},
        {"Exception_011", {S::kReturned, "other", true, true}},
        {"Exception_012", {S::kException, "damaged", true}},
        {"Exception_013", {S::kException, "lost", true}},
        {"Exception_016", {S::kException, "processing_delay", true}},
        {"Exception_017", {S::kException, "weather", true}},
        {"Exception_018", {S::kException, "documents_missing", true}},
        {"Exception_019", {S::kException, "late_flight", true}},
        {"Exception_020", {S::kCancelled, "other", false}},
        {"Exception_021", {S::kException, "disposed", true}},
        {"Expired_001", {S::kExpired, "other", false}},
    };
    for (const auto& [subtag, expect] : table) {
        std::string tag(subtag);
        tag = tag.substr(0, tag.find('_'));
        sdk::Event e = event(tag, subtag);
        check(e, expect, subtag);
        EXPECT_EQ(e.code, subtag);
        EXPECT_EQ(e.description, "text");
    }
}

TEST_F(AftershipCodeMappingTest, ATagWithoutSubtagReadsAsItsFirstSubtag) {
    const std::pair<const char*, Expect> table[] = {
        {"InfoReceived", {S::kInfoReceived, "label_created", false}},
        {"InTransit", {S::kInTransit, "other", true}},
        {"OutForDelivery", {S::kOutForDelivery, "out_for_delivery", true}},
        {"AttemptFail", {S::kAttemptFailed, "other", true}},
        {"Delivered", {S::kDelivered, "delivered", true}},
        {"AvailableForPickup", {S::kAvailableForPickup, "at_point", true}},
        {"Exception", {S::kException, "other", true}},
        {"Expired", {S::kExpired, "other", false}},
    };
    for (const auto& [tag, expect] : table) {
        sdk::Event e = event(tag, "");
        check(e, expect, tag);
        EXPECT_EQ(e.code, tag);
    }
}

TEST_F(AftershipCodeMappingTest, OnTheWayWithoutAPlaceIsInformationOnly) {
    check(event("InTransit", "InTransit_001", false), {S::kInTransit, "info_only", false}, "unplaced");
    check(event("InTransit", "InTransit_003", false), {S::kInTransit, "arrived_facility", true}, "arrival");
}

TEST_F(AftershipCodeMappingTest, SubtagsOfUnsettledMeaningAreUnknownKeepTheirCodeAndWarn) {
    for (const char* subtag : {"Exception_014", "Exception_015", "OutForDelivery_002", "Delivered_999"}) {
        auto r = normalize_one("Exception", subtag);
        ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        ASSERT_EQ(r.shipment.events.size(), 1u);
        check(r.shipment.events[0], {S::kUnknown, "other", false}, subtag);
        EXPECT_EQ(r.shipment.events[0].code, subtag);
        EXPECT_EQ(r.shipment.events[0].description, "text");
        ASSERT_EQ(r.shipment.warnings.size(), 1u) << subtag;
        EXPECT_NE(r.shipment.warnings[0].find(subtag), std::string::npos);
        EXPECT_NE(r.shipment.warnings[0].find("\"RT\""), std::string::npos);  // the courier's own code
    }
}

}  // namespace
}  // namespace unstuck::test
