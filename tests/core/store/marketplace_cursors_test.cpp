// Marketplace cursors in the store: none before the first pull, then the last one saved, per plugin and shop;
// on SQLite and on the PostgreSQL test server.

#include <gtest/gtest.h>

#include "core/store/store_database.hpp"

namespace unstuck::test {
namespace {

class MarketplaceCursorsTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        store_ = db_->open();
        ASSERT_TRUE(store_);
    }

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<core::CaseStore> store_;
    sdk::Timestamp t0_ = sdk::parse_timestamp("2024-07-16T20:00:00Z").value();
};

TEST_P(MarketplaceCursorsTest, NoneBeforeTheFirstSaveThenTheLastSavedPerPluginAndShop) {
    auto none = store_->marketplace_cursor("tiktok-shop", "shop-1");
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_FALSE(none->has_value());

    ASSERT_TRUE(store_->save_marketplace_cursor("tiktok-shop", "shop-1", "1721160000:", t0_));
    ASSERT_TRUE(store_->save_marketplace_cursor("tiktok-shop", "shop-2", "1721000000:tok", t0_));
    ASSERT_TRUE(store_->save_marketplace_cursor("other", "shop-1", "7", t0_));
    auto saved = store_->save_marketplace_cursor("tiktok-shop", "shop-1", "1721170000:next", t0_);
    ASSERT_TRUE(saved) << saved.message();

    auto shop1 = store_->marketplace_cursor("tiktok-shop", "shop-1");
    ASSERT_TRUE(shop1 && shop1->has_value());
    EXPECT_EQ(**shop1, "1721170000:next");
    auto shop2 = store_->marketplace_cursor("tiktok-shop", "shop-2");
    ASSERT_TRUE(shop2 && shop2->has_value());
    EXPECT_EQ(**shop2, "1721000000:tok");
    auto other = store_->marketplace_cursor("other", "shop-1");
    ASSERT_TRUE(other && other->has_value());
    EXPECT_EQ(**other, "7");
}

TEST_P(MarketplaceCursorsTest, AnEmptyCursorIsKeptAsEmptyNotAsNone) {
    ASSERT_TRUE(store_->save_marketplace_cursor("tiktok-shop", "shop-1", "", t0_));
    auto cursor = store_->marketplace_cursor("tiktok-shop", "shop-1");
    ASSERT_TRUE(cursor && cursor->has_value());
    EXPECT_EQ(**cursor, "");
}

TEST_P(MarketplaceCursorsTest, ACursorWithoutAPluginIsRefused) {
    auto s = store_->save_marketplace_cursor("", "shop-1", "x", t0_);
    ASSERT_FALSE(s);
    EXPECT_NE(s.message().find("no marketplace plugin named"), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(Backends, MarketplaceCursorsTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
