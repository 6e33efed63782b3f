// The seller-shipped remedy through real sweeps: the fixture-market plugin (.so, real loader), a real SQLite
// store, the shipped policy. Each package's delivery status with proof of delivery is sent once under its
// key, whatever the marketplace answers and however often the order is swept.

#include <gtest/gtest.h>

#include "remedy_parts.hpp"
#include "unstuck/core/store/pod_update_json.hpp"
#include "unstuck/core/sweep/sweep_summary_json.hpp"

namespace unstuck::test {
namespace {

using core::RemedyState;
using PodRemedyTest = RemedySweep;

const std::string kKey = "fixture-market:42:R1:P1:pod";

TEST_F(PodRemedyTest, SendsOneUpdateWithTheLocalProofAndNothingTheNextSweep) {
    auto first = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(first.by_rule["seller.delivered_update_pod"], 1u);
    EXPECT_EQ(first.remedies_applied, 1u);
    EXPECT_EQ(first.error_count, 0u) << first_error(first);
    auto sent = calls("update_delivery_status");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_NE(sent[0].find(R"("key":")" + kKey + "\""), std::string::npos) << sent[0];
    EXPECT_NE(sent[0].find(R"("delivered_at":"2024-07-13T20:00:00Z")"), std::string::npos) << sent[0];
    EXPECT_NE(sent[0].find(R"("name":"pod.png","path":")" + (orders_dir_ / "pod.png").string() +
                           R"(","media_type":"image/png")"),
              std::string::npos)
        << sent[0];
    EXPECT_NE(sent[0].find(R"("proof_url":"")"), std::string::npos) << sent[0];
    core::RemedyRecord row = remedy(kKey);
    EXPECT_EQ(row.state, RemedyState::kApplied);
    EXPECT_EQ(row.plugin, "fixture-market");
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.proof_url, "https://market.invalid/pod/P1");

    auto second = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(second.decided, 1u);
    EXPECT_EQ(second.remedies_applied, 0u);
    EXPECT_EQ(second.remedies_already, 1u);
    EXPECT_EQ(second.error_count, 0u) << first_error(second);
    EXPECT_EQ(calls("update_delivery_status").size(), 1u);
}

TEST_F(PodRemedyTest, ARetryStaysPendingAndDueAndTheNextSweepSendsItAgainUnderTheSameKey) {
    control(R"({"update": {"P1": "retry"}})");
    auto first = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(first.remedies_pending, 1u);
    EXPECT_EQ(first.remedies_applied, 0u);
    ASSERT_EQ(first.errors.size(), 1u);
    EXPECT_EQ(first.errors[0],
              "line 1: order R1: remedy " + kKey +
                  ": fixture-market: fixture-market: package P1: try again (retry after 30 s); "
                  "stays PENDING, the next run sends it");
    core::RemedyRecord row = remedy(kKey);
    EXPECT_EQ(row.state, RemedyState::kPending);
    EXPECT_EQ(row.attempts, 1);
    EXPECT_NE(row.last_error.find("try again"), std::string::npos) << row.last_error;
    auto order = store_->find_order({"fixture-market", "42", "R1"});
    ASSERT_TRUE(order.ok() && order->has_value());
    EXPECT_EQ((*order)->next_check_at, remedy_now());  // stays due

    control("{}");
    auto second = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(second.settled_remedies.refiled, 1u);
    EXPECT_EQ(second.remedies_already, 1u);  // the order itself then finds it applied
    EXPECT_EQ(second.error_count, 0u) << first_error(second);
    auto sent = calls("update_delivery_status");
    ASSERT_EQ(sent.size(), 2u);
    for (const auto& line : sent) EXPECT_NE(line.find(R"("key":")" + kKey + "\""), std::string::npos) << line;
    EXPECT_EQ(calls("find_delivery_status").size(), 1u);
    EXPECT_EQ(remedy(kKey).state, RemedyState::kApplied);
    EXPECT_EQ(remedy(kKey).attempts, 2);
}

TEST_F(PodRemedyTest, ARejectionIsRecordedAndNeverSentAgain) {
    control(R"({"update": {"P1": "rejected"}})");
    auto first = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(first.remedies_rejected, 1u);
    ASSERT_EQ(first.errors.size(), 1u);
    EXPECT_EQ(first.errors[0],
              "line 1: order R1: remedy " + kKey +
                  ": fixture-market refused it: fixture-market: package P1: refused as told");
    core::RemedyRecord row = remedy(kKey);
    EXPECT_EQ(row.state, RemedyState::kRejected);
    EXPECT_EQ(row.last_error, "fixture-market: package P1: refused as told");

    control("{}");
    auto second = sweep({delivered_order("R1", "pod.png")});
    EXPECT_EQ(second.remedies_rejected, 1u);  // counted from the store
    EXPECT_EQ(second.settled_remedies.total(), 0u);
    EXPECT_EQ(calls("update_delivery_status").size(), 1u);
    EXPECT_EQ(remedy(kKey).state, RemedyState::kRejected);
}

TEST_F(PodRemedyTest, WithoutProofNothingIsSentAndNothingIsWrong) {
    auto s = sweep({delivered_order("R1", "")});
    EXPECT_EQ(s.by_action["UPDATE_STATUS_WITH_POD"], 1u);
    EXPECT_EQ(s.remedies_without_proof, 1u);
    EXPECT_EQ(s.remedies_applied + s.remedies_pending + s.remedies_rejected, 0u);
    EXPECT_EQ(s.error_count, 0u) << first_error(s);
    EXPECT_TRUE(calls("update_delivery_status").empty());
    auto rows = store_->remedies_of({"fixture-market", "42", "R1"});
    ASSERT_TRUE(rows.ok());
    EXPECT_TRUE(rows->empty());
}

TEST_F(PodRemedyTest, AWebLinkProofIsSentAsItsUrl) {
    auto s = sweep({delivered_order("R1", "https://carrier.invalid/pod/R1.jpg")});
    EXPECT_EQ(s.remedies_applied, 1u);
    auto sent = calls("update_delivery_status");
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_NE(sent[0].find(R"("proof":[],"proof_url":"https://carrier.invalid/pod/R1.jpg")"),
              std::string::npos)
        << sent[0];
}

TEST_F(PodRemedyTest, AProofFileOutsideTheEvidenceFoldersFailsTheRemedyAndSendsNothing) {
    write(dir_.path() / "outside.png", "png");
    auto s = sweep({delivered_order("R1", "../outside.png")});
    EXPECT_EQ(s.remedy_errors, 1u);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(
        s.errors[0].rfind("line 1: order R1: remedy " + kKey +
                              ": packages[0].proof_of_delivery.url: ../outside.png: outside the evidence "
                              "folders",
                          0),
        0u)
        << s.errors[0];
    EXPECT_TRUE(calls("update_delivery_status").empty());
    EXPECT_FALSE(store_->find_remedy(kKey)->has_value());
    auto order = store_->find_order({"fixture-market", "42", "R1"});
    ASSERT_TRUE(order.ok() && order->has_value());
    EXPECT_EQ((*order)->next_check_at, remedy_now());  // stays due

    // A missing file is named too.
    auto missing = sweep({delivered_order("R2", "gone.png")});
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_NE(missing.errors[0].find("packages[0].proof_of_delivery.url: gone.png: no such file"),
              std::string::npos)
        << missing.errors[0];
}

// A PENDING row as a run leaves it when it stops between writing the row and calling the marketplace.
sdk::PodUpdate pending_update(const std::string& order, const std::string& package,
                              const std::string& proof) {
    sdk::PodUpdate u;
    u.marketplace = "fixture-market";
    u.shop_id = "42";
    u.order_id = order;
    u.package_id = package;
    u.key = "fixture-market:42:" + order + ":" + package + ":pod";
    u.tracking_number = "1Z" + order;
    u.delivered_at = sdk::parse_timestamp("2024-07-13T20:00:00Z").value();
    u.proof.push_back({"pod.png", proof, "image/png"});
    return u;
}

TEST_F(PodRemedyTest, ARunThatStoppedAfterThePendingRowIsSettledThroughFindDeliveryStatus) {
    // R1's update reached the marketplace before the run stopped; R2's did not.
    const std::string proof = (orders_dir_ / "pod.png").string();
    ASSERT_TRUE(store_->begin_remedy(pending_update("R1", "P1", proof), "fixture-market", remedy_now()).ok());
    ASSERT_TRUE(store_->begin_remedy(pending_update("R2", "P2", proof), "fixture-market", remedy_now()).ok());
    control(R"({"find": {"P1": "ok"}})");

    auto s = sweep({delivered_order("R1", "pod.png"), delivered_order("R2", "pod.png", "P2")});
    EXPECT_EQ(s.settled_remedies.found, 1u);
    EXPECT_EQ(s.settled_remedies.refiled, 1u);
    EXPECT_EQ(s.remedies_already, 2u);
    EXPECT_EQ(s.remedies_applied, 0u);
    EXPECT_EQ(s.error_count, 0u) << first_error(s);
    EXPECT_EQ(calls("find_delivery_status").size(), 2u);
    auto sent = calls("update_delivery_status");
    ASSERT_EQ(sent.size(), 1u);  // only R2's, from the stored update
    EXPECT_NE(sent[0].find(R"("key":"fixture-market:42:R2:P2:pod")"), std::string::npos) << sent[0];
    EXPECT_NE(sent[0].find(R"("path":")" + proof + "\""), std::string::npos) << sent[0];
    EXPECT_EQ(remedy("fixture-market:42:R1:P1:pod").state, RemedyState::kApplied);
    EXPECT_EQ(remedy("fixture-market:42:R2:P2:pod").state, RemedyState::kApplied);
}

TEST_F(PodRemedyTest, AMarketplaceThatCannotSayLeavesThePendingRowAsItIs) {
    ASSERT_TRUE(
        store_->begin_remedy(pending_update("R1", "P1", "/nowhere/pod.png"), "fixture-market", remedy_now())
            .ok());
    control(R"({"find": {"P1": "retry"}})");
    core::Sweep sweep(*host_, *engine_, store_.get(), options());
    ASSERT_TRUE(sweep.prepare());
    core::SweepSummary s;
    sweep.settle_pending(s);
    EXPECT_EQ(s.settled_remedies.still_pending, 1u);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0].rfind("settling remedy " + kKey + ": fixture-market could not say", 0), 0u)
        << s.errors[0];
    EXPECT_TRUE(calls("update_delivery_status").empty());
    core::RemedyRecord row = remedy(kKey);
    EXPECT_EQ(row.state, RemedyState::kPending);
    EXPECT_EQ(row.attempts, 1);
}

TEST_F(PodRemedyTest, ADryRunCountsWhatItWouldSendAndSendsNothing) {
    auto s = sweep({delivered_order("R1", "pod.png"), delivered_order("R2", "")}, true);
    EXPECT_TRUE(s.dry_run);
    EXPECT_EQ(s.remedies_would_apply, 1u);
    EXPECT_EQ(s.remedies_without_proof, 1u);
    EXPECT_EQ(s.remedies_applied, 0u);
    EXPECT_EQ(s.error_count, 0u) << first_error(s);
    EXPECT_TRUE(calls("update_delivery_status").empty());
    EXPECT_FALSE(store_->find_remedy(kKey)->has_value());
}

TEST_F(PodRemedyTest, ADryRunOverAStoreCountsWhatTheStoreHolds) {
    ASSERT_EQ(sweep({delivered_order("R1", "pod.png")}).remedies_applied, 1u);
    core::Sweep dry(*host_, *engine_, store_.get(), options(true));
    ASSERT_TRUE(dry.prepare());
    core::SweepSummary s;
    dry.process(delivered_order("R1", "pod.png"), s);
    dry.process(delivered_order("R2", "pod.png", "P2"), s);
    EXPECT_EQ(s.remedies_already, 1u);
    EXPECT_EQ(s.remedies_would_apply, 1u);
    EXPECT_EQ(calls("update_delivery_status").size(), 1u);
    EXPECT_FALSE(store_->find_remedy("fixture-market:42:R2:P2:pod")->has_value());
}

TEST_F(PodRemedyTest, APluginThatThrowsIsContainedAndTheRestGoesOn) {
    control(R"({"update": {"P1": "throw"}})");
    auto s = sweep({delivered_order("R1", "pod.png"), delivered_order("R2", "pod.png", "P2")});
    EXPECT_EQ(s.decided, 2u);
    EXPECT_EQ(s.remedies_rejected, 1u);
    EXPECT_EQ(s.remedies_applied, 1u);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_NE(s.errors[0].find("update_delivery_status threw: fixture-market: package P1 threw as told"),
              std::string::npos)
        << s.errors[0];
    EXPECT_EQ(remedy(kKey).state, RemedyState::kRejected);
    EXPECT_EQ(remedy("fixture-market:42:R2:P2:pod").state, RemedyState::kApplied);
}

TEST_F(PodRemedyTest, AnOrderWhoseMarketplaceIsNotConfiguredIsOnlyDecided) {
    auto s = sweep({delivered_order("R1", "pod.png")}, false, {});
    EXPECT_EQ(s.by_action["UPDATE_STATUS_WITH_POD"], 1u);
    EXPECT_EQ(s.remedies_applied + s.remedies_without_proof + s.remedy_errors, 0u);
    EXPECT_EQ(s.error_count, 0u) << first_error(s);
    EXPECT_TRUE(calls("update_delivery_status").empty());
}

TEST_F(PodRemedyTest, PrepareNamesAMarketplaceThatIsNoLoadedMarketplacePlugin) {
    for (bool dry_run : {false, true}) {
        core::Sweep missing(*host_, *engine_, store_.get(), options(dry_run, {"fixture-market", "nope"}));
        auto s = missing.prepare();
        ASSERT_FALSE(s);
        EXPECT_EQ(s.message().rfind("sweep.marketplaces[1]: plugin nope", 0), 0u) << s.message();
        core::Sweep carrier(*host_, *engine_, store_.get(), options(dry_run, {"ups"}));
        auto c = carrier.prepare();
        ASSERT_FALSE(c);
        EXPECT_EQ(c.message().rfind("sweep.marketplaces[0]: ", 0), 0u) << c.message();
    }
}

TEST_F(PodRemedyTest, TheSummaryJsonCarriesTheRemediesAndThePulls) {
    control(R"({"update": {"P2": "retry"}})");
    auto s = sweep({delivered_order("R1", "pod.png"), delivered_order("R2", "pod.png", "P2"),
                    delivered_order("R3", "")});
    s.pulled = 7;
    s.pull_errors = 1;
    std::string json = core::sweep_summary_json(s);
    EXPECT_NE(json.find(R"("remedies":{"applied":1,"already":0,"pending":1,"rejected":0,"without_proof":1,)"
                        R"("would_apply":0,"errors":0,"settled":{"found":0,"sent_again":0,"rejected":0,)"
                        R"("still_pending":0,"skipped":0}})"),
              std::string::npos)
        << json;
    EXPECT_NE(json.find(R"("marketplace":{"pulled":7,"errors":1})"), std::string::npos) << json;
}

TEST(SweepSummaryRemedies, MergeAddsTheRemediesAndThePulls) {
    core::SweepSummary a, b;
    a.remedies_applied = 1;
    a.remedies_already = 2;
    a.pulled = 5;
    a.settled_remedies.found = 1;
    b.remedies_applied = 2;
    b.remedies_pending = 1;
    b.remedies_rejected = 3;
    b.remedies_without_proof = 4;
    b.remedies_would_apply = 6;
    b.remedy_errors = 7;
    b.pulled = 1;
    b.pull_errors = 2;
    b.settled_remedies.refiled = 2;
    a.merge(b);
    EXPECT_EQ(a.remedies_applied, 3u);
    EXPECT_EQ(a.remedies_already, 2u);
    EXPECT_EQ(a.remedies_pending, 1u);
    EXPECT_EQ(a.remedies_rejected, 3u);
    EXPECT_EQ(a.remedies_without_proof, 4u);
    EXPECT_EQ(a.remedies_would_apply, 6u);
    EXPECT_EQ(a.remedy_errors, 7u);
    EXPECT_EQ(a.pulled, 6u);
    EXPECT_EQ(a.pull_errors, 2u);
    EXPECT_EQ(a.settled_remedies.found, 1u);
    EXPECT_EQ(a.settled_remedies.refiled, 2u);
}

}  // namespace
}  // namespace unstuck::test
