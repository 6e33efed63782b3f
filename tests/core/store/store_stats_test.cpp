// The store's figures for the dashboard (store_stats.cpp): counts, next checks, decisions and filings per
// bucket, the decisions after a point in the history, orders by order id; on SQLite and on the PostgreSQL
// test server.

#include <gtest/gtest.h>

#include "core/store/store_database.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::DecisionRecord;
using core::OrderRef;
using sdk::Timestamp;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Timestamp at(const std::string& text) {
    auto t = sdk::parse_timestamp(text);
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
}

DecisionRecord decision(const std::string& shop, const std::string& order_id, const std::string& action,
                        const std::string& rule, std::optional<Timestamp> next_check, Timestamp decided_at) {
    DecisionRecord r;
    r.order = OrderRef{"tiktok-shop", shop, order_id};
    r.action = action;
    r.rule = rule;
    r.next_check_at = next_check;
    r.decision_json = R"({"order_id":")" + order_id + R"(","action":")" + action + "\"}";
    r.decided_at = decided_at;
    return r;
}

sdk::DisputeRequest request(const std::string& order_id, const std::string& code) {
    sdk::DisputeRequest r;
    r.marketplace = "tiktok-shop";
    r.shop_id = "shop-1";
    r.order_id = order_id;
    r.code = code;
    r.key = r.marketplace + ":" + r.shop_id + ":" + r.order_id + ":" + code;
    return r;
}

class StoreStatsTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        store_ = db_->open();
        ASSERT_TRUE(store_);
    }

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<CaseStore> store_;
    Timestamp t0_ = at("2024-07-16T20:00:00Z");
};

TEST_P(StoreStatsTest, CountsOrdersByActionAndRuleAndDisputesByStateAndBackend) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("shop-1", "o1", "FILE_DISPUTE", "platform.unmoved_tracking", std::nullopt, t0_),
        decision("shop-1", "o2", "FILE_DISPUTE", "platform.picked_up_not_updated", std::nullopt, t0_),
        decision("shop-1", "o3", "WAIT", "platform.within_timeline", t0_ + hours(2), t0_),
        decision("shop-1", "o4", "FILE_DISPUTE", "platform.unmoved_tracking", std::nullopt, t0_),
    }));
    // A later decision replaces the order's latest: o3 counts once, as NONE.
    ASSERT_TRUE(
        store_->record_decision(decision("shop-1", "o3", "NONE", "platform.settled", std::nullopt, t0_)));
    ASSERT_TRUE(store_->begin_dispute(request("o1", "code.a"), "outbox", t0_));
    ASSERT_TRUE(store_->begin_dispute(request("o2", "code.a"), "outbox", t0_));
    ASSERT_TRUE(store_->begin_dispute(request("o4", "code.a"), "zendesk", t0_));
    ASSERT_TRUE(store_->mark_filed("tiktok-shop:shop-1:o1:code.a", {"T-1", ""}, t0_));
    ASSERT_TRUE(store_->mark_filed("tiktok-shop:shop-1:o2:code.a", {"T-2", ""}, t0_));

    auto counts = store_->counts();
    ASSERT_TRUE(counts) << counts.error().message;
    ASSERT_EQ(counts->by_action.size(), 2u);
    EXPECT_EQ(counts->by_action[0].name, "FILE_DISPUTE");
    EXPECT_EQ(counts->by_action[0].count, 3u);
    EXPECT_EQ(counts->by_action[1].name, "NONE");
    EXPECT_EQ(counts->by_action[1].count, 1u);
    ASSERT_EQ(counts->by_rule.size(), 3u);
    EXPECT_EQ(counts->by_rule[0].name, "platform.unmoved_tracking");
    EXPECT_EQ(counts->by_rule[0].count, 2u);
    ASSERT_EQ(counts->disputes.size(), 2u);
    EXPECT_EQ(counts->disputes[0].name, "FILED");
    EXPECT_EQ(counts->disputes[0].backend, "outbox");
    EXPECT_EQ(counts->disputes[0].count, 2u);
    EXPECT_EQ(counts->disputes[1].name, "PENDING");
    EXPECT_EQ(counts->disputes[1].backend, "zendesk");
    EXPECT_EQ(counts->disputes[1].count, 1u);
}

TEST_P(StoreStatsTest, NextChecksComeEarliestFirstWithoutOrdersThatWaitForNothing) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("shop-1", "late", "WAIT", "r", t0_ + hours(5), t0_),
        decision("shop-1", "none", "NONE", "r", std::nullopt, t0_),
        decision("shop-1", "overdue", "WAIT", "r", t0_ - hours(1), t0_),
        decision("shop-1", "soon", "WAIT", "r", t0_ + minutes(1), t0_),
    }));
    auto next = store_->next_checks(2);
    ASSERT_TRUE(next) << next.error().message;
    ASSERT_EQ(next->size(), 2u);
    EXPECT_EQ((*next)[0].order.order_id, "overdue");
    EXPECT_EQ((*next)[1].order.order_id, "soon");
    auto all = store_->next_checks(10);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 3u);
}

TEST_P(StoreStatsTest, CountsDecisionsAndFilingsPerBucketInsideTheSpanOnly) {
    const Timestamp from = at("2024-07-16T00:00:00Z");
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("shop-1", "before", "WAIT", "r", std::nullopt, from - seconds(1)),
        decision("shop-1", "first", "WAIT", "r", std::nullopt, from),
        decision("shop-1", "first-end", "WAIT", "r", std::nullopt, from + hours(1) - seconds(1)),
        decision("shop-1", "second", "WAIT", "r", std::nullopt, from + hours(1)),
        decision("shop-1", "last", "WAIT", "r", std::nullopt, from + hours(3) + minutes(59)),
        decision("shop-1", "after", "WAIT", "r", std::nullopt, from + hours(4)),
    }));
    ASSERT_TRUE(store_->begin_dispute(request("first", "code.a"), "outbox", from + minutes(30)));
    ASSERT_TRUE(store_->begin_dispute(request("last", "code.a"), "outbox", from + hours(3)));
    ASSERT_TRUE(store_->begin_dispute(request("after", "code.a"), "outbox", from + hours(4)));

    auto buckets = store_->activity(from, hours(1), 4);
    ASSERT_TRUE(buckets) << buckets.error().message;
    ASSERT_EQ(buckets->size(), 4u);
    EXPECT_EQ((*buckets)[0].start, from);
    EXPECT_EQ((*buckets)[3].start, from + hours(3));
    EXPECT_EQ((*buckets)[0].decisions, 2u);
    EXPECT_EQ((*buckets)[1].decisions, 1u);
    EXPECT_EQ((*buckets)[2].decisions, 0u);
    EXPECT_EQ((*buckets)[3].decisions, 1u);
    EXPECT_EQ((*buckets)[0].filings, 1u);
    EXPECT_EQ((*buckets)[1].filings, 0u);
    EXPECT_EQ((*buckets)[3].filings, 1u);
}

TEST_P(StoreStatsTest, GivesTheDecisionsRecordedAfterACursor) {
    auto none = store_->latest_decision_id();
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_EQ(*none, 0);
    ASSERT_TRUE(store_->record_decision(decision("shop-1", "o1", "WAIT", "r1", t0_ + hours(1), t0_)));
    ASSERT_TRUE(store_->record_decision(decision("shop-1", "o2", "FILE_DISPUTE", "r2", std::nullopt, t0_)));
    auto latest = store_->latest_decision_id();
    ASSERT_TRUE(latest);
    auto all = store_->decisions_after(0, 10);
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[1].id, *latest);
    EXPECT_LT((*all)[0].id, (*all)[1].id);
    EXPECT_EQ((*all)[0].order.key(), "tiktok-shop:shop-1:o1");
    EXPECT_EQ((*all)[0].action, "WAIT");
    EXPECT_EQ((*all)[0].next_check_at, t0_ + hours(1));
    EXPECT_EQ((*all)[1].decided_at, t0_);

    ASSERT_TRUE(store_->record_decision(decision("shop-1", "o1", "NONE", "r3", std::nullopt, t0_)));
    auto fresh = store_->decisions_after(*latest, 10);
    ASSERT_TRUE(fresh);
    ASSERT_EQ(fresh->size(), 1u);
    EXPECT_EQ((*fresh)[0].rule, "r3");
    auto one = store_->decisions_after(0, 1);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->size(), 1u);
}

TEST_P(StoreStatsTest, FindsOrdersByTheirOrderIdInEveryShop) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("shop-2", "576", "WAIT", "r", std::nullopt, t0_),
        decision("shop-1", "576", "NONE", "r", std::nullopt, t0_),
        decision("shop-1", "5760", "NONE", "r", std::nullopt, t0_),
    }));
    auto found = store_->orders_with_id("576");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_EQ(found->size(), 2u);
    EXPECT_EQ((*found)[0].order.key(), "tiktok-shop:shop-1:576");
    EXPECT_EQ((*found)[1].order.key(), "tiktok-shop:shop-2:576");
    auto missing = store_->orders_with_id("57");
    ASSERT_TRUE(missing);
    EXPECT_TRUE(missing->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreStatsTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
