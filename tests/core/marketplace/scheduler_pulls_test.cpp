// The service's pulls: the scheduler pulls each sweep.marketplaces plugin (the fixture-market plugin, a real
// SQLite store) at the service clock every serve.scheduler.pull_every_s, counts the pulls, the orders read
// and the remedies in the metrics, and stops between pages.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "serve/metrics.hpp"
#include "serve/scheduler.hpp"
#include "serve/serve_context.hpp"
#include "sync_parts.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;

class SchedulerPullsTest : public SyncParts {
  protected:
    //! A scheduler over a prepared sweep, pulling every `pull_every_s`.
    void open(unsigned pull_every_s) {
        sweep_ = std::make_unique<core::Sweep>(*host_, *engine_, store_.get(), options(false));
        auto prepared = sweep_->prepare();
        ASSERT_TRUE(prepared) << prepared.message();
        serve_.scheduler.concurrency = 2;
        serve_.scheduler.idle_poll_ms = 50;
        serve_.scheduler.pull_every_s = pull_every_s;
        context_ = std::make_unique<core::ServeContext>(core::ServeContext{*config_, serve_, *host_, *store_,
                                                                           *engine_, *sweep_, metrics_,
                                                                           [] { return sync_now(); }, [] {}});
        scheduler_ = std::make_unique<core::Scheduler>(*context_);
    }

    bool has(const std::string& series) const {
        return metrics_.serialize().find(series) != std::string::npos;
    }

    template <typename Done>
    static bool eventually(Done done, std::chrono::milliseconds limit = 10s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(10ms);
        }
        return done();
    }

    void TearDown() override {
        if (scheduler_) scheduler_->stop();
    }

    core::ServeOptions serve_;
    core::Metrics metrics_;
    std::unique_ptr<core::Sweep> sweep_;
    std::unique_ptr<core::ServeContext> context_;
    std::unique_ptr<core::Scheduler> scheduler_;
};

TEST_F(SchedulerPullsTest, APullDecidesFilesAndAppliesAndTheMetricsCountIt) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + ", " + delivered("R1") +
          R"(], "errors": [{"order_id": "X", "message": "status: unknown \"LIMBO\""}]}]})");
    open(300);
    auto s = scheduler_->pull_marketplaces();
    EXPECT_EQ(s.pulled, 3u);
    EXPECT_EQ(s.decided, 2u);
    EXPECT_EQ(s.filed, 1u);
    EXPECT_EQ(s.remedies_applied, 1u);
    EXPECT_EQ(s.bad_lines, 1u);
    EXPECT_EQ(cursor("42"), "1");
    EXPECT_EQ(scheduler_->stats().pulls, 1u);
    EXPECT_TRUE(has(R"(unstuck_marketplace_pulls_total{plugin="fixture-market"} 1)")) << metrics_.serialize();
    EXPECT_TRUE(has(R"(unstuck_marketplace_orders_pulled_total{plugin="fixture-market"} 3)"));
    EXPECT_TRUE(has(R"(unstuck_marketplace_pull_errors_total{plugin="fixture-market"} 0)"));
    EXPECT_TRUE(has(R"(unstuck_remedies_total{outcome="applied"} 1)"));
    EXPECT_TRUE(has(
        R"(unstuck_orders_decided_total{action="FILE_DISPUTE",rule="platform.picked_up_not_updated"} 1)"));
    EXPECT_TRUE(has(R"(unstuck_disputes_filed_total{backend="outbox",outcome="filed"} 1)"));
    EXPECT_TRUE(has(R"(unstuck_sweep_orders_total{outcome="bad"} 1)"));

    // Nothing changed: the next pull reads nothing and sends nothing again.
    control(R"({"pull": {"42": "retry"}})");
    auto again = scheduler_->pull_marketplaces();
    EXPECT_EQ(again.pulled, 0u);
    EXPECT_EQ(again.pull_errors, 1u);
    EXPECT_TRUE(has(R"(unstuck_marketplace_pulls_total{plugin="fixture-market"} 2)"));
    EXPECT_TRUE(has(R"(unstuck_marketplace_pull_errors_total{plugin="fixture-market"} 1)"));
    EXPECT_EQ(calls("update_delivery_status").size(), 1u);
}

TEST_F(SchedulerPullsTest, TheLoopPullsAtStartAndEveryPullEveryS) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    open(1);
    scheduler_->start();
    ASSERT_TRUE(eventually([&] { return cursor("42") == "1"; }));
    EXPECT_TRUE(recorded("A"));
    pages(R"({"42": [{"orders": [)" + picked_up("A") + R"(]}, {"orders": [)" + picked_up("B") + "]}]}");
    ASSERT_TRUE(eventually([&] { return cursor("42") == "2"; }, 5s));
    EXPECT_TRUE(recorded("B"));
    // The pull is counted once it is over, which is after its last cursor is stored.
    EXPECT_TRUE(eventually([&] { return scheduler_->stats().pulls >= 2; }));
}

TEST_F(SchedulerPullsTest, ZeroNeverPullsAndStopEndsTheWaitAtOnce) {
    pages(R"({"42": [{"orders": [)" + picked_up("A") + "]}]}");
    open(0);
    scheduler_->start();
    std::this_thread::sleep_for(300ms);
    scheduler_->stop();
    EXPECT_TRUE(calls("changed_orders").empty());
    EXPECT_EQ(scheduler_->stats().pulls, 0u);

    scheduler_.reset();
    open(3600);
    scheduler_->start();
    ASSERT_TRUE(eventually([&] { return scheduler_->stats().pulls == 1; }));
    const auto asked = std::chrono::steady_clock::now();
    scheduler_->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
    EXPECT_EQ(calls("changed_orders").size(), 1u);
}

TEST_F(SchedulerPullsTest, PullEveryIsReadFromTheServeSection) {
    auto fallback = core::ServeOptions::from_json(nullptr, dir_.path());
    ASSERT_TRUE(fallback.ok());
    EXPECT_EQ(fallback->scheduler.pull_every_s, 300u);
    auto parse = [&](const std::string& json) {
        auto doc = core::HostConfig::parse(R"({"serve": {"scheduler": )" + json + "}}", dir_.path());
        return doc.ok() ? std::string("ok ") + std::to_string(doc->serve.scheduler.pull_every_s)
                        : doc.error().message;
    };
    EXPECT_EQ(parse(R"({"pull_every_s": 0})"), "ok 0");
    EXPECT_EQ(parse(R"({"pull_every_s": 60})"), "ok 60");
    EXPECT_NE(parse(R"({"pull_every_s": -1})").find("serve.scheduler.pull_every_s"), std::string::npos);
    EXPECT_NE(parse(R"({"pull_every_s": 86401})").find("serve.scheduler.pull_every_s: must be at most 86400"),
              std::string::npos);
}

}  // namespace
}  // namespace unstuck::test
