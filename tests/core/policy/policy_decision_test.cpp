// Decisions as a whole: the section 5 example byte for byte, open tickets, several packages, combined orders,
// dispute keys, evidence and explanations.
#include <gtest/gtest.h>

#include "policy_test_support.hpp"

namespace unstuck::test {
namespace {

using core::Action;

const char* kPickupCode = "pick_up_issues.picked_up_not_updated";
const char* kUnmovedCode = "delivery_process_inquiry.unmoved_tracking_event";
const char* kDeliveredCode = "logistic_issue.delivered_not_updated";

// policy.md section 1, verbatim.
const char* kSectionOneCase = R"({
  "order_id": "576859029223086481",
  "shop_id": "7494105515",
  "marketplace": "tiktok-shop",
  "region": "US",
  "shipping_type": "PLATFORM",
  "platform_status": "AWAITING_COLLECTION",
  "platform_updated_at": "2024-07-15T16:02:11Z",
  "promised_delivery_by": "2024-07-22T23:59:59-07:00",
  "packages": [
    {
      "package_id": "1153891868590053777",
      "tracking_number": "1Z023E2X0214323462",
      "carrier": "ups",
      "events": [
        {"at": "2024-07-15T09:12:00-04:00", "status": "PICKED_UP", "substatus": "picked_up",
         "code": "038", "description": "Picked up", "physical_scan": true,
         "location": {"city": "Louisville", "region": "KY", "country": "US", "postal_code": "40213"}}
      ]
    }
  ],
  "now": "2024-07-16T20:00:00Z"
})";

// policy.md section 5, compacted (the pretty-printed example without its insignificant whitespace).
const char* kSectionFiveDecision =
    R"({"order_id":"576859029223086481","action":"FILE_DISPUTE","rule":"platform.picked_up_not_updated",)"
    R"j("dispute":{"code":"pick_up_issues.picked_up_not_updated","path":["Complaints & Dispute (Logistic related)",)j"
    R"("Pick up Issues","Picked up but logistics status not updated"],)"
    R"("key":"tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated",)"
    R"("packages":["1153891868590053777"],"evidence":[{"kind":"order_id","value":"576859029223086481"},)"
    R"({"kind":"carrier_pickup_event","package_id":"1153891868590053777","event":{"at":"2024-07-15T13:12:00Z",)"
    R"("code":"038","description":"Picked up"}}]},"next_check_at":null,)"
    R"("explanation":"UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows )"
    R"(AWAITING_COLLECTION. More than 24 hours after pickup the policy files 'Picked up but logistics status not )"
    R"(updated'.","packages":[{"package_id":"1153891868590053777","action":"FILE_DISPUTE",)"
    R"("rule":"platform.picked_up_not_updated","facts":{"platform_stage":"PRE","carrier_status":"PICKED_UP",)"
    R"("picked_up_at":"2024-07-15T13:12:00Z","last_scan_at":"2024-07-15T13:12:00Z",)"
    R"("last_update_at":"2024-07-15T13:12:00Z"}}],"policy":{"id":"tiktok-shop.logistics-stuck",)"
    R"("version":"2024-07-18"}})";

core::Decision decide_own_now(const std::string& json) {
    auto c = read_case(json);
    core::PolicyEngine engine(shipped_policy());
    auto d = engine.decide(c, *c.now);
    if (!d) throw std::runtime_error(d.error().message);
    return std::move(*d);
}

TEST(Decision, SectionFiveExampleByteForByte) {
    EXPECT_EQ(core::to_json(decide_own_now(kSectionOneCase)), kSectionFiveDecision);
}

TEST(Decision, UnknownFieldsChangeNothing) {
    std::string extra = kSectionOneCase;
    extra.insert(extra.find("\"region\""),
                 R"("_trace": {"x": 1}, "priority": "high", "platform_status_v2": 7, )");
    extra.insert(extra.find("\"carrier\""), R"("weight_kg": 1.5, "_raw_status": "Manifest", )");
    extra.insert(extra.find("\"physical_scan\""), R"("scan_type": "unload", )");
    EXPECT_EQ(core::to_json(decide_own_now(extra)), kSectionFiveDecision);
}

TEST(Decision, NullOptionalFieldsAreAbsent) {
    std::string with_nulls = kSectionOneCase;
    with_nulls.insert(with_nulls.find("\"region\""),
                      R"("buyer_confirmed_receipt": null, "tickets": null, "promised_delivery_by": null, )");
    EXPECT_EQ(core::to_json(decide_own_now(with_nulls)), kSectionFiveDecision);
}

TEST(Decision, SameInputSameBytes) {
    std::string first = core::to_json(decide_own_now(kSectionOneCase));
    for (int i = 0; i < 20; ++i) EXPECT_EQ(core::to_json(decide_own_now(kSectionOneCase)), first);
}

// --- Disputes already open
// -------------------------------------------------------------------------------------

// Pickup on Monday 2024-07-15 13:12Z; at 2024-07-16 20:00Z (Tuesday) P4 files unless a ticket holds it.
Order picked_up_order(std::vector<Tk> tickets = {}) {
    Order o;
    o.packages = {Pkg{"P1", {Ev{"2024-07-15T13:12:00Z", "PICKED_UP"}}}};
    o.tickets = std::move(tickets);
    return o;
}

struct TicketCase {
    const char* name;
    std::vector<Tk> tickets;
    const char* now;
    const char* action;
    const char* rule;
    const char* next_check_at;
    const char* key;  // "" when no dispute
};

class Tickets : public ::testing::TestWithParam<TicketCase> {};

TEST_P(Tickets, OpenSolvedAndClosed) {
    const TicketCase& c = GetParam();
    auto d = decide(picked_up_order(c.tickets), c.now);
    EXPECT_EQ(to_string(d.action), c.action);
    EXPECT_EQ(d.rule.name(), c.rule);
    EXPECT_EQ(next_check(d), c.next_check_at);
    EXPECT_EQ(d.disputes.empty() ? "" : d.disputes.front().key, c.key);
    EXPECT_EQ(to_string(d.packages[0].action), c.action);
}

INSTANTIATE_TEST_SUITE_P(States, Tickets,
                         ::testing::Values(
                             // Young: created Tue 11:00 PDT, answer window to Thu 11:00 PDT.
                             TicketCase{"open young",
                                        {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-18T18:00:01Z",
                                        ""},
                             TicketCase{"pending young",
                                        {{kPickupCode, "PENDING", "2024-07-16T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-18T18:00:01Z",
                                        ""},
                             // Created Fri 10:00 PDT: young until Tue 10:00 PDT inclusive.
                             TicketCase{"open at the end of its window",
                                        {{kPickupCode, "OPEN", "2024-07-12T17:00:00Z"}},
                                        "2024-07-16T17:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-16T17:00:01Z",
                                        ""},
                             TicketCase{"open 1 s past its window",
                                        {{kPickupCode, "OPEN", "2024-07-12T17:00:00Z"}},
                                        "2024-07-16T17:00:01Z",
                                        "CONTACT_SELLER_SUPPORT",
                                        "platform.picked_up_not_updated.ticket_unanswered",
                                        "null",
                                        ""},
                             TicketCase{"pending unanswered",
                                        {{kPickupCode, "PENDING", "2024-07-12T17:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "CONTACT_SELLER_SUPPORT",
                                        "platform.picked_up_not_updated.ticket_unanswered",
                                        "null",
                                        ""},
                             TicketCase{"the youngest ticket sets the next check",
                                        {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z"},
                                         {kPickupCode, "OPEN", "2024-07-15T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-18T18:00:01Z",
                                        ""},
                             TicketCase{"a young ticket beats an unanswered one",
                                        {{kPickupCode, "OPEN", "2024-07-10T18:00:00Z"},
                                         {kPickupCode, "PENDING", "2024-07-16T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-18T18:00:01Z",
                                        ""},
                             TicketCase{"an unanswered ticket beats a solved one",
                                        {{kPickupCode, "SOLVED", "2024-07-16T18:00:00Z"},
                                         {kPickupCode, "OPEN", "2024-07-10T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "CONTACT_SELLER_SUPPORT",
                                        "platform.picked_up_not_updated.ticket_unanswered",
                                        "null",
                                        ""},
                             // Solved or closed after the last scan: nothing new, nothing filed.
                             TicketCase{"solved, nothing new",
                                        {{kPickupCode, "SOLVED", "2024-07-16T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "NONE",
                                        "platform.picked_up_not_updated.already_resolved",
                                        "null",
                                        ""},
                             TicketCase{"closed at the scan's instant is not before it",
                                        {{kPickupCode, "CLOSED", "2024-07-15T13:12:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "NONE",
                                        "platform.picked_up_not_updated.already_resolved",
                                        "null",
                                        ""},
                             // A scan after the ticket is new evidence: file again, second filing.
                             TicketCase{"closed before the scan: file again",
                                        {{kPickupCode, "CLOSED", "2024-07-15T13:11:59Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "FILE_DISPUTE",
                                        "platform.picked_up_not_updated",
                                        "null",
                                        "tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated:2"},
                             TicketCase{"the newest resolved ticket decides, n counts them all",
                                        {{kPickupCode, "SOLVED", "2024-07-10T00:00:00Z"},
                                         {kPickupCode, "CLOSED", "2024-07-14T00:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "FILE_DISPUTE",
                                        "platform.picked_up_not_updated",
                                        "null",
                                        "tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated:3"},
                             TicketCase{"newest resolved after the scan",
                                        {{kPickupCode, "SOLVED", "2024-07-10T00:00:00Z"},
                                         {kPickupCode, "CLOSED", "2024-07-16T00:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "NONE",
                                        "platform.picked_up_not_updated.already_resolved",
                                        "null",
                                        ""},
                             // Other codes and other orders change nothing.
                             TicketCase{"another code",
                                        {{kUnmovedCode, "OPEN", "2024-07-16T18:00:00Z"}},
                                        "2024-07-16T20:00:00Z",
                                        "FILE_DISPUTE",
                                        "platform.picked_up_not_updated",
                                        "null",
                                        "tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated"},
                             TicketCase{"another order",
                                        {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z", "O2"}},
                                        "2024-07-16T20:00:00Z",
                                        "FILE_DISPUTE",
                                        "platform.picked_up_not_updated",
                                        "null",
                                        "tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated"},
                             TicketCase{"this order named",
                                        {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z", "O1"}},
                                        "2024-07-16T20:00:00Z",
                                        "AWAIT_TICKET",
                                        "platform.picked_up_not_updated.awaiting_ticket",
                                        "2024-07-18T18:00:01Z",
                                        ""}),
                         [](const auto& info) {
                             std::string name = info.param.name;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(Tickets, BuyerConfirmationAfterTheTicketIsNewEvidence) {
    Order o;
    o.platform_status = "IN_TRANSIT";
    o.packages = {Pkg{"P1", {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}}};
    o.buyer_confirmed_at = "2024-07-16T08:00:00Z";
    o.tickets = {{kDeliveredCode, "SOLVED", "2024-07-16T07:00:00Z"}};
    auto again = decide(o, "2024-07-16T09:00:00Z");
    EXPECT_EQ(to_string(again.action), "FILE_DISPUTE");
    EXPECT_EQ(again.disputes.at(0).key, "tiktok-shop:S1:O1:logistic_issue.delivered_not_updated:2");
    EXPECT_EQ(
        again.explanation,
        "The buyer confirmed receipt 1 h ago (2024-07-16 08:00 UTC) but the platform still shows IN_TRANSIT. "
        "A 'Delivered but logistics not updated' ticket filed 2024-07-16 07:00 UTC is solved but there is "
        "new "
        "evidence since: the policy files 'Delivered but logistics not updated' again.");

    o.tickets = {{kDeliveredCode, "SOLVED", "2024-07-16T08:30:00Z"}};
    auto done = decide(o, "2024-07-16T09:00:00Z");
    EXPECT_EQ(done.rule.name(), "platform.buyer_confirmed_not_updated.already_resolved");
    EXPECT_EQ(
        done.explanation,
        "The buyer confirmed receipt 1 h ago (2024-07-16 08:00 UTC) but the platform still shows "
        "IN_TRANSIT. A 'Delivered but logistics not updated' ticket filed 2024-07-16 08:30 UTC is solved and "
        "nothing new has happened since, so the policy files nothing more.");
}

TEST(Tickets, SellerShippingIgnoresTickets) {
    Order o = picked_up_order({{kPickupCode, "OPEN", "2024-07-16T18:00:00Z"}});
    o.shipping_type = "SELLER";
    auto d = decide(o, "2024-07-16T20:00:00Z");
    EXPECT_EQ(d.rule.name(), "seller.in_progress");
}

// --- Several packages
// --------------------------------------------------------------------------------------------

Pkg pickup_package(const std::string& id, const std::string& when) {
    return Pkg{id, {Ev{when, "PICKED_UP"}}};
}

Pkg stalled_package(const std::string& id) {
    Pkg p{id, {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}};
    p.platform_status = "IN_TRANSIT";
    return p;
}

TEST(Packages, MostUrgentActionWinsAndEarliestNextCheck) {
    Order o;
    o.packages = {pickup_package("A", "2024-07-16T10:00:00Z"), pickup_package("B", "2024-07-15T13:12:00Z")};
    auto d = decide(o, "2024-07-16T20:00:00Z");
    EXPECT_EQ(d.action, Action::kFileDispute);
    EXPECT_EQ(d.rule.name(), "platform.picked_up_not_updated");
    ASSERT_EQ(d.disputes.size(), 1u);
    EXPECT_EQ(d.disputes[0].packages, std::vector<std::string>{"B"});
    // The order's next check is the earliest of its packages', whatever the order's action.
    EXPECT_EQ(next_check(d), "2024-07-17T10:00:01Z");
    EXPECT_EQ(to_string(d.packages[0].action), "WAIT");
    EXPECT_EQ(d.explanation.rfind("Package B: UPS scanned the pickup 30 h 48 min ago", 0), 0u)
        << d.explanation;
}

TEST(Packages, SameCodeMeansOneDispute) {
    Order o;
    o.packages = {pickup_package("A", "2024-07-15T10:00:00Z"), pickup_package("B", "2024-07-15T13:12:00Z")};
    auto d = decide(o, "2024-07-16T20:00:00Z");
    ASSERT_EQ(d.disputes.size(), 1u);
    EXPECT_EQ(d.disputes[0].packages, (std::vector<std::string>{"A", "B"}));
    ASSERT_EQ(d.disputes[0].evidence.size(), 3u);
    EXPECT_EQ(d.disputes[0].evidence[0].kind, core::EvidenceKind::kOrderId);
    EXPECT_EQ(d.disputes[0].evidence[1].package, "A");
    EXPECT_EQ(d.disputes[0].evidence[2].package, "B");
}

TEST(Packages, TwoCodesTwoDisputesInTableOrder) {
    Order o;
    o.packages = {stalled_package("A"), pickup_package("B", "2024-07-15T13:12:00Z")};
    auto d = decide(o, "2024-07-16T20:00:00Z");
    ASSERT_EQ(d.disputes.size(), 2u);
    EXPECT_EQ(to_string(d.disputes[0].code), kPickupCode);
    EXPECT_EQ(to_string(d.disputes[1].code), kUnmovedCode);
    // The order's rule: the first package whose dispute has the code of `dispute`.
    EXPECT_EQ(d.rule.name(), "platform.picked_up_not_updated");
    std::string json = core::to_json(d);
    EXPECT_NE(json.find(R"("disputes":[{"code":"pick_up_issues.picked_up_not_updated")"), std::string::npos);
    EXPECT_EQ(
        json,
        R"j({"order_id":"O1","action":"FILE_DISPUTE","rule":"platform.picked_up_not_updated","dispute":{"code":"pick_up_issues.picked_up_not_updated","path":["Complaints & Dispute (Logistic related)","Pick up Issues","Picked up but logistics status not updated"],"key":"tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated","packages":["B"],"evidence":[{"kind":"order_id","value":"O1"},{"kind":"carrier_pickup_event","package_id":"B","event":{"at":"2024-07-15T13:12:00Z","code":"X","description":"event"}}]},"disputes":[{"code":"pick_up_issues.picked_up_not_updated","path":["Complaints & Dispute (Logistic related)","Pick up Issues","Picked up but logistics status not updated"],"key":"tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated","packages":["B"],"evidence":[{"kind":"order_id","value":"O1"},{"kind":"carrier_pickup_event","package_id":"B","event":{"at":"2024-07-15T13:12:00Z","code":"X","description":"event"}}]},{"code":"delivery_process_inquiry.unmoved_tracking_event","path":["Complaints & Dispute (Logistic related)","Delivery process inquiry","Unmoved tracking event"],"key":"tiktok-shop:S1:O1:delivery_process_inquiry.unmoved_tracking_event","packages":["A"],"evidence":[{"kind":"order_id","value":"O1"},{"kind":"tracking_history","package_id":"A","events":[{"at":"2024-07-12T17:00:00Z","status":"IN_TRANSIT","code":"X","description":"event"}]},{"kind":"last_update","package_id":"A","at":"2024-07-12T17:00:00Z"}]}],"next_check_at":null,"explanation":"Package B: UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows AWAITING_COLLECTION. More than 24 hours after pickup the policy files 'Picked up but logistics status not updated'.","packages":[{"package_id":"A","action":"FILE_DISPUTE","rule":"platform.unmoved_tracking","facts":{"platform_stage":"SHIPPED","carrier_status":"IN_TRANSIT","picked_up_at":"2024-07-12T17:00:00Z","last_scan_at":"2024-07-12T17:00:00Z","last_update_at":"2024-07-12T17:00:00Z"}},{"package_id":"B","action":"FILE_DISPUTE","rule":"platform.picked_up_not_updated","facts":{"platform_stage":"PRE","carrier_status":"PICKED_UP","picked_up_at":"2024-07-15T13:12:00Z","last_scan_at":"2024-07-15T13:12:00Z","last_update_at":"2024-07-15T13:12:00Z"}}],"policy":{"id":"tiktok-shop.logistics-stuck","version":"2024-07-18"}})j");
}

TEST(Packages, DisagreeingPackagesWithoutDispute) {
    Order waiting_and_unknown;
    waiting_and_unknown.platform_status = "IN_TRANSIT";
    waiting_and_unknown.packages = {Pkg{"A", {Ev{"2024-07-16T17:00:00Z", "IN_TRANSIT"}}}, Pkg{"B"}};
    waiting_and_unknown.packages[1].tracking_unknown = true;
    auto d = decide(waiting_and_unknown, "2024-07-16T20:00:00Z");
    EXPECT_EQ(to_string(d.action), "VERIFY_WITH_CARRIER");
    EXPECT_EQ(d.rule.name(), "platform.no_tracking");
    EXPECT_EQ(next_check(d), "2024-07-18T17:00:01Z");

    Order settled_and_waiting;
    settled_and_waiting.packages = {pickup_package("A", "2024-07-15T13:12:00Z"),
                                    pickup_package("B", "2024-07-16T10:00:00Z")};
    settled_and_waiting.packages[0].platform_status = "DELIVERED";
    auto w = decide(settled_and_waiting, "2024-07-16T20:00:00Z");
    EXPECT_EQ(to_string(w.action), "WAIT");
    EXPECT_EQ(w.rule.name(), "platform.pickup_grace");
    EXPECT_EQ(to_string(w.packages[0].action), "NONE");
}

TEST(Packages, AnOpenTicketHoldsEveryPackageOfItsCode) {
    Order o;
    o.packages = {pickup_package("A", "2024-07-15T10:00:00Z"), pickup_package("B", "2024-07-15T13:12:00Z"),
                  stalled_package("C")};
    o.tickets = {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z"}};
    auto d = decide(o, "2024-07-16T20:00:00Z");
    EXPECT_EQ(to_string(d.packages[0].action), "AWAIT_TICKET");
    EXPECT_EQ(to_string(d.packages[1].action), "AWAIT_TICKET");
    EXPECT_EQ(to_string(d.action), "FILE_DISPUTE");
    EXPECT_EQ(d.rule.name(), "platform.unmoved_tracking");
    ASSERT_EQ(d.disputes.size(), 1u);
    EXPECT_EQ(to_string(d.disputes[0].code), kUnmovedCode);
    EXPECT_EQ(next_check(d), "2024-07-18T18:00:01Z");
}

TEST(Packages, CombinedOrdersFileOneDisputeEach) {
    // One package shipping two orders: two cases listing the same package.
    Order first = picked_up_order();
    Order second = picked_up_order({{kPickupCode, "OPEN", "2024-07-16T18:00:00Z", "O1"}});
    second.order_id = "O2";
    first.tickets = {{kPickupCode, "OPEN", "2024-07-16T18:00:00Z", "O2"}};
    auto a = decide(first, "2024-07-16T20:00:00Z");
    auto b = decide(second, "2024-07-16T20:00:00Z");
    ASSERT_EQ(a.disputes.size(), 1u);
    ASSERT_EQ(b.disputes.size(), 1u);
    EXPECT_EQ(a.disputes[0].key, "tiktok-shop:S1:O1:pick_up_issues.picked_up_not_updated");
    EXPECT_EQ(b.disputes[0].key, "tiktok-shop:S1:O2:pick_up_issues.picked_up_not_updated");
    EXPECT_EQ(a.disputes[0].packages, b.disputes[0].packages);
}

TEST(Keys, ShopIdMayBeAbsentAndMarketplaceDefaults) {
    auto d = decide(R"({"order_id": "9", "region": "US", "shipping_type": "PLATFORM",
        "platform_status": "AWAITING_SHIPMENT",
        "packages": [{"tracking_number": "T1", "events": [{"at": "2024-07-15T13:12:00Z", "status": "PICKED_UP"}]}]})",
                    "2024-07-16T20:00:00Z");
    ASSERT_EQ(d.disputes.size(), 1u);
    EXPECT_EQ(d.disputes[0].key, "tiktok-shop::9:pick_up_issues.picked_up_not_updated");
    // A package without package_id is named by its tracking number.
    EXPECT_EQ(d.disputes[0].packages, std::vector<std::string>{"T1"});
    EXPECT_EQ(d.explanation.rfind("The carrier scanned the pickup", 0), 0u) << d.explanation;
}

// --- Evidence
// ------------------------------------------------------------------------------------------------------

TEST(Evidence, BuyerConfirmationWithTheCarrierDelivery) {
    Order o;
    o.platform_status = "IN_TRANSIT";
    o.packages = {
        Pkg{"P1", {Ev{"2024-07-15T13:12:00Z", "PICKED_UP"}, Ev{"2024-07-16T10:00:00Z", "DELIVERED"}}}};
    o.buyer_confirmed_at = "2024-07-16T12:00:00Z";
    auto d = decide(o, "2024-07-16T13:00:00Z");
    EXPECT_EQ(d.rule.name(), "platform.buyer_confirmed_not_updated");
    std::string json = core::to_json(d);
    EXPECT_NE(
        json.find(
            R"("evidence":[{"kind":"order_id","value":"O1"},{"kind":"buyer_confirmation","at":"2024-07-16T12:00:00Z","evidence":["chat.png"]},{"kind":"carrier_delivery_event","package_id":"P1","event":{"at":"2024-07-16T10:00:00Z","code":"X","description":"event"}}])"),
        std::string::npos)
        << json;

    o.packages[0].events.pop_back();
    auto without = decide(o, "2024-07-16T13:00:00Z");
    ASSERT_EQ(without.disputes.size(), 1u);
    ASSERT_EQ(without.disputes[0].evidence.size(), 2u);
    EXPECT_EQ(without.disputes[0].evidence[1].kind, core::EvidenceKind::kBuyerConfirmation);
}

TEST(Evidence, CarrierDeliveryWithProof) {
    auto d = decide(R"({"order_id": "O1", "shop_id": "S1", "region": "US", "shipping_type": "PLATFORM",
        "platform_status": "IN_TRANSIT",
        "packages": [{"package_id": "P1", "carrier": "fedex",
          "proof_of_delivery": {"kind": "signature", "received_by": "J. DOE", "url": null},
          "events": [{"at": "2024-07-15T18:00:00Z", "status": "DELIVERED", "substatus": "signed", "code": "DL",
                      "description": "Delivered"}]}]})",
                    "2024-07-16T18:00:01Z");
    EXPECT_EQ(d.rule.name(), "platform.carrier_delivered_not_updated");
    std::string json = core::to_json(d);
    EXPECT_NE(
        json.find(
            R"({"kind":"carrier_delivery_event","package_id":"P1","event":{"at":"2024-07-15T18:00:00Z","code":"DL","description":"Delivered"}},{"kind":"proof_of_delivery","package_id":"P1","proof":{"kind":"signature","received_by":"J. DOE","url":null}})"),
        std::string::npos)
        << json;
    EXPECT_EQ(d.explanation,
              "FedEx shows the package delivered 24 h ago (2024-07-15 18:00 UTC); the platform still shows "
              "IN_TRANSIT. More than 24 hours after delivery the policy files 'Delivered but logistics not "
              "updated'.");
}

TEST(Evidence, TrackingHistoryOldestFirstWithTheLastUpdate) {
    Order o;
    o.platform_status = "IN_TRANSIT";
    o.platform_updated_at = "2024-07-12T20:00:00Z";
    o.packages = {Pkg{"P1",
                      {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}, Ev{"2024-07-11T17:00:00Z", "PICKED_UP"},
                       Ev{"2024-07-14T17:00:00Z", "IN_TRANSIT", false}}}};
    auto d = decide(o, "2024-07-20T00:00:00Z");
    ASSERT_EQ(d.disputes.size(), 1u);
    const auto& ev = d.disputes[0].evidence;
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[1].kind, core::EvidenceKind::kTrackingHistory);
    ASSERT_EQ(ev[1].events.size(), 3u);
    EXPECT_EQ(sdk::format_utc(ev[1].events[0].at), "2024-07-11T17:00:00Z");
    EXPECT_EQ(sdk::format_utc(ev[1].events[2].at), "2024-07-14T17:00:00Z");
    EXPECT_EQ(ev[2].kind, core::EvidenceKind::kLastUpdate);
    EXPECT_EQ(sdk::format_utc(ev[2].at), "2024-07-12T17:00:00Z");  // the scan, earlier than the platform's
}

TEST(Evidence, SellerUpdateNamesTheMissingProof) {
    Order o;
    o.shipping_type = "SELLER";
    o.platform_status = "IN_TRANSIT";
    o.packages = {Pkg{"P1", {Ev{"2024-07-16T17:00:00Z", "DELIVERED"}}}};
    auto d = decide(o, "2024-07-16T20:00:00Z");
    EXPECT_EQ(to_string(d.action), "UPDATE_STATUS_WITH_POD");
    EXPECT_TRUE(d.disputes.empty());
    std::string json = core::to_json(d);
    EXPECT_NE(
        json.find(
            R"("evidence":[{"kind":"carrier_delivery_event","package_id":"P1","event":{"at":"2024-07-16T17:00:00Z","code":"X","description":"event"}},{"kind":"proof_of_delivery_missing","package_id":"P1","note":"The carrier gives no proof of delivery: the seller must supply one."}])"),
        std::string::npos)
        << json;
    EXPECT_EQ(d.explanation,
              "UPS shows the package delivered 3 h ago (2024-07-16 17:00 UTC); the platform shows "
              "IN_TRANSIT. Update "
              "the delivery status yourself and upload a proof of delivery: the carrier gives none.");
}

// --- Explanations
// ----------------------------------------------------------------------------------------------------

struct Explained {
    const char* name;
    Order order;
    const char* now;
    const char* text;
};

class Explanations : public ::testing::TestWithParam<Explained> {};

TEST_P(Explanations, SayWhatWasSeenWhatThePolicySaysWhatIsNext) {
    EXPECT_EQ(decide(GetParam().order, GetParam().now).explanation, GetParam().text);
}

Order with(std::string status, std::vector<Ev> events, std::string shipping = "PLATFORM",
           std::vector<Tk> tickets = {}) {
    Order o;
    o.platform_status = std::move(status);
    o.shipping_type = std::move(shipping);
    o.packages = {Pkg{"P1", std::move(events)}};
    o.tickets = std::move(tickets);
    return o;
}

INSTANTIATE_TEST_SUITE_P(
    Texts, Explanations,
    ::testing::Values(
        Explained{
            "pickup grace", with("AWAITING_COLLECTION", {Ev{"2024-07-16T10:00:00Z", "PICKED_UP"}}),
            "2024-07-16T20:00:00Z",
            "UPS scanned the pickup 10 h ago (2024-07-16 10:00 UTC); the platform still shows "
            "AWAITING_COLLECTION. The policy gives the platform 24 hours after pickup to update and checks "
            "again after 2024-07-17 10:00 UTC."},
        Explained{
            "within timeline", with("IN_TRANSIT", {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}),
            "2024-07-13T17:05:00Z",
            "The last tracking update was 24 h 5 min ago (2024-07-12 17:00 UTC); the package is within the "
            "normal delivery timeline. The policy waits 2 business days (US calendar) for movement and "
            "checks "
            "again after 2024-07-16 17:00 UTC."},
        Explained{
            "unmoved", with("IN_TRANSIT", {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}), "2024-07-16T17:00:01Z",
            "The last tracking update was 96 h ago (2024-07-12 17:00 UTC), more than 2 business days without "
            "movement (US calendar); the platform shows IN_TRANSIT. The policy files 'Unmoved tracking "
            "event' "
            "so support follows up with the carrier."},
        Explained{
            "awaiting ticket",
            with("AWAITING_COLLECTION", {Ev{"2024-07-15T13:12:00Z", "PICKED_UP"}}, "PLATFORM",
                 {{kPickupCode, "PENDING", "2024-07-16T18:00:00Z"}}),
            "2024-07-16T20:00:00Z",
            "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
            "AWAITING_COLLECTION. A 'Picked up but logistics status not updated' ticket is pending since "
            "2024-07-16 18:00 UTC; the policy gives support 2 business days and checks again after "
            "2024-07-18 "
            "18:00 UTC."},
        Explained{
            "ticket unanswered",
            with("AWAITING_COLLECTION", {Ev{"2024-07-15T13:12:00Z", "PICKED_UP"}}, "PLATFORM",
                 {{kPickupCode, "OPEN", "2024-07-12T17:00:00Z"}}),
            "2024-07-16T20:00:00Z",
            "UPS scanned the pickup 30 h 48 min ago (2024-07-15 13:12 UTC); the platform still shows "
            "AWAITING_COLLECTION. A 'Picked up but logistics status not updated' ticket has been open since "
            "2024-07-12 17:00 UTC, more than 2 business days: contact seller support for further "
            "assistance."},
        Explained{
            "returned", with("IN_TRANSIT", {Ev{"2024-07-17T10:00:00Z", "RETURNED"}}), "2024-07-20T00:00:00Z",
            "UPS shows the package returned to the sender (last scan 2024-07-17 10:00 UTC). This is not a "
            "stuck status: follow the failed-delivery flow (Managing Failed Delivery Orders)."},
        Explained{"not picked up", with("AWAITING_SHIPMENT", {}), "2024-07-20T00:00:00Z",
                  "The platform shows AWAITING_SHIPMENT and no pickup scan is known: the package has not "
                  "been picked "
                  "up yet. Not-yet-collected orders are outside this policy."},
        Explained{
            "seller stalled", with("IN_TRANSIT", {Ev{"2024-07-12T17:00:00Z", "IN_TRANSIT"}}, "SELLER"),
            "2024-07-16T17:30:00Z",
            "The last tracking update was 96 h 30 min ago (2024-07-12 17:00 UTC), more than 2 business days "
            "without movement (US calendar); the platform shows IN_TRANSIT. Contact UPS for an update; the "
            "marketplace takes no dispute for seller shipping."},
        Explained{"seller no tracking", with("IN_TRANSIT", {}, "SELLER"), "2024-07-16T17:30:00Z",
                  "No carrier scan is known for this seller-shipped package. Check the tracking with UPS to "
                  "confirm "
                  "it matches the platform's."},
        Explained{
            "fact after now", with("AWAITING_COLLECTION", {Ev{"2024-07-17T10:00:00Z", "PICKED_UP"}}),
            "2024-07-16T20:00:00Z",
            "UPS scanned the pickup at 2024-07-17 10:00 UTC, later than the time of this check; the platform "
            "still shows AWAITING_COLLECTION. The policy gives the platform 24 hours after pickup to update "
            "and checks again after 2024-07-18 10:00 UTC."},
        Explained{"settled", with("COMPLETED", {}), "2024-07-20T00:00:00Z",
                  "The platform shows COMPLETED: the order is settled. This policy has nothing to do."}),
    [](const auto& info) {
        std::string name = info.param.name;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
        return name;
    });

// --- Engine refusals
// -----------------------------------------------------------------------------------------------

TEST(Engine, RefusesRegionsAndMarketplacesThePolicyDoesNotCover) {
    core::PolicyEngine engine(shipped_policy());
    Order o = picked_up_order();
    o.region = "FR";
    auto d = engine.decide(read_case(o.to_json()), at("2024-07-16T20:00:00Z"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().message, "region: \"FR\" is not a region of policy tiktok-shop.logistics-stuck");

    auto c = read_case(picked_up_order().to_json());
    c.marketplace = "shopee";
    auto m = engine.decide(c, at("2024-07-16T20:00:00Z"));
    ASSERT_FALSE(m.ok());
    EXPECT_EQ(m.error().message,
              "marketplace: \"shopee\" is not covered by policy tiktok-shop.logistics-stuck (marketplace "
              "\"tiktok-shop\")");

    c.marketplace = "tiktok-shop";
    c.packages.clear();
    auto p = engine.decide(c, at("2024-07-16T20:00:00Z"));
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().message, "packages: needs at least one package");
}

}  // namespace
}  // namespace unstuck::test

namespace unstuck::test {
namespace {

TEST(DecisionJson, TimestampsAreUtcWithFractionsOnlyWhenGiven) {
    Order o;
    o.platform_status = "IN_TRANSIT";
    o.packages = {Pkg{
        "P1",
        {Ev{"2024-07-17T18:30:00.750-07:00", "DELIVERED"}, Ev{"1999-12-31T23:59:59.000001Z", "PICKED_UP"}}}};
    auto json = core::to_json(decide(o, "2024-07-18T01:30:00Z"));
    EXPECT_NE(json.find(R"("next_check_at":"2024-07-19T01:30:01Z")"), std::string::npos) << json;
    EXPECT_NE(
        json.find(
            R"("picked_up_at":"1999-12-31T23:59:59.000001Z","carrier_delivered_at":"2024-07-18T01:30:00.75Z")"),
        std::string::npos)
        << json;
}

}  // namespace
}  // namespace unstuck::test
