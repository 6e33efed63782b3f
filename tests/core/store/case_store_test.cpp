// The case store against a real database: the same suite on an SQLite file and on the PostgreSQL test server.

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include <Poco/Data/Statement.h>

#include "core/store/store_database.hpp"
#include "unstuck/core/disputes/dispute_request_json.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::DecisionRecord;
using core::DisputeState;
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
    r.decision_json =
        R"({"order_id":")" + order_id + R"(","action":")" + action + R"(","rule":")" + rule + "\"}";
    r.decided_at = decided_at;
    return r;
}

sdk::DisputeRequest request(const std::string& order_id, const std::string& code,
                            const std::string& suffix = "") {
    sdk::DisputeRequest r;
    r.marketplace = "tiktok-shop";
    r.shop_id = "shop-1";
    r.order_id = order_id;
    r.code = code;
    r.key = r.marketplace + ":" + r.shop_id + ":" + r.order_id + ":" + code + suffix;
    r.path = {"Complaints & Dispute (Logistic related)", "Pick up Issues",
              "Picked up but logistics status not updated"};
    r.packages = {{"pkg-1", "1Z023E2X0214323462", "ups"}};
    r.files = {{"tracking-history.csv", "/var/lib/unstuck/evidence/x/tracking-history.csv", "text/csv"}};
    r.facts = {{"order_id", order_id}, {"carrier_pickup_event", R"({"package_id":"pkg-1"})"}};
    r.explanation = "Picked up on 15 July \"quoted\" \\ and not updated since.";
    return r;
}

constexpr const char* kPickup = "pick_up_issues.picked_up_not_updated";
constexpr const char* kUnmoved = "delivery_process_inquiry.unmoved_tracking_event";

class CaseStoreTest : public ::testing::TestWithParam<StoreKind> {
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

    std::unique_ptr<StoreDatabase> db_;
    std::unique_ptr<CaseStore> store_;
    Timestamp t0_ = at("2024-07-16T20:00:00Z");
};

TEST_P(CaseStoreTest, MigratesAnEmptyDatabaseToTheLatestSchema) {
    auto version = store_->schema_version();
    ASSERT_TRUE(version) << version.error().message;
    EXPECT_EQ(*version, CaseStore::latest_schema_version());
    EXPECT_GE(CaseStore::latest_schema_version(), 3);
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), CaseStore::latest_schema_version());
    EXPECT_EQ(count("SELECT COUNT(DISTINCT version) FROM schema_migrations"),
              CaseStore::latest_schema_version());
    EXPECT_EQ(count("SELECT MIN(version) FROM schema_migrations"), 1);
    for (const char* table : {"orders", "decisions", "tracking_snapshots", "disputes"})
        EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM ") + table), 0) << table;
}

TEST_P(CaseStoreTest, IndexesTheDueOrdersInClaimOrder) {
    // Version 5 reads due orders by (next_check_at, order_key) through one index, not a sort of all those
    // due.
    EXPECT_EQ(CaseStore::latest_schema_version(), 7);
    const std::string index =
        db_->sqlite()
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '"
            : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = '";
    EXPECT_EQ(count(index + "orders_due'"), 1);
    EXPECT_EQ(count(index + "orders_next_check_at'"), 0);  // the index it supersedes
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 5"), 1);

    // A database of version 4 with due orders in it gets the index once, at its next opening.
    ASSERT_TRUE(store_->record_decision(decision("o1", "WAIT", "platform.awaiting_pickup", t0_, t0_)));
    store_.reset();
    db_->execute("DROP INDEX orders_due");
    db_->execute("CREATE INDEX orders_next_check_at ON orders (next_check_at)");
    for (const char* table : {"dispute_events", "marketplace_cursors", "remedies"})  // versions 6 and 7
        db_->execute(std::string("DROP TABLE ") + table);
    db_->execute("DELETE FROM schema_migrations WHERE version >= 5");
    for (int i = 0; i < 2; ++i) {
        store_ = db_->open();
        ASSERT_TRUE(store_);
        EXPECT_EQ(count(index + "orders_due'"), 1);
        EXPECT_EQ(count(index + "orders_next_check_at'"), 0);
        EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations WHERE version = 5"), 1);
        auto due = store_->due_orders(t0_, 10);
        ASSERT_TRUE(due) << due.error().message;
        ASSERT_EQ(due->size(), 1u);
        EXPECT_EQ(due->front().order.order_id, "o1");
        store_.reset();
    }
    store_ = db_->open();
}

TEST_P(CaseStoreTest, ReopeningRunsNoMigrationTwiceAndKeepsTheData) {
    ASSERT_TRUE(store_->record_decision(decision("o1", "WAIT", "platform.awaiting_pickup", t0_, t0_)));
    std::int64_t applied_sum = count("SELECT SUM(applied_at) FROM schema_migrations");
    store_.reset();
    for (int i = 0; i < 2; ++i) {
        auto again = db_->open();
        ASSERT_TRUE(again);
        EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), CaseStore::latest_schema_version());
        EXPECT_EQ(count("SELECT SUM(applied_at) FROM schema_migrations"), applied_sum);
        auto found = again->find_order(order_ref("o1"));
        ASSERT_TRUE(found) << found.error().message;
        ASSERT_TRUE(found->has_value());
        EXPECT_EQ((*found)->action, "WAIT");
    }
}

TEST_P(CaseStoreTest, RefusesADatabaseWithANewerSchema) {
    store_.reset();
    int newer = CaseStore::latest_schema_version() + 1;
    db_->execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (" +
                 std::to_string(newer) + ", 'from a newer release', 0)");
    auto opened = CaseStore::open(db_->options());
    ASSERT_FALSE(opened);
    const auto& message = opened.error().message;
    EXPECT_NE(message.find("schema is version " + std::to_string(newer)), std::string::npos) << message;
    EXPECT_NE(message.find("newer than this unstuck knows (" + std::to_string(newer - 1) + ")"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find(db_->sqlite() ? "sqlite:" : "postgresql:"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos);
    // Nothing was changed by the refused open.
    EXPECT_EQ(count("SELECT COUNT(*) FROM schema_migrations"), newer);
}

TEST_P(CaseStoreTest, RecordsTheLatestDecisionAndItsHistory) {
    auto first = decision("o1", "WAIT", "platform.awaiting_pickup", at("2024-07-18T00:00:00Z"), t0_);
    first.order_json = R"({"order_id":"o1"})";
    ASSERT_TRUE(store_->record_decision(first));
    auto second = decision("o1", "FILE_DISPUTE", "platform.picked_up_not_updated", std::nullopt,
                           t0_ + std::chrono::hours(48));
    ASSERT_TRUE(store_->record_decision(second));

    auto found = store_->find_order(order_ref("o1"));
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value());
    const auto& o = **found;
    EXPECT_EQ(o.order, order_ref("o1"));
    EXPECT_EQ(o.action, "FILE_DISPUTE");
    EXPECT_EQ(o.rule, "platform.picked_up_not_updated");
    EXPECT_FALSE(o.next_check_at.has_value());
    EXPECT_EQ(o.decision_json, second.decision_json);
    EXPECT_EQ(o.order_json, first.order_json) << "a later record without the order keeps the one given";
    EXPECT_EQ(o.decided_at, second.decided_at);

    auto history = store_->history(order_ref("o1"));
    ASSERT_TRUE(history) << history.error().message;
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].action, "WAIT");
    EXPECT_EQ((*history)[0].next_check_at, at("2024-07-18T00:00:00Z"));
    EXPECT_EQ((*history)[0].decided_at, t0_);
    EXPECT_EQ((*history)[1].action, "FILE_DISPUTE");
    EXPECT_EQ((*history)[1].decision_json, second.decision_json);

    // The same decision again is no new history entry; the order's decided_at still moves.
    auto repeat = second;
    repeat.decided_at = second.decided_at + std::chrono::hours(1);
    ASSERT_TRUE(store_->record_decision(repeat));
    history = store_->history(order_ref("o1"));
    ASSERT_TRUE(history);
    EXPECT_EQ(history->size(), 2u);
    found = store_->find_order(order_ref("o1"));
    ASSERT_TRUE(found && found->has_value());
    EXPECT_EQ((**found).decided_at, repeat.decided_at);

    auto unknown = store_->find_order(order_ref("nope"));
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(unknown->has_value());
}

TEST_P(CaseStoreTest, KeepsTheLatestSnapshotOfEachPackage) {
    auto r = decision("o1", "WAIT", "platform.awaiting_pickup", std::nullopt, t0_);
    r.snapshots = {{"pkg-1", "ups", "1Z1", R"({"status":"IN_TRANSIT"})", t0_},
                   {"pkg-2", "fedex", "7712", R"({"status":"INFO_RECEIVED"})", t0_}};
    ASSERT_TRUE(store_->record_decision(r));
    r.decided_at = t0_ + std::chrono::hours(1);
    r.snapshots = {{"pkg-1", "ups", "1Z1", R"({"status":"DELIVERED"})", t0_ + std::chrono::hours(1)}};
    ASSERT_TRUE(store_->record_decision(r));

    auto snaps = store_->snapshots(order_ref("o1"));
    ASSERT_TRUE(snaps) << snaps.error().message;
    ASSERT_EQ(snaps->size(), 2u);
    EXPECT_EQ((*snaps)[0].package, "pkg-1");
    EXPECT_EQ((*snaps)[0].carrier, "ups");
    EXPECT_EQ((*snaps)[0].tracking_number, "1Z1");
    EXPECT_EQ((*snaps)[0].shipment_json, R"({"status":"DELIVERED"})");
    EXPECT_EQ((*snaps)[0].fetched_at, t0_ + std::chrono::hours(1));
    EXPECT_EQ((*snaps)[1].package, "pkg-2");
    EXPECT_EQ((*snaps)[1].shipment_json, R"({"status":"INFO_RECEIVED"})");
    EXPECT_EQ(count("SELECT COUNT(*) FROM tracking_snapshots"), 2);
}

TEST_P(CaseStoreTest, ABatchIsWrittenWhollyOrNotAtAll) {
    // A trigger refuses the history entry of one order, after the others of the batch were written.
    if (db_->sqlite()) {
        db_->execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON decisions WHEN NEW.order_key LIKE '%:o-bad'"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    } else {
        db_->execute(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.order_key LIKE '%:o-bad' THEN"
            " RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
        db_->execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON decisions FOR EACH ROW EXECUTE FUNCTION refuse()");
    }
    std::vector<DecisionRecord> batch{decision("o-a", "WAIT", "r", t0_, t0_),
                                      decision("o-bad", "WAIT", "r", t0_, t0_),
                                      decision("o-c", "WAIT", "r", t0_, t0_)};
    batch[0].snapshots = {{"pkg", "ups", "1Z", "{}", t0_}};
    auto status = store_->record_decisions(batch);
    ASSERT_FALSE(status);
    EXPECT_NE(status.message().find("refused by the test"), std::string::npos) << status.message();
    EXPECT_EQ(status.message().find('\n'), std::string::npos) << status.message();
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM decisions"), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM tracking_snapshots"), 0);

    // The store goes on working after the rollback.
    batch.erase(batch.begin() + 1);
    ASSERT_TRUE(store_->record_decisions(batch));
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 2);
}

TEST_P(CaseStoreTest, ListsDueOrdersEarliestFirst) {
    ASSERT_TRUE(store_->record_decisions(std::vector{
        decision("late", "WAIT", "r", t0_ + std::chrono::hours(2), t0_),
        decision("due-2", "WAIT", "r", t0_, t0_),
        decision("due-1", "WAIT", "r", t0_ - std::chrono::hours(1), t0_),
        decision("never", "NONE", "r", std::nullopt, t0_),
    }));
    auto due = store_->due_orders(t0_, 10);
    ASSERT_TRUE(due) << due.error().message;
    ASSERT_EQ(due->size(), 2u);
    EXPECT_EQ((*due)[0].order.order_id, "due-1");
    EXPECT_EQ((*due)[1].order.order_id, "due-2");
    due = store_->due_orders(t0_, 1);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->size(), 1u);
    due = store_->due_orders(t0_ + std::chrono::hours(3), 10);
    ASSERT_TRUE(due);
    EXPECT_EQ(due->size(), 3u);
}

TEST_P(CaseStoreTest, TheDisputeKeyIsUnique) {
    auto first = store_->begin_dispute(request("o1", kPickup), "outbox", t0_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_TRUE(first->created);
    EXPECT_EQ(first->record.state, DisputeState::kPending);
    EXPECT_EQ(first->record.backend, "outbox");
    EXPECT_EQ(first->record.attempts, 0);
    EXPECT_EQ(first->record.created_at, t0_);

    auto again = store_->begin_dispute(request("o1", kPickup), "zendesk", t0_ + std::chrono::minutes(5));
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->record.backend, "outbox") << "the existing row is returned unchanged";
    EXPECT_EQ(again->record.created_at, t0_);
    EXPECT_EQ(count("SELECT COUNT(*) FROM disputes"), 1);

    // The database itself refuses a second row under the key, whoever writes it.
    auto s = db_->session();
    EXPECT_THROW(
        (s << "INSERT INTO disputes (dispute_key, order_key, marketplace, shop_id, order_id, code, backend,"
              " state, request_json, created_at, updated_at) VALUES ($1, 'k', 'm', 's', 'o', 'c', 'b',"
              " 'PENDING', '{}', 0, 0)",
         bind(first->record.key), now),
        Poco::Exception);

    auto other = store_->begin_dispute(request("o1", kUnmoved), "outbox", t0_);
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->created);
}

TEST_P(CaseStoreTest, KeepsTheRequestToFileItAgainAsIs) {
    auto original = request("o1", kPickup);
    ASSERT_TRUE(store_->begin_dispute(original, "outbox", t0_));
    auto found = store_->find_dispute(original.key);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found->has_value());
    auto parsed = core::parse_dispute_request((*found)->request_json);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(parsed->key, original.key);
    EXPECT_EQ(parsed->code, original.code);
    EXPECT_EQ(parsed->path, original.path);
    EXPECT_EQ(parsed->marketplace, original.marketplace);
    EXPECT_EQ(parsed->shop_id, original.shop_id);
    EXPECT_EQ(parsed->order_id, original.order_id);
    ASSERT_EQ(parsed->packages.size(), 1u);
    EXPECT_EQ(parsed->packages[0].tracking_number, "1Z023E2X0214323462");
    EXPECT_EQ(parsed->packages[0].carrier, "ups");
    ASSERT_EQ(parsed->files.size(), 1u);
    EXPECT_EQ(parsed->files[0].media_type, "text/csv");
    ASSERT_EQ(parsed->facts.size(), 2u);
    EXPECT_EQ(parsed->facts[1].value, R"({"package_id":"pkg-1"})");
    EXPECT_EQ(parsed->explanation, original.explanation);
    EXPECT_EQ((*found)->order, order_ref("o1"));
    EXPECT_EQ((*found)->code, kPickup);

    auto missing = store_->find_dispute("tiktok-shop:shop-1:o1:nope");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(missing->has_value());
}

TEST_P(CaseStoreTest, PendingBecomesFiledAfterFailedAttempts) {
    auto key = request("o1", kPickup).key;
    ASSERT_TRUE(store_->begin_dispute(request("o1", kPickup), "zendesk", t0_));
    ASSERT_TRUE(store_->record_attempt_failure(key, "HTTP 503 from zendesk", t0_ + std::chrono::seconds(1)));
    auto d = store_->find_dispute(key);
    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->state, DisputeState::kPending);
    EXPECT_EQ((*d)->attempts, 1);
    EXPECT_EQ((*d)->last_error, "HTTP 503 from zendesk");
    EXPECT_EQ((*d)->updated_at, t0_ + std::chrono::seconds(1));

    ASSERT_TRUE(store_->mark_filed(key, {"4711", "https://example.zendesk.com/agent/tickets/4711"},
                                   t0_ + std::chrono::seconds(2)));
    d = store_->find_dispute(key);
    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->state, DisputeState::kFiled);
    EXPECT_EQ((*d)->remote_id, "4711");
    EXPECT_EQ((*d)->remote_url, "https://example.zendesk.com/agent/tickets/4711");
    EXPECT_EQ((*d)->attempts, 2);
    EXPECT_EQ((*d)->last_error, "");
    EXPECT_EQ((*d)->created_at, t0_);
    EXPECT_EQ((*d)->updated_at, t0_ + std::chrono::seconds(2));

    // Settling the same filing again is harmless; anything else is refused with the key and the state.
    EXPECT_TRUE(store_->mark_filed(key, {"4711", ""}, t0_ + std::chrono::seconds(3)));
    auto other = store_->mark_filed(key, {"4712", ""}, t0_);
    ASSERT_FALSE(other);
    EXPECT_NE(other.message().find(key), std::string::npos) << other.message();
    EXPECT_NE(other.message().find("is FILED as 4711"), std::string::npos) << other.message();
    EXPECT_FALSE(store_->mark_rejected(key, "duplicate", t0_));
    auto failure = store_->record_attempt_failure(key, "late error", t0_);
    ASSERT_FALSE(failure);
    EXPECT_NE(failure.message().find("is FILED"), std::string::npos) << failure.message();
    d = store_->find_dispute(key);
    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->attempts, 2);
    EXPECT_EQ((*d)->state, DisputeState::kFiled);
}

TEST_P(CaseStoreTest, PendingBecomesRejectedForGood) {
    auto key = request("o1", kPickup).key;
    ASSERT_TRUE(store_->begin_dispute(request("o1", kPickup), "outbox", t0_));
    ASSERT_TRUE(
        store_->mark_rejected(key, "order not found in the marketplace", t0_ + std::chrono::seconds(1)));
    auto d = store_->find_dispute(key);
    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->state, DisputeState::kRejected);
    EXPECT_EQ((*d)->reason, "order not found in the marketplace");
    EXPECT_EQ((*d)->attempts, 1);
    EXPECT_TRUE(store_->mark_rejected(key, "order not found in the marketplace", t0_));
    auto filed = store_->mark_filed(key, {"1", ""}, t0_);
    ASSERT_FALSE(filed);
    EXPECT_NE(filed.message().find("is REJECTED"), std::string::npos) << filed.message();
    EXPECT_FALSE(store_->record_remote_state(key, sdk::TicketState::kSolved, t0_));

    auto again = store_->begin_dispute(request("o1", kPickup), "outbox", t0_ + std::chrono::hours(1));
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->record.state, DisputeState::kRejected);

    auto unknown = store_->mark_filed("tiktok-shop:shop-1:zz:code", {"1", ""}, t0_);
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.message().find("tiktok-shop:shop-1:zz:code: not in the store"), std::string::npos)
        << unknown.message();
    EXPECT_FALSE(store_->mark_filed(key, {"", ""}, t0_)) << "a filed dispute needs its remote id";
}

TEST_P(CaseStoreTest, ListsDisputesByStateOldestFirst) {
    ASSERT_TRUE(store_->begin_dispute(request("o3", kPickup), "outbox", t0_ + std::chrono::seconds(3)));
    ASSERT_TRUE(store_->begin_dispute(request("o1", kPickup), "outbox", t0_ + std::chrono::seconds(1)));
    ASSERT_TRUE(store_->begin_dispute(request("o2", kPickup), "outbox", t0_ + std::chrono::seconds(2)));
    ASSERT_TRUE(store_->mark_filed(request("o2", kPickup).key, {"r2", ""}, t0_ + std::chrono::seconds(4)));

    auto all = store_->list_disputes();
    ASSERT_TRUE(all) << all.error().message;
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].order.order_id, "o1");
    EXPECT_EQ((*all)[1].order.order_id, "o2");
    EXPECT_EQ((*all)[2].order.order_id, "o3");
    auto pending = store_->pending_disputes();
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 2u);
    EXPECT_EQ((*pending)[0].order.order_id, "o1");
    EXPECT_EQ((*pending)[1].order.order_id, "o3");
    auto filed = store_->list_disputes(DisputeState::kFiled);
    ASSERT_TRUE(filed);
    ASSERT_EQ(filed->size(), 1u);
    EXPECT_EQ((*filed)[0].remote_id, "r2");
    auto rejected = store_->list_disputes(DisputeState::kRejected);
    ASSERT_TRUE(rejected);
    EXPECT_TRUE(rejected->empty());

    auto of_o2 = store_->disputes_of(order_ref("o2"));
    ASSERT_TRUE(of_o2);
    ASSERT_EQ(of_o2->size(), 1u);
    EXPECT_EQ((*of_o2)[0].state, DisputeState::kFiled);
}

TEST_P(CaseStoreTest, DisputesAreTheOrdersTickets) {
    // o1: one PENDING, one FILED then synced SOLVED, one REJECTED; o2's dispute is not o1's ticket.
    ASSERT_TRUE(store_->begin_dispute(request("o1", kPickup), "outbox", t0_));
    ASSERT_TRUE(store_->begin_dispute(request("o1", kUnmoved), "outbox", t0_ + std::chrono::hours(1)));
    ASSERT_TRUE(store_->mark_filed(request("o1", kUnmoved).key, {"t-9", ""}, t0_ + std::chrono::hours(1)));
    ASSERT_TRUE(store_->begin_dispute(request("o1", "logistic_issue.delivered_not_updated"), "outbox",
                                      t0_ + std::chrono::hours(2)));
    ASSERT_TRUE(store_->mark_rejected(request("o1", "logistic_issue.delivered_not_updated").key, "no", t0_));
    ASSERT_TRUE(store_->begin_dispute(request("o2", kPickup), "outbox", t0_));

    auto tickets = store_->tickets(order_ref("o1"));
    ASSERT_TRUE(tickets) << tickets.error().message;
    ASSERT_EQ(tickets->size(), 2u);
    EXPECT_EQ((*tickets)[0].code, kPickup);
    EXPECT_EQ((*tickets)[0].status, core::TicketStatus::kOpen);
    EXPECT_EQ((*tickets)[0].created_at, t0_);
    EXPECT_EQ((*tickets)[0].order_id, "o1");
    EXPECT_EQ((*tickets)[1].code, kUnmoved);
    EXPECT_EQ((*tickets)[1].status, core::TicketStatus::kOpen);
    EXPECT_EQ((*tickets)[1].created_at, t0_ + std::chrono::hours(1));

    ASSERT_TRUE(store_->record_remote_state(request("o1", kUnmoved).key, sdk::TicketState::kSolved, t0_));
    auto pending_state =
        store_->record_remote_state(request("o1", kPickup).key, sdk::TicketState::kClosed, t0_);
    EXPECT_FALSE(pending_state) << "a PENDING dispute has no remote state yet";
    tickets = store_->tickets(order_ref("o1"));
    ASSERT_TRUE(tickets);
    ASSERT_EQ(tickets->size(), 2u);
    EXPECT_EQ((*tickets)[0].status, core::TicketStatus::kOpen);
    EXPECT_EQ((*tickets)[1].status, core::TicketStatus::kSolved);
    auto d = store_->find_dispute(request("o1", kUnmoved).key);
    ASSERT_TRUE(d && d->has_value());
    EXPECT_EQ((*d)->remote_state, sdk::TicketState::kSolved);
}

TEST_P(CaseStoreTest, ConcurrentBeginsOfOneKeyHaveOneWinner) {
    constexpr int kThreads = 8;
    constexpr int kKeys = 10;
    std::atomic<int> created{0}, failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int k = 0; k < kKeys; ++k) {
                auto begun = store_->begin_dispute(request("o" + std::to_string(k), kPickup),
                                                   "backend-" + std::to_string(t), t0_);
                if (!begun) {
                    ++failed;
                    ADD_FAILURE() << begun.error().message;
                } else if (begun->created) {
                    ++created;
                    EXPECT_EQ(begun->record.backend, "backend-" + std::to_string(t));
                }
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(created, kKeys);
    EXPECT_EQ(count("SELECT COUNT(*) FROM disputes"), kKeys);
}

TEST_P(CaseStoreTest, RecordsFromSeveralThreadsAtOnce) {
    constexpr int kThreads = 6;
    constexpr int kOrders = 25;
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kOrders; ++i) {
                auto r = decision("t" + std::to_string(t) + "-" + std::to_string(i), "WAIT", "r", t0_, t0_);
                r.snapshots = {{"pkg", "ups", "1Z", "{}", t0_}};
                if (auto s = store_->record_decision(r); !s) {
                    ++failed;
                    ADD_FAILURE() << s.message();
                }
                if (auto f = store_->find_order(r.order); !f || !f->has_value()) ++failed;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), kThreads * kOrders);
    EXPECT_EQ(count("SELECT COUNT(*) FROM decisions"), kThreads * kOrders);
    EXPECT_EQ(count("SELECT COUNT(*) FROM tracking_snapshots"), kThreads * kOrders);
}

TEST_P(CaseStoreTest, ClaimsOrdersForThisHost) {
    std::vector<OrderRef> orders{order_ref("o1"), order_ref("o2")};
    auto claimed = store_->claim_orders(orders, t0_);
    ASSERT_TRUE(claimed) << claimed.error().message;
    EXPECT_EQ(*claimed, (std::vector<bool>{true, true}));
    // The same host claims its own orders again.
    claimed = store_->claim_orders(orders, t0_ + std::chrono::seconds(1));
    ASSERT_TRUE(claimed);
    EXPECT_EQ(*claimed, (std::vector<bool>{true, true}));
    EXPECT_TRUE(store_->release_claims(orders));
    if (db_->sqlite()) {
        EXPECT_EQ(count("SELECT COUNT(*) FROM orders"), 0) << "one host: claims write nothing";
    } else {
        EXPECT_EQ(count("SELECT COUNT(*) FROM orders WHERE claimed_by IS NOT NULL"), 0);
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseStoreTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
