// Evidence as JSON, written one way for a decision's entries and a dispute request's facts: the same members
// in both, and evidence without the event or proof its kind names is written without it instead of read.
#include <gtest/gtest.h>

#include "policy/evidence_json.hpp"
#include "unstuck/core/disputes/dispute_request.hpp"
#include "unstuck/core/policy/decision_writer.hpp"
#include "unstuck/core/policy/policy.hpp"

namespace unstuck::core {
namespace {

sdk::Timestamp at(const char* text) {
    return *sdk::parse_timestamp(text);
}

Evidence evidence(EvidenceKind kind) {
    Evidence ev;
    ev.kind = kind;
    ev.package = "p1";
    return ev;
}

// The decision's JSON for one dispute carrying `items`.
std::string decision_json(std::vector<Evidence> items, const Policy& policy) {
    Decision d;
    d.order_id = "576859029223086481";
    d.policy = &policy;
    Dispute dispute;
    dispute.key = "tiktok-shop::576859029223086481:pick_up_issues.picked_up_not_updated";
    dispute.packages = {"p1"};
    dispute.evidence = std::move(items);
    d.disputes.push_back(std::move(dispute));
    return to_json(d);
}

TEST(EvidenceJson, EvidenceWithoutItsEventOrProofIsWrittenWithoutIt) {
    Policy policy;
    std::string json = decision_json(
        {evidence(EvidenceKind::kCarrierPickupEvent), evidence(EvidenceKind::kCarrierDeliveryEvent),
         evidence(EvidenceKind::kProofOfDelivery)},
        policy);
    EXPECT_NE(json.find(R"("evidence":[{"kind":"carrier_pickup_event","package_id":"p1"},)"
                        R"({"kind":"carrier_delivery_event","package_id":"p1"},)"
                        R"({"kind":"proof_of_delivery","package_id":"p1"}])"),
              std::string::npos)
        << json;

    EXPECT_EQ(to_fact(evidence(EvidenceKind::kCarrierPickupEvent)).value, R"({"package_id":"p1"})");
    EXPECT_EQ(to_fact(evidence(EvidenceKind::kProofOfDelivery)).value, R"({"package_id":"p1"})");
}

TEST(EvidenceJson, ADecisionEntryIsItsFactWithTheKindInFront) {
    Evidence pickup = evidence(EvidenceKind::kCarrierPickupEvent);
    pickup.events = {{at("2024-07-15T13:12:00Z"), sdk::TrackingStatus::kPickedUp, "PU", "Picked up"}};
    Evidence proof = evidence(EvidenceKind::kProofOfDelivery);
    proof.proof = sdk::ProofOfDelivery{"signature", "J SMITH", ""};
    Evidence history = evidence(EvidenceKind::kTrackingHistory);
    history.events = {{at("2024-07-15T13:12:00.25Z"), sdk::TrackingStatus::kPickedUp, "", "Picked up"},
                      {at("2024-07-16T01:00:00Z"), sdk::TrackingStatus::kInTransit, "DP", ""}};
    Evidence buyer = evidence(EvidenceKind::kBuyerConfirmation);
    buyer.package.clear();
    buyer.at = at("2024-07-17T08:00:00Z");
    buyer.files = {"chat.png"};
    Evidence last = evidence(EvidenceKind::kLastUpdate);
    last.at = at("2024-07-18T09:30:00Z");

    Policy policy;
    for (const Evidence& ev : {pickup, proof, history, buyer, last}) {
        std::string fact = to_fact(ev).value;
        ASSERT_FALSE(fact.empty());
        std::string entry = R"({"kind":")" + std::string(to_string(ev.kind)) + "\"" +
                            (fact == "{}" ? "}" : "," + fact.substr(1));
        std::string json = decision_json({ev}, policy);
        EXPECT_NE(json.find(entry), std::string::npos) << entry << "\nnot in\n" << json;
    }
    EXPECT_EQ(
        to_fact(history).value,
        R"({"package_id":"p1","events":[)"
        R"({"at":"2024-07-15T13:12:00.25Z","status":"PICKED_UP","code":null,"description":"Picked up"},)"
        R"({"at":"2024-07-16T01:00:00Z","status":"IN_TRANSIT","code":"DP","description":null}]})");
    EXPECT_EQ(to_fact(proof).value,
              R"({"package_id":"p1","proof":{"kind":"signature","received_by":"J SMITH","url":null}})");
}

TEST(EvidenceJson, MembersTakeTheTimeWriterTheyAreGiven) {
    Evidence last = evidence(EvidenceKind::kLastUpdate);
    last.at = at("2024-07-18T09:30:00Z");
    std::string out;
    sdk::JsonWriter w(out);
    w.begin_object();
    write_evidence_members(
        w, last, [](sdk::JsonWriter& jw, std::string_view key, sdk::Timestamp) { jw.field(key, "T"); });
    w.end_object();
    EXPECT_EQ(out, R"({"package_id":"p1","at":"T"})");
}

}  // namespace
}  // namespace unstuck::core
