// The FedEx code table, event by event, through the plugin's normalize().

#include <gtest/gtest.h>

#include "support/carrier_checks.hpp"
#include "support/one_carrier_test.hpp"

namespace unstuck::test {
namespace {

using sdk::TrackingStatus;
using S = TrackingStatus;

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("fedex") {}

    // One FedEx scan in a Track API document.
    sdk::Event fedex_event(const std::string& event_type, const std::string& exception_code = "",
                           const std::string& delay_type = "", bool located = true,
                           const std::string& derived = "") {
        std::string location =
            located ? R"({"city": "MEMPHIS", "stateOrProvinceCode": "TN", "countryCode": "US"})"
                    : R"({"residential": false})";
        std::string doc = R"({"output": {"completeTrackResults": [{"trackingNumber": "273648192050",
            "trackResults": [{"trackingNumberInfo": {"trackingNumber": "273648192050"}, "scanEvents": [
            {"date": "2024-03-14T05:12:00-05:00", "eventType": ")" +
                          event_type + R"(", "derivedStatusCode": ")" + derived +
                          R"(", "eventDescription": "text", "exceptionCode": ")" + exception_code +
                          R"(", "delayDetail": {"type": ")" + delay_type + R"("}, "scanLocation": )" +
                          location + "}]}]}]}}";
        auto r = fedex_->normalize(doc, {});
        EXPECT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        if (r.shipment.events.size() != 1) {
            ADD_FAILURE() << "expected one event for " << event_type;
            return {};
        }
        return r.shipment.events[0];
    }

    std::shared_ptr<sdk::CarrierPlugin>& fedex_ = plugin_;
};

TEST_F(CodeMappingTest, FedexScanCodes) {
    const std::pair<const char*, Expect> table[] = {
        {"OC", {S::kInfoReceived, "label_created", false}},
        {"AP", {S::kInfoReceived, "pickup_scheduled", false}},
        {"DS", {S::kInfoReceived, "pickup_scheduled", false}},
        {"EP", {S::kInfoReceived, "pickup_scheduled", false}},
        {"PU", {S::kPickedUp, "picked_up", true}},
        {"PX", {S::kPickedUp, "picked_up", true}},
        {"AA", {S::kInTransit, "arrived_facility", true}},
        {"AF", {S::kInTransit, "arrived_facility", true}},
        {"AR", {S::kInTransit, "arrived_facility", true}},
        {"FD", {S::kInTransit, "arrived_facility", true}},
        {"OF", {S::kInTransit, "arrived_facility", true}},
        {"PL", {S::kInTransit, "arrived_facility", true}},
        {"DP", {S::kInTransit, "departed_facility", true}},
        {"LO", {S::kInTransit, "departed_facility", true}},
        {"SF", {S::kInTransit, "processed", true}},
        {"IT", {S::kInTransit, "other", true}},
        {"IX", {S::kInTransit, "other", true}},
        {"EA", {S::kInTransit, "other", true}},
        {"EO", {S::kInTransit, "other", true}},
        {"TR", {S::kInTransit, "other", true}},
        {"CP", {S::kInTransit, "customs_processing", true}},
        {"CC", {S::kInTransit, "customs_released", true}},
        {"AC", {S::kInTransit, "handed_to_last_mile", true}},
        {"AX", {S::kInTransit, "handed_to_last_mile", true}},
        {"CH", {S::kInTransit, "forwarded", false}},
        {"OX", {S::kInTransit, "info_only", false}},
        {"AO", {S::kInTransit, "info_only", false}},
        {"AE", {S::kInTransit, "info_only", false}},
        {"RL", {S::kInTransit, "info_only", false}},
        {"PF", {S::kInTransit, "info_only", false}},
        {"PM", {S::kInTransit, "info_only", false}},
        {"SP", {S::kInTransit, "info_only", false}},
        {"OD", {S::kOutForDelivery, "out_for_delivery", true}},
        {"AD", {S::kOutForDelivery, "out_for_delivery", true}},
        {"ED", {S::kOutForDelivery, "out_for_delivery", true}},
        {"HL", {S::kAvailableForPickup, "at_point", true}},
        {"HP", {S::kAvailableForPickup, "at_point", true}},
        {"DE", {S::kException, "other", true}},
        {"SE", {S::kException, "other", true}},
        {"CD", {S::kException, "customs_hold", true}},
        {"DY", {S::kException, "delayed", true}},
        {"DD", {S::kException, "delayed", true}},
        {"PD", {S::kException, "delayed", true}},
        {"DL", {S::kDelivered, "delivered", true}},
        {"RS", {S::kReturning, "initiated", true, true}},
        {"CA", {S::kCancelled, "other", false}},
        {"ZZ", {S::kUnknown, "other", false}},
    };
    for (const auto& [code, x] : table) check(fedex_event(code), x, code);
}

TEST_F(CodeMappingTest, FedexDeliveryExceptionsAreSplitByExceptionCode) {
    const std::pair<const char*, Expect> table[] = {
        {"03", {S::kAttemptFailed, "address_issue", true}},
        {"A12", {S::kAttemptFailed, "address_issue", true}},
        {"A13", {S::kAttemptFailed, "address_issue", true}},
        {"07", {S::kAttemptFailed, "other", true}},
        {"08", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"8", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"015", {S::kAttemptFailed, "recipient_unavailable", true}},
        {"017", {S::kAttemptFailed, "rescheduled", true}},
        {"099", {S::kException, "other", true}},
        {"", {S::kException, "other", true}},
    };
    for (const auto& [code, x] : table) check(fedex_event("DE", code), x, std::string("DE ") + code);
    // An exception code on another scan changes nothing.
    check(fedex_event("SE", "08"), {S::kException, "other", true}, "SE 08");
}

TEST_F(CodeMappingTest, FedexDelaysAreRefinedByTheirDelayType) {
    check(fedex_event("DY", "", "WEATHER"), {S::kException, "weather", true}, "DY WEATHER");
    check(fedex_event("DD", "", "OPERATIONAL"), {S::kException, "processing_delay", true}, "DD OPERATIONAL");
    check(fedex_event("SE", "", "CLEARANCE"), {S::kException, "customs_hold", true}, "SE CLEARANCE");
    check(fedex_event("DY", "", "LOCAL"), {S::kException, "delayed", true}, "DY LOCAL");
    check(fedex_event("DE", "", "WEATHER"), {S::kException, "weather", true}, "DE WEATHER");
    check(fedex_event("AR", "", "WEATHER"), {S::kInTransit, "arrived_facility", true}, "AR WEATHER");
}

TEST_F(CodeMappingTest, FedexInTransitWithoutAPlaceIsInformationOnly) {
    check(fedex_event("IT", "", "", false), {S::kInTransit, "info_only", false}, "IT without place");
    check(fedex_event("AR", "", "", false), {S::kInTransit, "arrived_facility", true}, "AR without place");
}

TEST_F(CodeMappingTest, FedexDerivedCodeIsUsedWhenTheEventTypeIsUnknown) {
    auto e = fedex_event("Q9", "", "", true, "IT");
    check(e, {S::kInTransit, "other", true}, "Q9/IT");
    EXPECT_EQ(e.code, "Q9");  // the carrier's own code stays
    check(fedex_event("", "", "", true, "DL"), {S::kDelivered, "delivered", true}, "empty/DL");
}

}  // namespace
}  // namespace unstuck::test
