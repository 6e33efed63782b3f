// Scheduler: stored orders are re-checked at their next_check_at by the sweep's per-order step, at the
// service clock (a clock the test moves), over a real SQLite store, the shipped policy and the real outbox
// plugin.

#include "serve/scheduler.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>

#include "support/test_paths.hpp"
#include "unstuck/core/policy/policy_document.hpp"
#include "unstuck/core/runtime/logging.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;
using sdk::Timestamp;

Timestamp at(const char* iso) {
    return sdk::parse_timestamp(iso).value();
}

// Picked up at `pickup` and still awaiting collection on the platform: the policy waits until the pickup is
// a day old (it checks the order again then), and files "picked up but not updated" from then on. `now`,
// when given, is the case's own instant.
std::string order_case(const std::string& id, const std::string& pickup, const std::string& now = "") {
    return R"({"order_id": ")" + id + R"(", "shop_id": "42", "region": "US", "shipping_type": "PLATFORM", )" +
           (now.empty() ? "" : R"("now": ")" + now + R"(", )") +
           R"("platform_status": "AWAITING_COLLECTION", "packages": [{"package_id": "P1", "tracking_number": "1Z)" +
           id + R"(", "carrier": "ups", "events": [{"at": ")" + pickup +
           R"(", "status": "PICKED_UP", "code": "PU", "description": "Picked up"}]}]})";
}

core::OrderRef ref(const std::string& id) {
    return {"tiktok-shop", "42", id};
}

// The parts of a service over a fresh store; the service clock is `clock`, the sweep's wall clock too
// unless `slow_wall` (then every reading of the wall clock takes that long: a slow order).
class SchedulerTest : public ::testing::Test {
  protected:
    void SetUp() override { Poco::Data::SQLite::Connector::registerConnector(); }

    void TearDown() override {
        scheduler_.reset();
        core::configure_logging(core::LogOptions{.level = "off"});
    }

    void open(unsigned batch = 256, unsigned idle_poll_ms = 1000, unsigned concurrency = 2,
              std::chrono::milliseconds slow_wall = 0ms) {
        const std::string json = std::string(R"({"plugin_dirs": [")") + UNSTUCK_PLUGIN_DIR +
                                 R"("], "log": {"level": "off"}, "plugins": {"outbox": {"dir": ")" +
                                 (dir_.path() / "outbox").string() +
                                 R"("}}, "routes": [{"backend": "outbox"}], "sweep": {"evidence_dir": ")" +
                                 (dir_.path() / "evidence").string() + R"("}})";
        auto config = core::HostConfig::parse(json, dir_.path());
        ASSERT_TRUE(config.ok()) << config.error().message;
        config_ = std::make_unique<core::HostConfig>(std::move(*config));
        plugins_ = std::make_unique<core::PluginHost>(*config_);
        auto policy = core::load_policy(core::default_policy_file());
        ASSERT_TRUE(policy.ok()) << policy.error().message;
        engine_ = std::make_unique<core::PolicyEngine>(*policy);
        auto options = core::StoreOptions::sqlite(dir_.path() / "store.db");
        options.busy_timeout = 100ms;
        auto store = core::CaseStore::open(options);
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);

        core::SweepRunOptions run;
        run.sweep = config_->sweep;
        run.routes = core::DisputeRoutes(config_->routes);
        run.clock = [this, slow_wall] {
            if (slow_wall.count()) std::this_thread::sleep_for(slow_wall);
            return now_.load();
        };
        sweep_ = std::make_unique<core::Sweep>(*plugins_, *engine_, store_.get(), std::move(run));
        auto prepared = sweep_->prepare();
        ASSERT_TRUE(prepared) << prepared.message();

        serve_.scheduler.batch = batch;
        serve_.scheduler.idle_poll_ms = idle_poll_ms;
        serve_.scheduler.concurrency = concurrency;
        context_ = std::make_unique<core::ServeContext>(
            core::ServeContext{*config_, serve_, *plugins_, *store_, *engine_, *sweep_, metrics_,
                               [this] { return now_.load(); }, [] {}});
        scheduler_ = std::make_unique<core::Scheduler>(*context_);
    }

    // Submits the case as the API does: decided and recorded at `when`.
    void submit(const std::string& json, Timestamp when) {
        core::SweepSummary summary;
        sweep_->process(json, summary, 0, when);
        ASSERT_EQ(summary.decided, 1u) << (summary.errors.empty() ? "" : summary.errors.front());
    }

    std::size_t history_size(const std::string& id) {
        auto h = store_->history(ref(id));
        EXPECT_TRUE(h.ok());
        return h ? h->size() : 0;
    }

    std::optional<Timestamp> next_check(const std::string& id) {
        auto o = store_->find_order(ref(id));
        EXPECT_TRUE(o.ok() && o->has_value());
        return o && *o ? (*o)->next_check_at : std::nullopt;
    }

    // Disputes in the outbox: one folder each with its dispute.json.
    std::size_t outbox_files() {
        std::size_t n = 0;
        const auto dir = dir_.path() / "outbox";
        if (!std::filesystem::exists(dir)) return 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            n += e.is_regular_file() && e.path().filename() == "dispute.json";
        return n;
    }

    // Waits up to `limit` for `done`.
    template <typename Done>
    bool eventually(Done done, std::chrono::milliseconds limit = 10s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(5ms);
        }
        return done();
    }

    TempDir dir_;
    std::atomic<Timestamp> now_{at("2024-07-16T20:00:00Z")};
    std::unique_ptr<core::HostConfig> config_;
    std::unique_ptr<core::PluginHost> plugins_;
    std::unique_ptr<core::PolicyEngine> engine_;
    std::unique_ptr<core::CaseStore> store_;
    std::unique_ptr<core::Sweep> sweep_;
    core::ServeOptions serve_;
    core::Metrics metrics_;
    std::unique_ptr<core::ServeContext> context_;
    std::unique_ptr<core::Scheduler> scheduler_;
};

TEST_F(SchedulerTest, AnOrderIsReCheckedExactlyAtItsNextCheckAndNotBefore) {
    open();
    submit(order_case("A1", "2024-07-16T15:00:00Z"), now_.load());
    ASSERT_EQ(history_size("A1"), 1u);
    const auto next = next_check("A1");
    ASSERT_TRUE(next.has_value());
    ASSERT_GT(*next, now_.load());

    now_ = *next - 1us;
    auto early = scheduler_->run_once();
    EXPECT_EQ(early.claimed, 0u);
    EXPECT_EQ(history_size("A1"), 1u);
    EXPECT_EQ(outbox_files(), 0u);

    now_ = *next;
    auto due = scheduler_->run_once();
    EXPECT_EQ(due.claimed, 1u);
    EXPECT_EQ(due.rechecked, 1u);
    EXPECT_EQ(due.summary.decided, 1u);
    EXPECT_EQ(due.summary.filed, 1u);
    auto history = store_->history(ref("A1"));
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ(history->back().action, "FILE_DISPUTE");
    EXPECT_EQ(history->back().decided_at, *next);  // decided at the service clock
    EXPECT_EQ(outbox_files(), 1u);

    // Nothing is due any more at this instant: nothing is filed twice.
    auto again = scheduler_->run_once();
    EXPECT_EQ(again.summary.filed, 0u);
    EXPECT_EQ(outbox_files(), 1u);
    EXPECT_NE(metrics_.serialize().find("unstuck_sweep_orders_total{outcome=\"decided\"} 1"),
              std::string::npos)
        << metrics_.serialize();
}

TEST_F(SchedulerTest, TheLoopSleepsUntilTheNextCheckThenReChecksByItself) {
    open(256, 20);
    submit(order_case("L1", "2024-07-16T15:00:00Z"), now_.load());
    const auto next = next_check("L1");
    ASSERT_TRUE(next.has_value());
    now_ = *next - 1s;
    scheduler_->start();
    std::this_thread::sleep_for(300ms);  // about fifteen looks at the store
    EXPECT_EQ(history_size("L1"), 1u);
    EXPECT_GE(scheduler_->stats().passes, 2u);
    now_ = *next;
    EXPECT_TRUE(eventually([&] { return history_size("L1") == 2u; }));
    scheduler_->stop();
    EXPECT_EQ(outbox_files(), 1u);
}

TEST_F(SchedulerTest, ACaseIsDecidedAtTheServiceClockNotAtItsOwnNow) {
    open();
    // The case says it is 20:00 on the 16th; the service reaches the next check a day later.
    const std::string json = order_case("N1", "2024-07-16T15:00:00Z", "2024-07-16T20:00:00Z");
    submit(json, now_.load());
    const auto next = next_check("N1");
    ASSERT_TRUE(next.has_value());
    now_ = *next + 1h;
    auto pass = scheduler_->run_once();
    EXPECT_EQ(pass.rechecked, 1u);
    auto history = store_->history(ref("N1"));
    ASSERT_TRUE(history.ok());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ(history->back().action, "FILE_DISPUTE") << history->back().decision_json;
    EXPECT_EQ(outbox_files(), 1u);
}

TEST_F(SchedulerTest, AnEarlierSubmissionWakesTheSleepingLoop) {
    open(256, 60000);  // without a wake-up the loop would sleep a minute
    submit(order_case("S1", "2024-07-16T15:00:00Z"), now_.load());  // due tomorrow
    scheduler_->start();
    EXPECT_TRUE(eventually([&] { return scheduler_->stats().passes >= 1; }));
    std::this_thread::sleep_for(100ms);  // asleep now

    // Picked up three days ago, recorded then: due today.
    submit(order_case("S2", "2024-07-13T15:00:00Z"), at("2024-07-13T20:00:00Z"));
    ASSERT_LE(*next_check("S2"), now_.load());
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(history_size("S2"), 1u) << "the loop looked without being woken";
    scheduler_->wake();
    EXPECT_TRUE(eventually([&] { return history_size("S2") == 2u; }, 3s));
    scheduler_->stop();
    EXPECT_EQ(history_size("S1"), 1u);
}

TEST_F(SchedulerTest, AStoreErrorIsLoggedAndTriedAgain) {
    std::ostringstream log;
    core::configure_logging(core::LogOptions{.level = "warn"}, &log);
    open(256, 20);
    submit(order_case("E1", "2024-07-13T15:00:00Z"), at("2024-07-13T20:00:00Z"));

    // The orders table goes away under the running service, then comes back.
    Poco::Data::Session raw("SQLite", (dir_.path() / "store.db").string());
    using Poco::Data::Keywords::now;
    raw << "ALTER TABLE orders RENAME TO orders_away", now;
    scheduler_->start();
    EXPECT_TRUE(eventually([&] { return scheduler_->stats().store_errors >= 2; }));
    raw << "ALTER TABLE orders_away RENAME TO orders", now;
    EXPECT_TRUE(eventually([&] { return history_size("E1") == 2u; }));
    scheduler_->stop();
    const auto stats = scheduler_->stats();
    EXPECT_NE(stats.last_error.find("orders"), std::string::npos) << stats.last_error;
    EXPECT_NE(log.str().find("no such table: orders"), std::string::npos) << log.str();
    EXPECT_NE(log.str().find("tried again"), std::string::npos) << log.str();
    EXPECT_EQ(outbox_files(), 1u);
}

TEST_F(SchedulerTest, StoppingMidBatchLosesNothing) {
    open(256, 1000, 2, 15ms);  // each order reads the slow wall clock several times
    constexpr int kOrders = 24;
    for (int i = 0; i < kOrders; ++i)
        submit(order_case("B" + std::to_string(i), "2024-07-13T15:00:00Z"), at("2024-07-13T20:00:00Z"));
    scheduler_->start();
    auto decided = [&] {
        int n = 0;
        for (int i = 0; i < kOrders; ++i) n += history_size("B" + std::to_string(i)) == 2u;
        return n;
    };
    ASSERT_TRUE(eventually([&] { return decided() >= 2; }));
    const auto stop_began = std::chrono::steady_clock::now();
    scheduler_->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - stop_began, 3s);  // only the orders in hand were finished
    const int first = decided();
    EXPECT_LT(first, kOrders) << "the batch was done before the stop: no test";
    for (int i = 0; i < kOrders; ++i) {  // each order either re-checked or still due, none half done
        const auto id = "B" + std::to_string(i);
        const auto n = history_size(id);
        EXPECT_TRUE(n == 1u || n == 2u) << id;
        if (n == 1u) {
            EXPECT_LE(*next_check(id), now_.load()) << id;
        }
    }
    EXPECT_EQ(outbox_files(), static_cast<std::size_t>(first));

    // A new start takes the rest; every order was re-checked once and every dispute filed once.
    core::Scheduler again(*context_);
    auto pass = again.run_once();
    EXPECT_EQ(pass.rechecked, static_cast<std::size_t>(kOrders - first));
    EXPECT_EQ(decided(), kOrders);
    EXPECT_EQ(outbox_files(), static_cast<std::size_t>(kOrders));
}

TEST_F(SchedulerTest, AReCheckThatCannotDecideIsPutOffNotRepeated) {
    open();
    // A package whose carrier no plugin serves: the re-check fails and the order stays undecided.
    const std::string bad =
        R"({"order_id": "F1", "shop_id": "42", "region": "US", "shipping_type": "PLATFORM", )"
        R"("platform_status": "AWAITING_COLLECTION", "packages": [{"package_id": "P1", )"
        R"("tracking_number": "NOPE1", "carrier": "no-such-carrier"}]})";
    core::DecisionRecord record;
    record.order = ref("F1");
    record.action = "WAIT";
    record.rule = "test";
    record.next_check_at = now_.load() - 1h;
    record.decision_json = "{}";
    record.order_json = bad;
    record.decided_at = now_.load() - 2h;
    ASSERT_TRUE(store_->record_decision(record));

    auto pass = scheduler_->run_once();
    EXPECT_EQ(pass.rechecked, 1u);
    EXPECT_EQ(pass.summary.decided, 0u);
    EXPECT_EQ(next_check("F1"), now_.load() + core::Scheduler::kRetryDelay);
    EXPECT_EQ(scheduler_->run_once().claimed, 0u);  // not claimed again at once
    auto sleep = scheduler_->sleep_time();
    ASSERT_TRUE(sleep.has_value());
    EXPECT_EQ(*sleep, 1000ms);  // the retry is a minute off: the idle poll comes first
    now_ = now_.load() + core::Scheduler::kRetryDelay;
    EXPECT_EQ(scheduler_->run_once().claimed, 1u);
    EXPECT_EQ(history_size("F1"), 1u);
}

}  // namespace
}  // namespace unstuck::test
