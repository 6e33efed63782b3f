// The scheduler of `unstuck serve` as a real process over a SQLite store: orders decided by a sweep at T1 and
// waiting are re-checked by the service by itself once its clock (`--now T2`) passes their next check; the
// disputes that follow are filed once; with `--no-scheduler` nothing is re-checked.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>

#include "support/run_process.hpp"
#include "support/serve_process.hpp"
#include "support/sweep_fixture.hpp"
#include "support/test_paths.hpp"
#include "unstuck/core/store/case_store.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr std::size_t kOrders = 20;  // of every ten, one waits at T1 (`sched-9`, `sched-19`)

core::OrderRef ref(std::size_t i) {
    return {"tiktok-shop", kSweepShop, "sched-" + std::to_string(i)};
}

// Orders swept at T1 (kSweepNow) into a SQLite store, disputes filed into an outbox folder.
class ServeScheduler : public ::testing::Test {
  protected:
    void SetUp() override {
        fx_ = std::make_unique<SweepFixture>(dir_.path());
        keys_ = fx_->write_orders(kOrders, "sched");
        fx_->write_config(R"({"sqlite": ")" + (dir_.path() / "store.db").string() + R"("})", "outbox",
                          R"("outbox": {"dir": ")" + outbox().string() + R"("})", "", 2, 16,
                          R"("serve": {"auth": "none", "scheduler": {"idle_poll_ms": 100, "batch": 4}})");
        auto swept = run_host({"--config", fx_->config().string(), "sweep", "--orders",
                               fx_->orders().string(), "--now", kSweepNow});
        ASSERT_EQ(swept.exit_code, 0) << swept.out << swept.err;
        auto store = core::CaseStore::open(core::StoreOptions::sqlite(dir_.path() / "store.db"));
        ASSERT_TRUE(store.ok()) << store.error().message;
        store_ = std::move(*store);
        ASSERT_EQ(outbox_disputes().size(), keys_.size());

        // T2: an hour past the latest next check of the waiting orders.
        for (std::size_t i = 9; i < kOrders; i += 10) {
            auto order = store_->find_order(ref(i));
            ASSERT_TRUE(order.ok() && order->has_value());
            ASSERT_EQ((*order)->action, "WAIT");
            ASSERT_TRUE((*order)->next_check_at.has_value());
            t2_ = std::max(t2_, *(*order)->next_check_at + 1h);
        }
    }

    fs::path outbox() const { return dir_.path() / "outbox"; }

    // The dispute keys in the outbox, each with the number of its folders.
    std::map<std::string, int> outbox_disputes() const {
        std::map<std::string, int> keys;
        if (!fs::exists(outbox())) return keys;
        for (const auto& e : fs::recursive_directory_iterator(outbox())) {
            if (!e.is_regular_file() || e.path().filename() != "dispute.json") continue;
            const std::string text = read_file(e.path());
            const auto at = text.find("\"key\":");
            const auto open = text.find('"', at + 6);
            ++keys[text.substr(open + 1, text.find('"', open + 1) - open - 1)];
        }
        return keys;
    }

    std::size_t history_size(std::size_t i) const {
        auto h = store_->history(ref(i));
        return h ? h->size() : 0;
    }

    template <typename Done>
    static bool eventually(Done done, std::chrono::milliseconds limit = 20s) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < end) {
            if (done()) return true;
            std::this_thread::sleep_for(20ms);
        }
        return done();
    }

    TempDir dir_;
    std::unique_ptr<SweepFixture> fx_;
    std::set<std::string> keys_;
    std::unique_ptr<core::CaseStore> store_;
    sdk::Timestamp t2_{};
};

TEST_F(ServeScheduler, ReChecksWhatBecameDueByItselfAndFilesEachDisputeOnce) {
    const std::string t2 = sdk::format_utc(t2_);
    {
        // Started at T1 again: nothing is due yet, nothing happens.
        ServeProcess serve(fx_->config(), {"--now", kSweepNow});
        ASSERT_TRUE(serve.started()) << serve.stderr_text();
        std::this_thread::sleep_for(500ms);  // five idle polls
        EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();
        EXPECT_EQ(history_size(9), 1u);
        EXPECT_EQ(outbox_disputes().size(), keys_.size());
    }

    ServeProcess serve(fx_->config(), {"--now", t2});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_TRUE(eventually([&] { return history_size(9) == 2u && history_size(19) == 2u; }))
        << serve.stderr_text();
    // Let it run on: orders it re-checked are not taken again at the same instant.
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();

    for (std::size_t i = 9; i < kOrders; i += 10) {
        auto history = store_->history(ref(i));
        ASSERT_TRUE(history.ok());
        ASSERT_EQ(history->size(), 2u) << i;
        EXPECT_EQ(history->back().action, "FILE_DISPUTE") << history->back().decision_json;
        const auto key =
            "tiktok-shop:42:sched-" + std::to_string(i) + ":pick_up_issues.picked_up_not_updated";
        keys_.insert(key);
    }
    // Every dispute once: those of T1 and the two the re-checks filed.
    const auto filed = outbox_disputes();
    EXPECT_EQ(filed.size(), keys_.size());
    for (const auto& key : keys_) EXPECT_EQ(filed.count(key) ? filed.at(key) : 0, 1) << key;
    auto disputes = store_->list_disputes();
    ASSERT_TRUE(disputes.ok());
    EXPECT_EQ(disputes->size(), keys_.size());
    for (const auto& d : *disputes) EXPECT_EQ(core::to_string(d.state), "FILED") << d.key;

    // Started again at T2: nothing new is due, nothing is filed twice.
    ServeProcess again(fx_->config(), {"--now", t2});
    ASSERT_TRUE(again.started()) << again.stderr_text();
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(again.terminate(), 0) << again.stderr_text();
    EXPECT_EQ(outbox_disputes(), filed);
    EXPECT_EQ(history_size(9), 2u);
}

TEST_F(ServeScheduler, WithoutTheSchedulerNothingIsReChecked) {
    ServeProcess serve(fx_->config(), {"--now", sdk::format_utc(t2_), "--no-scheduler"});
    ASSERT_TRUE(serve.started()) << serve.stderr_text();
    EXPECT_EQ(serve.request("GET", "/healthz").status, 200);
    std::this_thread::sleep_for(1s);  // ten idle polls of a scheduler
    EXPECT_EQ(serve.terminate(), 0) << serve.stderr_text();
    for (std::size_t i = 0; i < kOrders; ++i) EXPECT_EQ(history_size(i), 1u) << i;
    EXPECT_EQ(outbox_disputes().size(), keys_.size());
}

}  // namespace
}  // namespace unstuck::test
