// A dispute's state history (`dispute_events`): one event per state change, written with the change, none for
// a no-op, and the disputes of a version-5 database back-filled when it is opened; on SQLite and on the
// PostgreSQL test server.

#include <gtest/gtest.h>

#include <thread>

#include "core/store/store_database.hpp"
#include "store/store_schema.hpp"

namespace unstuck::test {
namespace {

using core::CaseStore;
using core::DisputeEvent;
using sdk::TicketState;
using sdk::Timestamp;
using namespace Poco::Data::Keywords;

Timestamp at(const std::string& text) {
    auto t = sdk::parse_timestamp(text);
    if (!t) throw std::runtime_error(t.error().message);
    return *t;
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

// An event as the test writes it: state, detail, instant.
struct Event {
    std::string state;
    std::string detail;
    Timestamp at;
    bool operator==(const Event&) const = default;
};

void PrintTo(const Event& e, std::ostream* os) {
    *os << "{" << e.state << ", \"" << e.detail << "\", " << sdk::format_utc_seconds(e.at) << "}";
}

constexpr const char* kPickup = "pick_up_issues.picked_up_not_updated";

class DisputeHistoryTest : public ::testing::TestWithParam<StoreKind> {
  protected:
    void SetUp() override {
        db_ = std::make_unique<StoreDatabase>(GetParam());
        if (auto why = db_->unavailable(); !why.empty()) GTEST_SKIP() << why;
    }

    void open() {
        store_ = db_->open();
        ASSERT_TRUE(store_);
    }

    // The dispute's history; fails the test on an error.
    std::vector<Event> history(const std::string& key) {
        auto events = store_->dispute_history(key);
        if (!events) {
            ADD_FAILURE() << events.error().message;
            return {};
        }
        std::vector<Event> out;
        for (const DisputeEvent& e : *events) out.push_back({e.state, e.detail, e.at});
        return out;
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
    std::chrono::minutes minute_{1};
};

TEST_P(DisputeHistoryTest, RecordsEveryStateChangeInOrderWithItsDetail) {
    open();
    auto r = request("o1", kPickup);
    auto begun = store_->begin_dispute(r, "outbox", t0_);
    ASSERT_TRUE(begun) << begun.error().message;
    ASSERT_TRUE(begun->created);
    ASSERT_TRUE(store_->record_attempt_failure(r.key, "outbox: disk full", t0_ + minute_));
    ASSERT_TRUE(store_->mark_filed(r.key, {"T-1", "https://desk.example/T-1"}, t0_ + 2 * minute_));
    ASSERT_TRUE(store_->record_remote_state(r.key, TicketState::kOpen, t0_ + 3 * minute_));
    ASSERT_TRUE(store_->record_remote_state(r.key, TicketState::kSolved, t0_ + 4 * minute_));

    std::vector<Event> want{
        {"PENDING", "", t0_},
        {"RETRY", "outbox: disk full", t0_ + minute_},
        {"FILED", "T-1", t0_ + 2 * minute_},
        {"OPEN", "", t0_ + 3 * minute_},
        {"SOLVED", "", t0_ + 4 * minute_},
    };
    EXPECT_EQ(history(r.key), want);

    // The history keeps when the dispute was filed; the row's last update moved on.
    auto row = store_->find_dispute(r.key);
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->updated_at, t0_ + 4 * minute_);
    EXPECT_EQ((*row)->created_at, t0_);
}

TEST_P(DisputeHistoryTest, ANoOpAddsNoEvent) {
    open();
    auto r = request("o1", kPickup);
    ASSERT_TRUE(store_->begin_dispute(r, "outbox", t0_));
    ASSERT_TRUE(store_->mark_filed(r.key, {"T-1", ""}, t0_ + minute_));
    ASSERT_TRUE(store_->record_remote_state(r.key, TicketState::kOpen, t0_ + 2 * minute_));
    const auto before = history(r.key);
    ASSERT_EQ(before.size(), 3u);

    auto again = store_->begin_dispute(r, "zendesk", t0_ + 3 * minute_);  // someone else's row
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_TRUE(store_->mark_filed(r.key, {"T-1", ""}, t0_ + 4 * minute_));  // the same remote id: no-op
    EXPECT_TRUE(store_->record_remote_state(r.key, TicketState::kOpen, t0_ + 5 * minute_));  // unchanged
    EXPECT_EQ(history(r.key), before);
    auto row = store_->find_dispute(r.key);
    ASSERT_TRUE(row && *row);
    EXPECT_EQ((*row)->updated_at, t0_ + 5 * minute_) << "a sync of the same state still counts as an update";

    // Transitions the dispute refuses write nothing either.
    EXPECT_FALSE(store_->mark_filed(r.key, {"T-2", ""}, t0_ + 6 * minute_));
    EXPECT_FALSE(store_->mark_rejected(r.key, "too late", t0_ + 6 * minute_));
    EXPECT_FALSE(store_->record_attempt_failure(r.key, "timeout", t0_ + 6 * minute_));
    EXPECT_EQ(history(r.key), before);

    // A state synced again after another one is a change.
    ASSERT_TRUE(store_->record_remote_state(r.key, TicketState::kPending, t0_ + 7 * minute_));
    ASSERT_TRUE(store_->record_remote_state(r.key, TicketState::kOpen, t0_ + 8 * minute_));
    auto after = history(r.key);
    ASSERT_EQ(after.size(), 5u);
    EXPECT_EQ(after[3], (Event{"PENDING", "", t0_ + 7 * minute_}));
    EXPECT_EQ(after[4], (Event{"OPEN", "", t0_ + 8 * minute_}));
}

TEST_P(DisputeHistoryTest, ARejectedDisputeEndsWithItsReason) {
    open();
    auto r = request("o2", kPickup);
    ASSERT_TRUE(store_->begin_dispute(r, "outbox", t0_));
    ASSERT_TRUE(store_->mark_rejected(r.key, "order not eligible", t0_ + minute_));
    ASSERT_TRUE(store_->mark_rejected(r.key, "order not eligible", t0_ + 2 * minute_));  // no-op
    EXPECT_EQ(history(r.key),
              (std::vector<Event>{{"PENDING", "", t0_}, {"REJECTED", "order not eligible", t0_ + minute_}}));
    // Another dispute's events are not this one's; an unknown key has none.
    auto other = request("o3", kPickup);
    ASSERT_TRUE(store_->begin_dispute(other, "outbox", t0_ + minute_));
    EXPECT_EQ(history(other.key), (std::vector<Event>{{"PENDING", "", t0_ + minute_}}));
    EXPECT_TRUE(history("tiktok-shop:shop-1:nothing:" + std::string(kPickup)).empty());
}

TEST_P(DisputeHistoryTest, HostsSyncingAtOnceWriteEachChangeOnce) {
    open();
    auto r = request("o4", kPickup);
    std::vector<std::unique_ptr<CaseStore>> hosts;
    for (int i = 0; i < 4; ++i) {
        hosts.push_back(db_->open("host-" + std::to_string(i)));
        ASSERT_TRUE(hosts.back());
    }
    std::vector<std::thread> threads;
    for (auto& host : hosts)
        threads.emplace_back([&, h = host.get()] {
            auto begun = h->begin_dispute(r, "outbox", t0_);
            EXPECT_TRUE(begun) << begun.error().message;
            EXPECT_TRUE(h->mark_filed(r.key, {"T-4", ""}, t0_ + minute_));
            EXPECT_TRUE(h->record_remote_state(r.key, TicketState::kSolved, t0_ + 2 * minute_));
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(history(r.key),
              (std::vector<Event>{
                  {"PENDING", "", t0_}, {"FILED", "T-4", t0_ + minute_}, {"SOLVED", "", t0_ + 2 * minute_}}));
}

TEST_P(DisputeHistoryTest, OpeningAVersion5DatabaseBackFillsItsDisputes) {
    // A database as version 5 left it: migrations 1 to 5 only, and disputes in every state.
    {
        auto s = db_->session();
        s << "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
             " applied_at BIGINT NOT NULL)",
            now;
        const auto backend = db_->sqlite() ? core::StoreBackend::kSqlite : core::StoreBackend::kPostgresql;
        for (const auto& migration : core::store_migrations()) {
            if (migration.version > 5) break;
            for (auto step : migration.steps) s << core::store_sql(step, backend), now;
            s << "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, 0)",
                bind(migration.version), bind(std::string(migration.description)), now;
        }
        auto insert = [&](const std::string& order_id, const std::string& state, const std::string& remote_id,
                          const std::string& remote_state, const std::string& reason, int attempts,
                          Timestamp created, Timestamp updated) {
            auto r = request(order_id, kPickup);
            auto opt = [](const std::string& v) {
                return v.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(v);
            };
            s << "INSERT INTO disputes (dispute_key, order_key, marketplace, shop_id, order_id, code, "
                 "backend,"
                 " state, remote_id, remote_state, reason, attempts, last_error, request_json, created_at,"
                 " updated_at) VALUES ($1, $2, 'tiktok-shop', 'shop-1', $3, $4, 'outbox', $5, $6, $7, $8, $9,"
                 " $10, '{}', $11, $12)",
                bind(r.key), bind("tiktok-shop:shop-1:" + order_id), bind(order_id),
                bind(std::string(kPickup)), bind(state), bind(opt(remote_id)), bind(opt(remote_state)),
                bind(opt(reason)), bind(attempts),
                bind(opt(attempts > 0 && state == "PENDING" ? "timeout" : "")),
                bind(static_cast<Poco::Int64>(created.time_since_epoch().count())),
                bind(static_cast<Poco::Int64>(updated.time_since_epoch().count())), now;
        };
        insert("p1", "PENDING", "", "", "", 2, t0_, t0_ + minute_);
        insert("f1", "FILED", "T-9", "SOLVED", "", 1, t0_ + minute_, t0_ + 9 * minute_);
        insert("r1", "REJECTED", "", "", "order not eligible", 1, t0_ + 2 * minute_, t0_ + 3 * minute_);
    }
    ASSERT_EQ(count("SELECT MAX(version) FROM schema_migrations"), 5);

    for (int i = 0; i < 2; ++i) {  // the second opening back-fills nothing twice
        open();
        auto version = store_->schema_version();
        ASSERT_TRUE(version) << version.error().message;
        EXPECT_EQ(*version, CaseStore::latest_schema_version());
        // What the row tells: its creation, and the state it stands in at its last update.
        EXPECT_EQ(history(request("p1", kPickup).key), (std::vector<Event>{{"PENDING", "", t0_}}));
        EXPECT_EQ(history(request("f1", kPickup).key),
                  (std::vector<Event>{{"PENDING", "", t0_ + minute_}, {"FILED", "T-9", t0_ + 9 * minute_}}));
        EXPECT_EQ(history(request("r1", kPickup).key),
                  (std::vector<Event>{{"PENDING", "", t0_ + 2 * minute_},
                                      {"REJECTED", "order not eligible", t0_ + 3 * minute_}}));
        EXPECT_EQ(count("SELECT COUNT(*) FROM dispute_events"), 5);
        store_.reset();
    }

    // The back-filled disputes go on where they stood.
    open();
    auto pending = request("p1", kPickup).key;
    ASSERT_TRUE(store_->mark_filed(pending, {"T-10", ""}, t0_ + 20 * minute_));
    auto filed = request("f1", kPickup).key;
    ASSERT_TRUE(store_->record_remote_state(filed, TicketState::kClosed, t0_ + 21 * minute_));
    EXPECT_EQ(history(pending),
              (std::vector<Event>{{"PENDING", "", t0_}, {"FILED", "T-10", t0_ + 20 * minute_}}));
    EXPECT_EQ(history(filed).back(), (Event{"CLOSED", "", t0_ + 21 * minute_}));
    EXPECT_EQ(history(filed).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DisputeHistoryTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgresql), store_kind_name);

}  // namespace
}  // namespace unstuck::test
