// Seller-shipped remedies in the store: one PENDING row per key whoever comes first, then APPLIED or
// REJECTED, failed attempts counted, listed by state and by order; on SQLite and on the PostgreSQL test
// server.

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/store/store_database.hpp"
#include "unstuck/core/store/pod_update_json.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::RemedyState;
using sdk::Timestamp;

Timestamp at(const std::string& text) {
    return sdk::parse_timestamp(text).value();
}

sdk::PodUpdate update(const std::string& order_id, const std::string& package_id) {
    sdk::PodUpdate u;
    u.marketplace = "tiktok-shop";
    u.shop_id = "shop-1";
    u.order_id = order_id;
    u.package_id = package_id;
    u.key = u.marketplace + ":" + u.shop_id + ":" + order_id + ":" + package_id + ":pod";
    u.tracking_number = "1Z" + package_id;
    u.delivered_at = at("2024-07-13T20:00:00Z");
    u.proof.push_back({"pod.png", "/evidence/pod.png", "image/png"});
    return u;
}

class RemediesTest : public ::testing::TestWithParam<StoreKind> {
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
    Timestamp t1_ = at("2024-07-16T20:05:00Z");
};

TEST_P(RemediesTest, BeginWritesOnePendingRowWithEveryColumnAndTheSecondCallerFindsIt) {
    const auto u = update("o1", "P1");
    auto first = store_->begin_remedy(u, "tiktok-shop", t0_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->created);
    const core::RemedyRecord& r = first->record;
    EXPECT_EQ(r.key, "tiktok-shop:shop-1:o1:P1:pod");
    EXPECT_EQ(r.order_key, "tiktok-shop:shop-1:o1");
    EXPECT_EQ(r.marketplace, "tiktok-shop");
    EXPECT_EQ(r.shop_id, "shop-1");
    EXPECT_EQ(r.order_id, "o1");
    EXPECT_EQ(r.package_id, "P1");
    EXPECT_EQ(r.plugin, "tiktok-shop");
    EXPECT_EQ(r.state, RemedyState::kPending);
    EXPECT_EQ(r.attempts, 0);
    EXPECT_EQ(r.last_error, "");
    EXPECT_EQ(r.proof_url, "");
    EXPECT_EQ(r.created_at, t0_);
    EXPECT_EQ(r.updated_at, t0_);
    auto stored = core::parse_pod_update(r.request_json);
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_EQ(stored->key, u.key);
    EXPECT_EQ(stored->tracking_number, "1ZP1");
    EXPECT_EQ(stored->delivered_at, u.delivered_at);
    ASSERT_EQ(stored->proof.size(), 1u);
    EXPECT_EQ(stored->proof[0].path, "/evidence/pod.png");
    EXPECT_EQ(stored->proof[0].media_type, "image/png");

    auto second = store_->begin_remedy(update("o1", "P1"), "other-plugin", t1_);
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_FALSE(second->created);
    EXPECT_EQ(second->record.plugin, "tiktok-shop");  // the row as the first caller wrote it
    EXPECT_EQ(second->record.created_at, t0_);
}

TEST_P(RemediesTest, OnlyOneOfManyConcurrentCallersCreatesTheRow) {
    std::atomic<int> created{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i)
        threads.emplace_back([&] {
            auto begun = store_->begin_remedy(update("o2", "P1"), "tiktok-shop", t0_);
            if (begun && begun->created) ++created;
            EXPECT_TRUE(begun) << begun.error().message;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(created.load(), 1);
}

TEST_P(RemediesTest, PendingBecomesAppliedWithTheProofUrlAndOnlyOnce) {
    const auto u = update("o3", "P1");
    ASSERT_TRUE(store_->begin_remedy(u, "tiktok-shop", t0_));
    ASSERT_TRUE(store_->record_remedy_failure(u.key, "429 rate limited", t0_));
    auto applied = store_->mark_remedy_applied(u.key, "https://market.invalid/p.png", t1_);
    ASSERT_TRUE(applied) << applied.message();
    auto found = store_->find_remedy(u.key);
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->state, RemedyState::kApplied);
    EXPECT_EQ((*found)->attempts, 2);
    EXPECT_EQ((*found)->last_error, "");
    EXPECT_EQ((*found)->proof_url, "https://market.invalid/p.png");
    EXPECT_EQ((*found)->updated_at, t1_);
    EXPECT_TRUE(store_->mark_remedy_applied(u.key, "https://market.invalid/p.png", t1_));  // a no-op

    auto rejected = store_->mark_remedy_rejected(u.key, "too late", t1_);
    ASSERT_FALSE(rejected);
    EXPECT_NE(rejected.message().find("remedy " + u.key + ": is APPLIED, cannot mark it REJECTED"),
              std::string::npos)
        << rejected.message();
    auto failure = store_->record_remedy_failure(u.key, "x", t1_);
    EXPECT_FALSE(failure);
}

TEST_P(RemediesTest, RejectedKeepsTheReasonAndIsFinal) {
    const auto u = update("o4", "P1");
    ASSERT_TRUE(store_->begin_remedy(u, "tiktok-shop", t0_));
    ASSERT_TRUE(store_->mark_remedy_rejected(u.key, "not a seller-fleet shop", t1_));
    auto found = store_->find_remedy(u.key);
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((*found)->state, RemedyState::kRejected);
    EXPECT_EQ((*found)->last_error, "not a seller-fleet shop");
    EXPECT_EQ((*found)->attempts, 1);
    EXPECT_TRUE(store_->mark_remedy_rejected(u.key, "not a seller-fleet shop", t1_));  // the same: a no-op
    auto applied = store_->mark_remedy_applied(u.key, "", t1_);
    ASSERT_FALSE(applied);
    EXPECT_NE(applied.message().find("is REJECTED, cannot mark it APPLIED"), std::string::npos)
        << applied.message();
}

TEST_P(RemediesTest, AKeyNotInTheStoreIsAnErrorNamingIt) {
    auto s = store_->mark_remedy_applied("tiktok-shop:shop-1:none:P1:pod", "", t0_);
    ASSERT_FALSE(s);
    EXPECT_NE(s.message().find("remedy tiktok-shop:shop-1:none:P1:pod: not in the store"), std::string::npos)
        << s.message();
    auto found = store_->find_remedy("tiktok-shop:shop-1:none:P1:pod");
    ASSERT_TRUE(found);
    EXPECT_FALSE(found->has_value());
    auto no_key = store_->begin_remedy(sdk::PodUpdate{}, "tiktok-shop", t0_);
    EXPECT_FALSE(no_key);
}

TEST_P(RemediesTest, ListsThePendingOnesOldestFirstAndAnOrdersOwn) {
    ASSERT_TRUE(store_->begin_remedy(update("o5", "P2"), "tiktok-shop", t1_));
    ASSERT_TRUE(store_->begin_remedy(update("o5", "P1"), "tiktok-shop", t0_));
    ASSERT_TRUE(store_->begin_remedy(update("o6", "P1"), "tiktok-shop", t0_));
    ASSERT_TRUE(store_->mark_remedy_applied(update("o6", "P1").key, "", t1_));

    auto pending = store_->pending_remedies();
    ASSERT_TRUE(pending) << pending.error().message;
    ASSERT_EQ(pending->size(), 2u);
    EXPECT_EQ((*pending)[0].key, update("o5", "P1").key);
    EXPECT_EQ((*pending)[1].key, update("o5", "P2").key);

    auto of_o6 = store_->remedies_of({"tiktok-shop", "shop-1", "o6"});
    ASSERT_TRUE(of_o6) << of_o6.error().message;
    ASSERT_EQ(of_o6->size(), 1u);
    EXPECT_EQ((*of_o6)[0].state, RemedyState::kApplied);
    auto of_none = store_->remedies_of({"tiktok-shop", "shop-1", "o7"});
    ASSERT_TRUE(of_none);
    EXPECT_TRUE(of_none->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RemediesTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
