// The UPS code table through the loaded plugin: every documented code maps to a valid substatus, unknown
// codes are kept and reported, and the carrier's text never overrides its code.
#include <gtest/gtest.h>

#include <cstdio>

#include "support/one_carrier_test.hpp"
#include "support/ups_usps_host.hpp"

namespace unstuck::test::ups_usps {
namespace {

class CodeMappingTest : public OneCarrierTest {
  protected:
    CodeMappingTest() : OneCarrierTest("ups") {}

    static std::string ups_doc(const std::string& type, const std::string& code,
                               const std::string& status_code, const std::string& description) {
        return R"({"trackResponse":{"shipment":[{"inquiryNumber":"1ZA81V440104567821","package":[{
            "trackingNumber":"1ZA81V440104567821","activity":[{"location":{"address":{"city":"Atlanta",
            "stateProvince":"GA","postalCode":"30336","countryCode":"US"}},"status":{"type":")" +
               type + R"(","code":")" + code + R"(","statusCode":")" + status_code + R"(","description":")" +
               description +
               R"("},"date":"20240715","time":"175500","gmtDate":"20240715","gmtTime":"21:55:00",
            "gmtOffset":"-04:00"}]}]}]}})";
    }

    std::shared_ptr<sdk::CarrierPlugin>& ups_ = plugin_;
};

TEST_F(CodeMappingTest, EveryUpsStatusCodeMapsToAValidSubstatus) {
    int known = 0;
    for (int code = 1; code <= 170; ++code) {
        char sc[8];
        std::snprintf(sc, sizeof sc, "%03d", code);
        auto r = ups_->normalize(ups_doc("I", "ZZ", sc, "text"), {});
        ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << sc << ": " << r.message;
        ASSERT_EQ(r.shipment.events.size(), 1u);
        const auto& e = r.shipment.events[0];
        EXPECT_TRUE(sdk::is_valid_substatus(e.status, e.substatus)) << sc << " " << e.substatus;
        EXPECT_EQ(e.code, sc);
        bool warned = !r.shipment.warnings.empty();
        if (!warned) ++known;
    }
    EXPECT_GE(known, 150);  // the documented table, minus the codes UPS leaves unused
}

TEST_F(CodeMappingTest, UpsPrecedenceStatusCodeThenActivityCodeThenType) {
    using S = sdk::TrackingStatus;
    auto one = [&](const std::string& type, const std::string& code, const std::string& sc) {
        auto r =
            ups_->normalize(ups_doc(type, code, sc, "Delivered"), {});  // the text says delivered: ignored
        EXPECT_EQ(r.kind, sdk::TrackResult::Kind::kOk) << r.message;
        return r.shipment.events.at(0);
    };
    EXPECT_EQ(one("I", "DP", "038").status, S::kPickedUp);            // specific statusCode wins
    EXPECT_EQ(one("I", "DP", "005").substatus, "departed_facility");  // generic code refined
    EXPECT_EQ(one("I", "OR", "005").status, S::kPickedUp);            // origin scan is the pickup
    EXPECT_EQ(one("I", "OT", "").status, S::kOutForDelivery);
    EXPECT_EQ(one("I", "ZZ", "005").status, S::kInTransit);
    EXPECT_EQ(one("M", "", "").status, S::kInfoReceived);
    EXPECT_FALSE(one("M", "", "").physical_scan);
    EXPECT_EQ(one("MV", "", "").status, S::kCancelled);
    EXPECT_EQ(one("X", "", "").status, S::kException);
    EXPECT_EQ(one("D", "", "").status, S::kDelivered);
    auto ret = one("I", "RS", "035");
    EXPECT_EQ(ret.status, S::kReturning);
    EXPECT_TRUE(ret.return_leg);

    // An unknown statusCode beside a known type: the type decides, the code is kept and reported.
    auto r = ups_->normalize(ups_doc("X", "Q9", "777", "Something new"), {});
    ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk);
    EXPECT_EQ(r.shipment.events.at(0).status, S::kException);
    EXPECT_EQ(r.shipment.events.at(0).code, "777");
    ASSERT_EQ(r.shipment.warnings.size(), 1u);
    EXPECT_NE(r.shipment.warnings[0].find("unknown UPS code"), std::string::npos);

    // Nothing known at all: UNKNOWN/other, never guessed from "Delivered".
    r = ups_->normalize(ups_doc("Q", "Q9", "", "Delivered"), {});
    ASSERT_EQ(r.kind, sdk::TrackResult::Kind::kOk);
    EXPECT_EQ(r.shipment.events.at(0).status, S::kUnknown);
    EXPECT_EQ(r.shipment.events.at(0).description, "Delivered");
}

TEST_F(CodeMappingTest, BadDocumentsAreTypedNeverThrown) {
    for (const char* doc :
         {"", "null", "[]", "42", "{", R"({"trackResponse": 1})", R"({"trackResponse": {}})"}) {
        auto r = ups_->normalize(doc, {});
        EXPECT_NE(r.kind, sdk::TrackResult::Kind::kOk) << doc;
        EXPECT_FALSE(r.message.empty()) << doc;
    }
}

}  // namespace
}  // namespace unstuck::test::ups_usps
