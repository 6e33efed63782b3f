// The store and the policy together: the disputes a run filed are the tickets the next run decides with.

#include <gtest/gtest.h>

#include "core/store/store_database.hpp"
#include "unstuck/core/disputes/dispute_request.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/policy/policy_engine.hpp"

namespace unstuck::test {
namespace {

using core::Action;
using core::CaseStore;
using core::DisputeState;
using core::OrderRef;
using sdk::Timestamp;

// policy.md section 1: picked up on 15 July, the platform still awaits collection on the 16th.
constexpr const char* kOrder = R"({
  "order_id": "576859029223086481", "shop_id": "7494105515", "marketplace": "tiktok-shop", "region": "US",
  "shipping_type": "PLATFORM", "platform_status": "AWAITING_COLLECTION",
  "platform_updated_at": "2024-07-15T16:02:11Z", "promised_delivery_by": "2024-07-22T23:59:59-07:00",
  "packages": [{"package_id": "1153891868590053777", "tracking_number": "1Z023E2X0214323462", "carrier": "ups",
    "events": [{"at": "2024-07-15T09:12:00-04:00", "status": "PICKED_UP", "code": "038",
                "description": "Picked up", "physical_scan": true}]}]
})";
constexpr const char* kKey = "tiktok-shop:7494105515:576859029223086481:pick_up_issues.picked_up_not_updated";

Timestamp at(const std::string& text) {
    auto t = sdk::parse_timestamp(text);
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
}

class StorePolicyTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        store_ = db_->open();
        ASSERT_TRUE(store_);
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy) << policy.error().message;
        engine_ = std::make_unique<core::PolicyEngine>(*policy);
        auto order = core::OrderReader().read(kOrder);
        ASSERT_TRUE(order) << order.error().message;
        order_ = *order;
    }

    // One run: the order's tickets from the store, the decision, the decision recorded.
    core::Decision run(Timestamp now) {
        auto tickets = store_->tickets(OrderRef::of(order_));
        EXPECT_TRUE(tickets) << tickets.error().message;
        order_.tickets = tickets ? *tickets : std::vector<core::Ticket>{};
        auto decision = engine_->decide(order_, now);
        EXPECT_TRUE(decision) << decision.error().message;
        if (!decision) return {};
        EXPECT_TRUE(store_->record_decision(core::DecisionRecord::of(order_, *decision, now)));
        return *decision;
    }

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<CaseStore> store_;
    std::unique_ptr<core::PolicyEngine> engine_;
    core::OrderCase order_;
};

TEST_P(StorePolicyTest, AFiledDisputeHoldsTheNextRunBack) {
    auto now = at("2024-07-16T20:00:00Z");
    auto first = run(now);
    ASSERT_EQ(first.action, Action::kFileDispute);
    ASSERT_EQ(first.disputes.size(), 1u);
    EXPECT_EQ(first.disputes[0].key, kKey);
    auto begun =
        store_->begin_dispute(core::make_dispute_request(first, first.disputes[0], order_), "outbox", now);
    ASSERT_TRUE(begun) << begun.error().message;
    EXPECT_TRUE(begun->created);

    // PENDING counts as an open ticket: the next run waits for it, and files nothing.
    auto second = run(now + std::chrono::hours(1));
    EXPECT_EQ(second.action, Action::kAwaitTicket);
    EXPECT_EQ(second.rule.name(), "platform.picked_up_not_updated.awaiting_ticket");
    ASSERT_TRUE(store_->mark_filed(kKey, {"4711", ""}, now + std::chrono::minutes(1)));
    EXPECT_EQ(run(now + std::chrono::hours(2)).action, Action::kAwaitTicket);

    // Past two business days the open ticket sends the seller to support.
    auto late = run(at("2024-07-22T20:00:00Z"));
    EXPECT_EQ(late.action, Action::kContactSellerSupport);

    auto found = store_->find_order(OrderRef::of(order_));
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((**found).action, "CONTACT_SELLER_SUPPORT");
    EXPECT_EQ((**found).rule, "platform.picked_up_not_updated.ticket_unanswered");
    auto history = store_->history(OrderRef::of(order_));
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), 4u);
    EXPECT_EQ((*history)[0].action, "FILE_DISPUTE");
}

TEST_P(StorePolicyTest, ASolvedTicketWithNewEvidenceFilesUnderTheNextKey) {
    auto now = at("2024-07-16T20:00:00Z");
    auto first = run(now);
    ASSERT_EQ(first.action, Action::kFileDispute);
    ASSERT_TRUE(
        store_->begin_dispute(core::make_dispute_request(first, first.disputes[0], order_), "outbox", now));
    ASSERT_TRUE(store_->mark_filed(kKey, {"4711", ""}, now));
    ASSERT_TRUE(store_->record_remote_state(kKey, sdk::TicketState::kSolved, now + std::chrono::hours(24)));

    // Solved, and nothing new since: the rule is settled.
    auto settled = run(at("2024-07-18T20:00:00Z"));
    EXPECT_EQ(settled.action, Action::kNone);
    EXPECT_EQ(settled.rule.name(), "platform.picked_up_not_updated.already_resolved");

    // A new carrier scan after the ticket: file again, under `:2`.
    sdk::Event scan;
    scan.at = at("2024-07-17T10:00:00Z");
    scan.status = sdk::TrackingStatus::kInTransit;
    scan.code = "005";
    scan.description = "Departed from facility";
    scan.physical_scan = true;
    order_.packages[0].events.push_back(scan);
    auto again = run(at("2024-07-18T20:00:00Z"));
    ASSERT_EQ(again.action, Action::kFileDispute) << again.explanation;
    ASSERT_EQ(again.disputes.size(), 1u);
    EXPECT_EQ(again.disputes[0].key, std::string(kKey) + ":2");
    auto begun = store_->begin_dispute(core::make_dispute_request(again, again.disputes[0], order_), "outbox",
                                       at("2024-07-18T20:00:00Z"));
    ASSERT_TRUE(begun);
    EXPECT_TRUE(begun->created);
    auto disputes = store_->disputes_of(OrderRef::of(order_));
    ASSERT_TRUE(disputes);
    ASSERT_EQ(disputes->size(), 2u);
    EXPECT_EQ((*disputes)[1].key, std::string(kKey) + ":2");
}

TEST_P(StorePolicyTest, ARejectedDisputeIsNoTicketAndItsKeyStaysTaken) {
    auto now = at("2024-07-16T20:00:00Z");
    auto first = run(now);
    ASSERT_EQ(first.action, Action::kFileDispute);
    ASSERT_TRUE(
        store_->begin_dispute(core::make_dispute_request(first, first.disputes[0], order_), "outbox", now));
    ASSERT_TRUE(store_->mark_rejected(kKey, "the order is not in this shop", now));

    // The next run decides to file again under the same key; the store says it was rejected.
    auto second = run(now + std::chrono::hours(1));
    ASSERT_EQ(second.action, Action::kFileDispute);
    EXPECT_EQ(second.disputes[0].key, kKey);
    auto begun =
        store_->begin_dispute(core::make_dispute_request(second, second.disputes[0], order_), "outbox", now);
    ASSERT_TRUE(begun);
    EXPECT_FALSE(begun->created);
    EXPECT_EQ(begun->record.state, DisputeState::kRejected);
    EXPECT_EQ(begun->record.reason, "the order is not in this shop");
}

INSTANTIATE_TEST_SUITE_P(Backends, StorePolicyTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
