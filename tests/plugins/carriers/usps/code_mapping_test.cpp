// The USPS code table through the loaded plugin: every documented code maps to a valid substatus, unknown
// codes are kept and reported, and the carrier's text never overrides its code.
#include <gtest/gtest.h>

#include <cstdio>

#include "support/one_carrier_test.hpp"
#include "support/ups_usps_host.hpp"

namespace unstuck::test::ups_usps {
namespace {

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("usps") {}

    static std::string usps_doc(const std::string& code, const std::string& description) {
        return R"({"trackingNumber":"9400111899223197428497","trackingEvents":[{"eventType":")" +
               description +
               R"(","eventTimestamp":"2024-11-22T13:58:00","GMTTimestamp":"2024-11-22T18:58:40Z","GMTOffset":"-05:00",
            "eventCity":"HERNANDO","eventState":"FL","eventZIP":"34442","eventCode":")" +
               code + R"("}]})";
    }

    std::shared_ptr<sdk::CarrierPlugin>& usps_ = plugin_;
};

TEST_F(CodeMappingTest, UspsCodes) {
    using S = sdk::TrackingStatus;
    struct Case {
        const char* code;
        S status;
        const char* substatus;
        bool physical;
        bool return_leg;
    };
    for (Case c : {Case{"01", S::kDelivered, "delivered", true, false},
                   Case{"17", S::kDelivered, "collected", true, false},
                   Case{"02", S::kAttemptFailed, "recipient_unavailable", true, false},
                   Case{"30", S::kAttemptFailed, "no_access", true, false},
                   Case{"51", S::kAttemptFailed, "business_closed", true, false},
                   Case{"03", S::kPickedUp, "picked_up", true, false},
                   Case{"80", S::kPickedUp, "picked_up", true, false},
                   Case{"MA", S::kInfoReceived, "label_created", false, false},
                   Case{"TL", S::kInTransit, "info_only", false, false},
                   Case{"OF", S::kOutForDelivery, "out_for_delivery", true, false},
                   Case{"16", S::kAvailableForPickup, "at_point", true, false},
                   Case{"04", S::kReturning, "refused", true, true},
                   Case{"27", S::kReturning, "unclaimed", true, true},
                   Case{"21", S::kReturning, "undeliverable", true, true}}) {
        auto r = usps_->normalize(usps_doc(c.code, "Delivered"), {});
        ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << c.code << ": " << r.message;
        const auto& e = r.shipment.events.at(0);
        EXPECT_EQ(e.status, c.status) << c.code;
        EXPECT_EQ(e.substatus, c.substatus) << c.code;
        EXPECT_EQ(e.physical_scan, c.physical) << c.code;
        EXPECT_EQ(e.return_leg, c.return_leg) << c.code;
        EXPECT_TRUE(r.shipment.warnings.empty()) << c.code;
    }
    auto r = usps_->normalize(usps_doc("Q7", "Delivered"), {});
    ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk);
    EXPECT_EQ(r.shipment.events.at(0).status, S::kUnknown);
    EXPECT_EQ(r.shipment.events.at(0).code, "Q7");
    EXPECT_EQ(r.shipment.warnings.size(), 1u);
}

TEST_F(CodeMappingTest, BadDocumentsAreTypedNeverThrown) {
    for (const char* doc : {"", "null", "42", "{", R"({"error": {"code": 401, "message": "bad"}})"}) {
        auto r = usps_->normalize(doc, {});
        EXPECT_NE(r.kind, sdk::TrackResult::Kind::kOk) << doc;
        EXPECT_FALSE(r.message.empty()) << doc;
    }
}

}  // namespace
}  // namespace unstuck::test::ups_usps
