// Several hosts on one database: two store objects (two hosts, each with its own session pool) share work.

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "core/store/store_database.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::DecisionRecord;
using core::OrderRef;
using sdk::Timestamp;

const Timestamp kNow = Timestamp(std::chrono::seconds(1721160000));  // 2024-07-16T20:00:00Z

OrderRef order_ref(int i) {
    return {"tiktok-shop", "shop-1", "o" + std::to_string(i)};
}

sdk::DisputeRequest request(int i) {
    sdk::DisputeRequest r;
    r.marketplace = "tiktok-shop";
    r.shop_id = "shop-1";
    r.order_id = "o" + std::to_string(i);
    r.code = "pick_up_issues.picked_up_not_updated";
    r.key = "tiktok-shop:shop-1:o" + std::to_string(i) + ":" + r.code;
    return r;
}

DecisionRecord decided(const OrderRef& order, Timestamp at, std::optional<Timestamp> next_check = {}) {
    DecisionRecord r;
    r.order = order;
    r.action = "WAIT";
    r.rule = "platform.awaiting_pickup";
    r.next_check_at = next_check;
    r.decision_json = "{\"order_id\":\"" + order.order_id + "\"}";
    r.decided_at = at;
    return r;
}

class SeveralHostsTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        a_ = db_->open("host-a");
        b_ = db_->open("host-b");
        ASSERT_TRUE(a_ && b_);
    }

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<CaseStore> a_, b_;
};

TEST_P(SeveralHostsTest, ConcurrentBeginsOfOneKeyHaveOneWinnerAcrossHosts) {
    constexpr int kKeys = 40;
    std::mutex mutex;
    std::multiset<int> winners;
    std::atomic<int> failed{0};
    auto run = [&](CaseStore& store, const std::string& backend) {
        std::vector<std::thread> threads;
        for (int t = 0; t < 3; ++t)
            threads.emplace_back([&] {
                for (int k = 0; k < kKeys; ++k) {
                    auto begun = store.begin_dispute(request(k), backend, kNow);
                    if (!begun) {
                        ++failed;
                        ADD_FAILURE() << begun.error().message;
                        continue;
                    }
                    if (begun->created) {
                        std::lock_guard lock(mutex);
                        winners.insert(k);
                    }
                    EXPECT_EQ(begun->record.key, request(k).key);
                }
            });
        for (auto& th : threads) th.join();
    };
    std::thread host_a([&] { run(*a_, "outbox"); });
    std::thread host_b([&] { run(*b_, "zendesk"); });
    host_a.join();
    host_b.join();
    EXPECT_EQ(failed, 0);
    ASSERT_EQ(winners.size(), static_cast<std::size_t>(kKeys)) << "every key is begun exactly once";
    for (int k = 0; k < kKeys; ++k) EXPECT_EQ(winners.count(k), 1u) << k;
    auto all = a_->list_disputes();
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), static_cast<std::size_t>(kKeys));
}

// Order claims matter where several hosts share a database: PostgreSQL (one host per SQLite file, where every
// claim succeeds: CaseStoreTest.ClaimsOrdersForThisHost).
class PostgresHostsTest : public SeveralHostsTest {};

// Two hosts run the same sweep over one order set: each claims a chunk, decides what it holds, goes on.
TEST_P(PostgresHostsTest, TwoHostsSplitOneOrderSet) {
    constexpr int kOrders = 300;
    constexpr std::size_t kChunk = 7;
    std::vector<OrderRef> orders;
    for (int i = 0; i < kOrders; ++i) orders.push_back(order_ref(i));
    const Timestamp sweep_start = kNow;

    auto sweep = [&](CaseStore& store, std::vector<std::string>& done, int salt) {
        for (std::size_t from = 0; from < orders.size(); from += kChunk) {
            // The hosts walk the set in different orders so that they meet on the same chunks.
            std::size_t start = salt ? orders.size() - std::min(orders.size(), from + kChunk) : from;
            std::span<const OrderRef> chunk(orders.data() + start, std::min(kChunk, orders.size() - start));
            auto claimed = store.claim_orders(chunk, kNow, sweep_start);
            ASSERT_TRUE(claimed) << claimed.error().message;
            ASSERT_EQ(claimed->size(), chunk.size());
            std::vector<DecisionRecord> records;
            std::vector<OrderRef> mine;
            for (std::size_t i = 0; i < chunk.size(); ++i) {
                if (!(*claimed)[i]) continue;
                done.push_back(chunk[i].key());
                records.push_back(decided(chunk[i], kNow + std::chrono::seconds(1)));
                mine.push_back(chunk[i]);
            }
            ASSERT_TRUE(store.record_decisions(records));
            ASSERT_TRUE(store.release_claims(mine));
        }
    };
    std::vector<std::string> done_a, done_b;
    std::thread host_a([&] { sweep(*a_, done_a, 0); });
    std::thread host_b([&] { sweep(*b_, done_b, 1); });
    host_a.join();
    host_b.join();

    std::set<std::string> set_a(done_a.begin(), done_a.end()), set_b(done_b.begin(), done_b.end());
    EXPECT_EQ(set_a.size(), done_a.size()) << "host a did no order twice";
    EXPECT_EQ(set_b.size(), done_b.size()) << "host b did no order twice";
    std::vector<std::string> both;
    std::set_intersection(set_a.begin(), set_a.end(), set_b.begin(), set_b.end(), std::back_inserter(both));
    EXPECT_TRUE(both.empty()) << both.size() << " orders were done by both hosts, e.g. " << both.front();
    EXPECT_EQ(set_a.size() + set_b.size(), static_cast<std::size_t>(kOrders)) << "every order was done";
    EXPECT_FALSE(set_a.empty());
    EXPECT_FALSE(set_b.empty());
}

TEST_P(PostgresHostsTest, AClaimHoldsUntilReleasedOrExpired) {
    std::vector<OrderRef> orders{order_ref(1), order_ref(2)};
    auto by_a = a_->claim_orders(orders, kNow);
    ASSERT_TRUE(by_a) << by_a.error().message;
    EXPECT_EQ(*by_a, (std::vector<bool>{true, true}));
    auto by_b = b_->claim_orders(orders, kNow + std::chrono::seconds(1));
    ASSERT_TRUE(by_b);
    EXPECT_EQ(*by_b, (std::vector<bool>{false, false}));

    ASSERT_TRUE(a_->release_claims(std::span(orders.data(), 1)));
    by_b = b_->claim_orders(orders, kNow + std::chrono::seconds(2));
    ASSERT_TRUE(by_b);
    EXPECT_EQ(*by_b, (std::vector<bool>{true, false}));

    // A host that died keeps nothing past its lease.
    auto after_lease = kNow + a_->options().claim_lease + std::chrono::seconds(1);
    by_b = b_->claim_orders(orders, after_lease);
    ASSERT_TRUE(by_b);
    EXPECT_EQ(*by_b, (std::vector<bool>{true, true}));

    // An order decided since the sweep began is not claimed again, not even by the host that decided it.
    ASSERT_TRUE(b_->record_decision(decided(orders[0], after_lease)));
    ASSERT_TRUE(b_->release_claims(orders));
    auto again = a_->claim_orders(orders, after_lease + std::chrono::seconds(1), after_lease);
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, (std::vector<bool>{false, true}));
    auto own = b_->claim_orders(orders, after_lease + std::chrono::seconds(1), after_lease);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->at(0), false);
}

TEST_P(SeveralHostsTest, HostsClaimDisjointDueOrders) {
    constexpr int kDue = 40;
    std::vector<DecisionRecord> records;
    for (int i = 0; i < kDue; ++i)
        records.push_back(decided(order_ref(i), kNow, kNow - std::chrono::minutes(i)));
    records.push_back(decided(order_ref(1000), kNow, kNow + std::chrono::hours(1)));  // not due
    ASSERT_TRUE(a_->record_decisions(records));

    std::vector<std::string> got_a, got_b;
    auto take = [&](CaseStore& store, std::vector<std::string>& got) {
        for (int round = 0; round < 20; ++round) {
            auto due = store.claim_due(kNow, 3);
            ASSERT_TRUE(due) << due.error().message;
            for (const auto& o : *due) got.push_back(o.order.key());
        }
    };
    std::thread host_a([&] { take(*a_, got_a); });
    std::thread host_b([&] { take(*b_, got_b); });
    host_a.join();
    host_b.join();
    std::set<std::string> set_a(got_a.begin(), got_a.end()), set_b(got_b.begin(), got_b.end());
    if (db_->sqlite()) {
        // One host: claim_due lists what is due, earliest first, and claims nothing.
        EXPECT_EQ(set_a.size(), 3u);
        EXPECT_EQ(got_a.front(), order_ref(kDue - 1).key());
        return;
    }
    EXPECT_EQ(set_a.size() + set_b.size(), static_cast<std::size_t>(kDue))
        << "every due order was claimed once";
    std::vector<std::string> both;
    std::set_intersection(set_a.begin(), set_a.end(), set_b.begin(), set_b.end(), std::back_inserter(both));
    EXPECT_TRUE(both.empty());
    EXPECT_EQ(set_a.count(order_ref(1000).key()) + set_b.count(order_ref(1000).key()), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, SeveralHostsTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);
INSTANTIATE_TEST_SUITE_P(Backends, PostgresHostsTest, ::testing::Values(StoreKind::kPostgresql),
                         store_kind_name);

}  // namespace
}  // namespace unstuck::test
