// The store's paged lists, the package index by tracking number and pushed snapshots, on SQLite and on
// the PostgreSQL test server.

#include <gtest/gtest.h>

#include <set>

#include "core/store/store_database.hpp"
#include "unstuck/core/policy/policy.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::DecisionRecord;
using core::DisputeQuery;
using core::DisputeState;
using core::OrderQuery;
using core::OrderRef;
using sdk::Timestamp;
using namespace Poco::Data::Keywords;

Timestamp at(const std::string& text) {
    auto t = sdk::parse_timestamp(text);
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
}

OrderRef order_ref(const std::string& id) {
    return {"tiktok-shop", "shop-1", id};
}

DecisionRecord decision(const std::string& order_id, const std::string& action, const std::string& rule,
                        std::optional<Timestamp> next_check, Timestamp decided_at) {
    DecisionRecord r;
    r.order = order_ref(order_id);
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

OrderQuery orders_where(std::string action, std::string rule = {}, std::optional<Timestamp> due_before = {}) {
    return OrderQuery{std::move(action), std::move(rule), due_before};
}

DisputeQuery disputes_where(std::optional<DisputeState> state, std::string backend = {},
                            std::string order_key = {}) {
    return DisputeQuery{state, std::move(backend), std::move(order_key)};
}

core::PackageCase package(std::string id, std::string tracking, std::string carrier) {
    core::PackageCase p;
    p.package_id = std::move(id);
    p.tracking_number = std::move(tracking);
    p.carrier = std::move(carrier);
    return p;
}

std::vector<std::string> ids(const std::vector<core::OrderRecord>& orders) {
    std::vector<std::string> out;
    for (const auto& o : orders) out.push_back(o.order.order_id);
    return out;
}

class StoreQueriesTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
        store_ = db_->open();
        ASSERT_TRUE(store_);
    }

    std::int64_t count(const std::string& sql) {
        auto s = db_->session();
        Poco::Int64 n = -1;
        s << sql, into(n), now;
        return n;
    }

    // Every page of a listing, following the cursors; fails the test on an error.
    std::vector<std::vector<std::string>> order_pages(const OrderQuery& query, std::size_t limit) {
        std::vector<std::vector<std::string>> pages;
        std::string cursor;
        do {
            auto page = store_->list_orders(query, limit, cursor);
            if (!page) {
                ADD_FAILURE() << page.error().message;
                break;
            }
            pages.push_back(ids(page->orders));
            EXPECT_TRUE(core::is_order_cursor(page->next_cursor)) << page->next_cursor;
            cursor = page->next_cursor;
        } while (!cursor.empty() && pages.size() < 100);
        return pages;
    }

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<CaseStore> store_;
    Timestamp t0_ = at("2024-07-16T20:00:00Z");
};

using Pages = std::vector<std::vector<std::string>>;

TEST_P(StoreQueriesTest, ListsOrdersPageByPageByKey) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("o3", "WAIT", "platform.awaiting_pickup", t0_ + std::chrono::hours(5), t0_),
        decision("o1", "FILE_DISPUTE", "platform.picked_up_not_updated", std::nullopt, t0_),
        decision("o5", "WAIT", "platform.awaiting_pickup", t0_ - std::chrono::hours(1), t0_),
        decision("o2", "NONE", "carrier.delivered", std::nullopt, t0_),
        decision("o4", "WAIT", "carrier.in_transit", t0_, t0_),
    }));
    EXPECT_EQ(order_pages({}, 2), (Pages{{"o1", "o2"}, {"o3", "o4"}, {"o5"}}));
    EXPECT_EQ(order_pages({}, 5), (Pages{{"o1", "o2", "o3", "o4", "o5"}}))
        << "a full last page has no cursor";
    EXPECT_EQ(order_pages({}, 100), (Pages{{"o1", "o2", "o3", "o4", "o5"}}));

    auto first = store_->list_orders({}, 1, "");
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->orders.size(), 1u);
    EXPECT_EQ(first->orders[0].action, "FILE_DISPUTE");
    EXPECT_EQ(first->orders[0].decision_json, R"({"order_id":"o1","action":"FILE_DISPUTE"})");

    // An order written after a page was read shows up on a later page, never twice.
    auto page = store_->list_orders({}, 2, "");
    ASSERT_TRUE(page);
    ASSERT_TRUE(store_->record_decision(decision("o0", "WAIT", "r", t0_, t0_)));
    ASSERT_TRUE(store_->record_decision(decision("o9", "WAIT", "r", t0_, t0_)));
    auto rest = store_->list_orders({}, 100, page->next_cursor);
    ASSERT_TRUE(rest);
    EXPECT_EQ(ids(rest->orders), (std::vector<std::string>{"o3", "o4", "o5", "o9"}));
}

TEST_P(StoreQueriesTest, FiltersOrdersByActionRuleAndDueTime) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("o3", "WAIT", "platform.awaiting_pickup", t0_ + std::chrono::hours(5), t0_),
        decision("o1", "FILE_DISPUTE", "platform.picked_up_not_updated", std::nullopt, t0_),
        decision("o5", "WAIT", "platform.awaiting_pickup", t0_ - std::chrono::hours(1), t0_),
        decision("o2", "NONE", "carrier.delivered", std::nullopt, t0_),
        decision("o4", "WAIT", "carrier.in_transit", t0_, t0_),
    }));
    EXPECT_EQ(order_pages(orders_where("WAIT"), 2), (Pages{{"o3", "o4"}, {"o5"}}));
    EXPECT_EQ(order_pages(orders_where("", "platform.awaiting_pickup"), 10), (Pages{{"o3", "o5"}}));
    EXPECT_EQ(order_pages(orders_where("WAIT", "carrier.in_transit"), 10), (Pages{{"o4"}}));
    EXPECT_EQ(order_pages(orders_where("", "", t0_), 10), (Pages{{"o4", "o5"}}))
        << "at or before, never without one";
    EXPECT_EQ(order_pages(orders_where("WAIT", "", t0_ - std::chrono::seconds(1)), 10), (Pages{{"o5"}}));
    EXPECT_EQ(order_pages(orders_where("ESCALATE"), 10), (Pages{{}}));
}

TEST_P(StoreQueriesTest, RefusesACursorItDidNotGive) {
    ASSERT_TRUE(store_->record_decision(decision("o1", "WAIT", "r", t0_, t0_)));
    for (std::string bad : {"garbage", "o1.zz", "o1.abc", "d1.12.6f31", "o1."}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(core::is_order_cursor(bad));
        auto page = store_->list_orders({}, 10, bad);
        ASSERT_FALSE(page);
        EXPECT_EQ(page.error().message.rfind("cursor: ", 0), 0u) << page.error().message;
    }
    for (std::string bad : {"garbage", "o1.6f31", "d1.x.6f31", "d1.12.", "d1..6f31"}) {
        SCOPED_TRACE(bad);
        EXPECT_FALSE(core::is_dispute_cursor(bad));
        auto page = store_->list_disputes(DisputeQuery{}, 10, bad);
        ASSERT_FALSE(page);
        EXPECT_EQ(page.error().message.rfind("cursor: ", 0), 0u) << page.error().message;
    }
    EXPECT_TRUE(core::is_order_cursor(""));
    EXPECT_TRUE(core::is_dispute_cursor(""));
}

TEST_P(StoreQueriesTest, ListsDisputesPageByPageWithFilters) {
    // Two disputes share a creation instant: the key orders them.
    struct Made {
        std::string order, code, backend;
        Timestamp created;
    };
    std::vector<Made> made{
        {"o1", "code.a", "outbox", t0_},
        {"o2", "code.b", "outbox", t0_ + std::chrono::minutes(1)},
        {"o1", "code.c", "zendesk", t0_ + std::chrono::minutes(1)},
        {"o3", "code.a", "outbox", t0_ + std::chrono::minutes(2)},
        {"o2", "code.d", "zendesk", t0_ + std::chrono::minutes(3)},
    };
    for (const auto& m : made)
        ASSERT_TRUE(store_->begin_dispute(request(m.order, m.code), m.backend, m.created));
    ASSERT_TRUE(store_->mark_filed("tiktok-shop:shop-1:o2:code.b", {"T-1", ""}, t0_));
    ASSERT_TRUE(store_->mark_rejected("tiktok-shop:shop-1:o3:code.a", "duplicate", t0_));

    auto pages = [&](const DisputeQuery& query, std::size_t limit) {
        std::vector<std::vector<std::string>> out;
        std::string cursor;
        do {
            auto page = store_->list_disputes(query, limit, cursor);
            if (!page) {
                ADD_FAILURE() << page.error().message;
                break;
            }
            std::vector<std::string> keys;
            for (const auto& d : page->disputes) keys.push_back(d.order.order_id + ":" + d.code);
            out.push_back(keys);
            cursor = page->next_cursor;
        } while (!cursor.empty() && out.size() < 100);
        return out;
    };
    EXPECT_EQ(pages({}, 2), (Pages{{"o1:code.a", "o1:code.c"}, {"o2:code.b", "o3:code.a"}, {"o2:code.d"}}));
    EXPECT_EQ(pages({}, 1).size(), 5u);
    EXPECT_EQ(pages(disputes_where(DisputeState::kPending), 10),
              (Pages{{"o1:code.a", "o1:code.c", "o2:code.d"}}));
    EXPECT_EQ(pages(disputes_where(DisputeState::kFiled), 10), (Pages{{"o2:code.b"}}));
    EXPECT_EQ(pages(disputes_where(std::nullopt, "zendesk"), 1), (Pages{{"o1:code.c"}, {"o2:code.d"}}));
    EXPECT_EQ(pages(disputes_where(std::nullopt, "", "tiktok-shop:shop-1:o2"), 10),
              (Pages{{"o2:code.b", "o2:code.d"}}));
    EXPECT_EQ(pages(disputes_where(DisputeState::kPending, "outbox", "tiktok-shop:shop-1:o1"), 10),
              (Pages{{"o1:code.a"}}));

    auto one = store_->list_disputes(disputes_where(DisputeState::kFiled), 10, "");
    ASSERT_TRUE(one);
    ASSERT_EQ(one->disputes.size(), 1u);
    EXPECT_EQ(one->disputes[0].remote_id, "T-1");
    EXPECT_EQ(one->disputes[0].backend, "outbox");
}

TEST_P(StoreQueriesTest, DecisionRecordTakesTheCasePackagesWithATrackingNumber) {
    core::OrderCase order;
    order.order_id = "o1";
    order.shop_id = "shop-1";
    order.packages.push_back(package("pkg-1", "1Z1", "ups"));
    order.packages.push_back(package("", "7712", ""));
    order.packages.back().raw = core::RawTracking{"fedex", "{}"};
    order.packages.push_back(package("pkg-3", "", "ups"));
    core::Policy policy;
    core::Decision decided;
    decided.policy = &policy;
    auto record = DecisionRecord::of(order, decided, t0_);
    EXPECT_EQ(record.packages,
              (std::vector<core::OrderPackage>{{"pkg-1", "1Z1", "ups"}, {"7712", "7712", "fedex"}}));
}

TEST_P(StoreQueriesTest, FindsTheOrdersHoldingATrackingNumber) {
    auto a = decision("o-a", "WAIT", "r", t0_, t0_);
    a.order_json = R"({"order_id":"o-a"})";
    a.packages = {{"pkg-1", "1Z1", "ups"}, {"pkg-2", "SHARED", "ninjavan"}};
    auto b = decision("o-b", "WAIT", "r", t0_, t0_);
    b.packages = {{"SHARED", "SHARED", "ninjavan"}};
    ASSERT_TRUE(store_->record_decisions(std::vector{a, b}));

    auto found = store_->orders_with_tracking("SHARED");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(ids(*found), (std::vector<std::string>{"o-a", "o-b"}));
    found = store_->orders_with_tracking("1Z1");
    ASSERT_TRUE(found);
    ASSERT_EQ(ids(*found), (std::vector<std::string>{"o-a"}));
    EXPECT_EQ((*found)[0].order_json, a.order_json);
    found = store_->orders_with_tracking("unknown");
    ASSERT_TRUE(found);
    EXPECT_TRUE(found->empty());

    // A later record with packages replaces the order's index; one without keeps it.
    auto again = decision("o-a", "WAIT", "r", t0_, t0_ + std::chrono::hours(1));
    ASSERT_TRUE(store_->record_decision(again));
    EXPECT_EQ(ids(*store_->orders_with_tracking("1Z1")), (std::vector<std::string>{"o-a"}));
    again.packages = {{"pkg-1", "1Z9", "ups"}};
    ASSERT_TRUE(store_->record_decision(again));
    EXPECT_TRUE(store_->orders_with_tracking("1Z1")->empty());
    EXPECT_EQ(ids(*store_->orders_with_tracking("SHARED")), (std::vector<std::string>{"o-b"}));
    EXPECT_EQ(ids(*store_->orders_with_tracking("1Z9")), (std::vector<std::string>{"o-a"}));
    EXPECT_EQ(count("SELECT COUNT(*) FROM order_packages"), 2);
}

TEST_P(StoreQueriesTest, SavesPushedSnapshotsOfAKnownOrder) {
    auto r = decision("o1", "WAIT", "r", t0_, t0_);
    r.snapshots = {{"pkg-1", "ups", "1Z1", R"({"status":"IN_TRANSIT"})", t0_},
                   {"pkg-2", "ups", "1Z2", R"({"status":"IN_TRANSIT"})", t0_}};
    ASSERT_TRUE(store_->record_decision(r));
    std::vector<core::TrackingSnapshot> pushed{
        {"pkg-2", "ups", "1Z2", R"({"status":"DELIVERED"})", t0_ + std::chrono::hours(1)}};
    ASSERT_TRUE(store_->save_snapshots(order_ref("o1"), pushed));
    auto snaps = store_->snapshots(order_ref("o1"));
    ASSERT_TRUE(snaps);
    ASSERT_EQ(snaps->size(), 2u);
    EXPECT_EQ((*snaps)[0].shipment_json, R"({"status":"IN_TRANSIT"})");
    EXPECT_EQ((*snaps)[1].shipment_json, R"({"status":"DELIVERED"})");
    EXPECT_EQ((*snaps)[1].fetched_at, t0_ + std::chrono::hours(1));
    EXPECT_EQ(store_->history(order_ref("o1"))->size(), 1u) << "a snapshot is no decision";

    auto unknown = store_->save_snapshots(order_ref("nope"), pushed);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.message().find("tiktok-shop:shop-1:nope"), std::string::npos) << unknown.message();
    EXPECT_EQ(count("SELECT COUNT(*) FROM tracking_snapshots"), 2);
}

TEST_P(StoreQueriesTest, TheMigrationIndexesThePackagesOfEarlierOrders) {
    auto r = decision("o1", "WAIT", "r", t0_, t0_);
    r.snapshots = {{"pkg-1", "ups", "1Z1", "{}", t0_}};
    ASSERT_TRUE(store_->record_decision(r));
    store_.reset();
    // Back to the schema before the package index, with a snapshot written then.
    db_->execute("DROP INDEX orders_due");
    db_->execute("CREATE INDEX orders_next_check_at ON orders (next_check_at)");
    db_->execute("DROP TABLE order_packages");
    db_->execute("DROP INDEX orders_action");
    db_->execute("DROP INDEX orders_rule");
    db_->execute("DROP INDEX disputes_created_at");
    for (const char* table : {"dispute_events", "marketplace_cursors", "remedies"})  // versions 6 and 7
        db_->execute(std::string("DROP TABLE ") + table);
    db_->execute("DELETE FROM schema_migrations WHERE version >= 4");
    store_ = db_->open();
    ASSERT_TRUE(store_);
    auto found = store_->orders_with_tracking("1Z1");
    ASSERT_TRUE(found) << found.error().message;
    EXPECT_EQ(ids(*found), (std::vector<std::string>{"o1"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreQueriesTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
