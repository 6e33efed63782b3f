// MarketplaceSync: a marketplace plugin's changed orders pulled page by page into real sweeps (the
// fixture-market plugin through the real loader, a real SQLite store), each shop's cursor stored once its
// page is recorded; bad orders reported, failed orders holding the cursor, a shop that cannot be read
// leaving the others to go on, and one order read again on a push.

#include <gtest/gtest.h>

#include "sync_parts.hpp"

namespace unstuck::test {
namespace {

using MarketplaceSyncTest = SyncParts;

TEST_F(MarketplaceSyncTest, ReadsEveryPageOfEveryShopAndStoresEachShopsCursor) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + ", " + picked_up("B") + R"(]}, {"orders": [)" +
          picked_up("C") + R"(]}], "43": [{"orders": [)" + picked_up("D", "43") + "]}]}");
    auto s = pull();
    EXPECT_EQ(s.error_count, 0u) << all_errors(s);
    EXPECT_EQ(s.pulled, 4u);
    EXPECT_EQ(s.lines, 4u);
    EXPECT_EQ(s.decided, 4u);
    EXPECT_EQ(s.filed, 4u);
    EXPECT_EQ(s.pull_errors, 0u);
    EXPECT_EQ(cursor("42"), "2");
    EXPECT_EQ(cursor("43"), "1");
    for (const auto* id : {"A", "B", "C"}) EXPECT_TRUE(recorded(id)) << id;
    EXPECT_TRUE(recorded("D", "43"));
    auto found = store_->find_dispute(pickup_key("D", "43"));
    ASSERT_TRUE(found.ok() && found->has_value());
    EXPECT_EQ((*found)->state, core::DisputeState::kFiled);
    auto reads = calls("changed_orders");
    ASSERT_EQ(reads.size(), 3u);
    EXPECT_NE(reads[0].find(R"("shop_id":"42","cursor":"")"), std::string::npos) << reads[0];
    EXPECT_NE(reads[1].find(R"("shop_id":"42","cursor":"1")"), std::string::npos) << reads[1];
    EXPECT_NE(reads[2].find(R"("shop_id":"43","cursor":"")"), std::string::npos) << reads[2];

    // The next pull starts from the stored cursors: nothing changed, nothing read, nothing filed.
    auto again = pull();
    EXPECT_EQ(again.error_count, 0u) << all_errors(again);
    EXPECT_EQ(again.pulled, 0u);
    EXPECT_EQ(again.filed, 0u);
    EXPECT_EQ(disputes(), 4u);
    reads = calls("changed_orders");
    ASSERT_EQ(reads.size(), 5u);
    EXPECT_NE(reads[3].find(R"("shop_id":"42","cursor":"2")"), std::string::npos) << reads[3];
    EXPECT_NE(reads[4].find(R"("shop_id":"43","cursor":"1")"), std::string::npos) << reads[4];
}

TEST_F(MarketplaceSyncTest, AFailedOrderHoldsItsShopsCursorAndTheNextPullReadsItAgain) {
    write_file(responses_ / "TFAIL.json", "this is no carrier response");
    pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(]}, {"orders": [)" + fetched("B", "TFAIL") + ", " +
          picked_up("C") + R"(]}], "43": [{"orders": [)" + picked_up("D", "43") + "]}]}");
    auto s = pull();
    EXPECT_EQ(s.pulled, 4u);
    EXPECT_EQ(s.decided, 3u);  // the rest of B's page goes on
    EXPECT_EQ(s.failed, 1u);
    EXPECT_EQ(s.filed, 3u);
    ASSERT_EQ(s.errors.size(), 2u) << all_errors(s);
    EXPECT_EQ(s.errors[0].rfind("fixture-market shop 42 order B: packages[0]: replay TFAIL: ", 0), 0u)
        << s.errors[0];
    EXPECT_EQ(s.errors[1],
              "fixture-market shop 42: 1 order could not be decided or recorded (B): its cursor stays before "
              "them and the next pull reads them again");
    EXPECT_EQ(cursor("42"), "1");  // the first page was recorded; the second is read again
    EXPECT_EQ(cursor("43"), "1");  // another shop is not held
    EXPECT_FALSE(recorded("B"));
    EXPECT_TRUE(recorded("C"));

    // The carrier answers again: the page is read again, B decided, C's dispute not filed twice.
    std::filesystem::remove(responses_ / "TFAIL.json");
    auto again = pull();
    EXPECT_EQ(again.error_count, 0u) << all_errors(again);
    EXPECT_EQ(again.pulled, 2u);
    EXPECT_EQ(again.decided, 2u);
    EXPECT_EQ(again.filed, 0u);
    EXPECT_EQ(again.already_filed, 1u);
    EXPECT_TRUE(recorded("B"));
    EXPECT_EQ(cursor("42"), "2");
    EXPECT_EQ(disputes(), 3u);
}

TEST_F(MarketplaceSyncTest, BadOrdersAreReportedOneLineEachAndDoNotHoldTheCursor) {
    std::string other_market = picked_up("E");
    other_market.replace(other_market.find("fixture-market"), 14, "elsewhere");
    const std::string other_shop = picked_up("F", "99");
    pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(, {"order_id": 7}, )" + other_market + ", " +
          other_shop +
          R"(], "errors": [{"order_id": "X", "message": "packages[0].update_time_millis: 1720000000 )"
          R"(is seconds, not milliseconds"}, {"order_id": "", "message": "id: missing"}]}]})");
    auto s = pull();
    EXPECT_EQ(s.pulled, 6u);
    EXPECT_EQ(s.lines, 6u);
    EXPECT_EQ(s.decided, 1u);
    EXPECT_EQ(s.bad_lines, 5u);
    EXPECT_EQ(s.failed, 0u);
    EXPECT_EQ(s.error_count, 5u);
    ASSERT_EQ(s.errors.size(), 5u) << all_errors(s);
    EXPECT_EQ(s.errors[0].rfind("fixture-market shop 42: an order case: order_id: ", 0), 0u) << s.errors[0];
    EXPECT_EQ(s.errors[1],
              R"(fixture-market shop 42 order E: marketplace: "elsewhere" is not fixture-market)");
    EXPECT_EQ(s.errors[2], R"(fixture-market shop 42 order F: shop_id: "99" is not the shop pulled)");
    EXPECT_EQ(s.errors[3],
              "fixture-market shop 42 order X: packages[0].update_time_millis: 1720000000 is seconds, not "
              "milliseconds");
    EXPECT_EQ(s.errors[4], "fixture-market shop 42: an order: id: missing");
    EXPECT_EQ(cursor("42"), "1");
    EXPECT_TRUE(recorded("A"));
    EXPECT_FALSE(recorded("F", "99"));
}

TEST_F(MarketplaceSyncTest, AShopThatCannotBeReadIsOnePullErrorAndTheOtherShopsGoOn) {
    pages(R"({"41": [{"orders": [)" + picked_up("Z", "41") + R"(]}], "42": [{"orders": [)" + picked_up("A") +
          R"(]}], "43": [{"orders": [)" + picked_up("D", "43") + "]}]}");
    control(R"({"pull": {"41": "rejected", "42": "retry"}})");
    auto s = pull();
    EXPECT_EQ(s.pull_errors, 2u);
    EXPECT_EQ(s.pulled, 1u);
    EXPECT_EQ(s.decided, 1u);
    ASSERT_EQ(s.errors.size(), 2u) << all_errors(s);
    EXPECT_EQ(
        s.errors[0],
        "fixture-market shop 41: reading its changed orders: fixture-market: pull of shop 41: refused as "
        "told");
    EXPECT_EQ(
        s.errors[1],
        "fixture-market shop 42: reading its changed orders: fixture-market: pull of shop 42: try again "
        "(retry after 30 s)");
    EXPECT_EQ(cursor("41"), std::nullopt);
    EXPECT_EQ(cursor("42"), std::nullopt);
    EXPECT_EQ(cursor("43"), "1");

    // A plugin that throws is contained as a refusal naming it.
    control(R"({"pull": {"42": "throw"}})");
    auto thrown = pull();
    EXPECT_EQ(thrown.pull_errors, 1u);
    ASSERT_EQ(thrown.errors.size(), 1u) << all_errors(thrown);
    EXPECT_EQ(thrown.errors[0].rfind("fixture-market shop 42: reading its changed orders: ", 0), 0u)
        << thrown.errors[0];
    EXPECT_NE(thrown.errors[0].find("threw as told"), std::string::npos) << thrown.errors[0];
    EXPECT_EQ(thrown.decided, 1u);  // shop 41 now answers
    EXPECT_EQ(cursor("41"), "1");
    EXPECT_EQ(cursor("42"), std::nullopt);
}

TEST_F(MarketplaceSyncTest, RefreshReadsOneOrderAndSweepsItItsRemedySentOnce) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + ", " + delivered("R1") + "]}]}");
    auto first = with_sync(false, [](core::MarketplaceSync& sync, core::SweepSummary& s) {
        EXPECT_TRUE(sync.refresh("42", "R1", s));
    });
    EXPECT_EQ(first.error_count, 0u) << all_errors(first);
    EXPECT_EQ(first.pulled, 1u);
    EXPECT_EQ(first.decided, 1u);
    EXPECT_EQ(first.remedies_applied, 1u);
    EXPECT_TRUE(recorded("R1"));
    EXPECT_FALSE(recorded("A"));                   // only the order asked for
    EXPECT_EQ(cursor("42"), std::nullopt);         // a refresh moves no cursor
    EXPECT_TRUE(calls("changed_orders").empty());  // nor reads pages

    auto second = with_sync(false, [](core::MarketplaceSync& sync, core::SweepSummary& s) {
        EXPECT_TRUE(sync.refresh("42", "R1", s));
    });
    EXPECT_EQ(second.remedies_applied, 0u);
    EXPECT_EQ(second.remedies_already, 1u);
    EXPECT_EQ(calls("update_delivery_status").size(), 1u);

    auto missing = with_sync(false, [](core::MarketplaceSync& sync, core::SweepSummary& s) {
        EXPECT_FALSE(sync.refresh("42", "NOPE", s));
    });
    EXPECT_EQ(missing.pull_errors, 1u);
    EXPECT_EQ(missing.pulled, 0u);
    ASSERT_EQ(missing.errors.size(), 1u);
    EXPECT_EQ(missing.errors[0], "fixture-market shop 42 order NOPE: reading it: not found");

    control(R"({"order": {"R1": "retry"}})");
    auto retry = with_sync(false, [](core::MarketplaceSync& sync, core::SweepSummary& s) {
        EXPECT_FALSE(sync.refresh("42", "R1", s));
    });
    ASSERT_EQ(retry.errors.size(), 1u);
    EXPECT_EQ(retry.errors[0],
              "fixture-market shop 42 order R1: reading it: fixture-market: order R1: try again (retry after "
              "30 s)");
}

TEST_F(MarketplaceSyncTest, ADryRunReadsFromTheStartAndStoresNothing) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(]}, {"orders": [)" + delivered("R1") + "]}]}");
    auto s = pull(true);
    EXPECT_EQ(s.error_count, 0u) << all_errors(s);
    EXPECT_EQ(s.pulled, 2u);
    EXPECT_EQ(s.decided, 2u);
    EXPECT_EQ(s.would_file, 1u);
    EXPECT_EQ(s.remedies_would_apply, 1u);
    EXPECT_EQ(cursor("42"), std::nullopt);
    EXPECT_FALSE(recorded("A"));
    EXPECT_EQ(disputes(), 0u);
    EXPECT_TRUE(calls("update_delivery_status").empty());
}

TEST_F(MarketplaceSyncTest, AnUnpreparedSyncReadsNothing) {
    core::Sweep sweep(*host_, *engine_, store_.get(), options(false));
    ASSERT_TRUE(sweep.prepare());
    core::MarketplaceSync sync(*host_, sweep, store_.get(), "no-such-market");
    auto ready = sync.prepare();
    ASSERT_FALSE(ready);
    EXPECT_EQ(ready.message(), "plugin no-such-market: not found in the plugin folders");
    core::SweepSummary s;
    sync.pull(s);
    EXPECT_EQ(s.pull_errors, 1u);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0], "no-such-market: the marketplace plugin was not prepared");
}

}  // namespace
}  // namespace unstuck::test
