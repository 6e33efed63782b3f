// SweepWorker: a batch of lines read, decided, recorded in a real SQLite store and filed through the real
// outbox plugin; bad and over-long lines counted and named by line, the rest of the batch going on.

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string_view>
#include <vector>

#include "sweep/sweep_worker.hpp"
#include "sweep_parts.hpp"

namespace unstuck::test {
namespace {

using SweepWorkerTest = SweepParts;

// A batch as the reader cuts it: `lines` numbered from 1, an over-long line at `too_long` (0: none).
core::LineBatch batch_of(const std::vector<std::string>& lines, std::uint64_t too_long = 0) {
    core::LineBatch batch;
    std::uint64_t number = 0;
    for (const auto& line : lines) {
        if (++number == too_long) {
            batch.lines.push_back({batch.text.size(), 0, number++, true});
        }
        batch.lines.push_back({batch.text.size(), line.size(), number, false});
        batch.text += line;
        batch.text += '\n';
    }
    batch.text.append(core::kOrderReaderPadding, ' ');
    return batch;
}

TEST_F(SweepWorkerTest, DecidesRecordsAndFilesABatchNamingItsBadLines) {
    make_context(R"([{"backend": "outbox"}])");
    core::SweepWorker worker(*context_);
    auto batch = batch_of({picked_up_order("W1"), "{\"order_id\": \"W2\"", picked_up_order("W3")}, 2);
    worker.process_batch(batch);
    const core::SweepSummary& s = worker.summary;
    EXPECT_EQ(s.lines, 4u);
    EXPECT_EQ(s.bad_lines, 2u);
    EXPECT_EQ(s.decided, 2u);
    EXPECT_EQ(s.filed, 2u);
    ASSERT_EQ(s.errors.size(), 2u);
    EXPECT_EQ(s.errors[0], "line 2: longer than 64 MiB; skipped");
    EXPECT_EQ(s.errors[1].rfind("line 3: ", 0), 0u) << s.errors[1];

    auto recorded = store_->find_order({"tiktok-shop", "42", "W3"});
    ASSERT_TRUE(recorded.ok() && recorded->has_value());
    EXPECT_EQ((*recorded)->action, "FILE_DISPUTE");
    EXPECT_EQ((*recorded)->order_json, picked_up_order("W3"));

    // The same orders again: the store holds their disputes, nothing is filed twice.
    core::SweepWorker again(*context_);
    again.process_batch(batch_of({picked_up_order("W1"), picked_up_order("W3")}));
    EXPECT_EQ(again.summary.decided, 2u);
    EXPECT_EQ(again.summary.filed, 0u);
    EXPECT_EQ(again.summary.already_filed, 2u);
}

TEST_F(SweepWorkerTest, AClaimedBatchRecordsEveryDecisionAndFilesEachDisputeOnce) {
    make_context(R"([{"backend": "outbox"}])");
    const std::vector<std::string> cases{picked_up_order("C1"), picked_up_order("C2"), "{\"order_id\": 7}",
                                         picked_up_order("C3")};
    const std::vector<std::string_view> jsons(cases.begin(), cases.end());
    core::SweepWorker worker(*context_);
    EXPECT_EQ(worker.process_claimed(jsons, parts_now()), cases.size());
    const core::SweepSummary& s = worker.summary;
    EXPECT_EQ(s.lines, 4u);
    EXPECT_EQ(s.decided, 3u);
    EXPECT_EQ(s.bad_lines, 1u);
    EXPECT_EQ(s.filed, 3u);
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0].rfind("stored order case 3 of 4: ", 0), 0u) << s.errors[0];
    using ActionRule = std::pair<std::string, std::string>;
    EXPECT_EQ(s.by_action_rule, (std::map<ActionRule, std::uint64_t, std::less<>>{
                                    {{"FILE_DISPUTE", "platform.picked_up_not_updated"}, 3}}));
    for (const char* id : {"C1", "C2", "C3"}) {
        const core::OrderRef order{"tiktok-shop", "42", id};
        auto history = store_->history(order);
        ASSERT_TRUE(history.ok()) << history.error().message;
        EXPECT_EQ(history->size(), 1u) << id;
        auto disputes = store_->disputes_of(order);
        ASSERT_TRUE(disputes.ok()) << disputes.error().message;
        ASSERT_EQ(disputes->size(), 1u) << id;
        EXPECT_EQ(disputes->front().state, core::DisputeState::kFiled) << id;
    }

    // The batch again: every decision recorded again, no dispute filed a second time.
    core::SweepWorker again(*context_);
    EXPECT_EQ(again.process_claimed(jsons, parts_now()), cases.size());
    EXPECT_EQ(again.summary.decided, 3u);
    EXPECT_EQ(again.summary.filed, 0u);
    EXPECT_EQ(again.summary.already_filed, 3u);
    for (const char* id : {"C1", "C2", "C3"}) {
        const core::OrderRef order{"tiktok-shop", "42", id};
        EXPECT_EQ(store_->history(order)->size(), 2u) << id;
        EXPECT_EQ(store_->disputes_of(order)->size(), 1u) << id;
    }
    auto all = store_->list_disputes();
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->size(), 3u);
}

TEST_F(SweepWorkerTest, AClaimedBatchTakesNoOrderOnceStopped) {
    make_context(R"([{"backend": "outbox"}])");
    const std::string c = picked_up_order("S1");
    const std::vector<std::string_view> jsons{c};
    std::atomic<bool> stop{true};
    core::SweepWorker worker(*context_);
    EXPECT_EQ(worker.process_claimed(jsons, parts_now(), &stop), 0u);
    EXPECT_EQ(worker.summary.lines, 0u);
    auto recorded = store_->find_order({"tiktok-shop", "42", "S1"});
    ASSERT_TRUE(recorded.ok());
    EXPECT_FALSE(recorded->has_value());
}

TEST_F(SweepWorkerTest, ADryRunDecidesWithoutRecording) {
    make_context("", true);
    core::SweepWorker worker(*context_);
    worker.process_batch(batch_of({picked_up_order("D1")}));
    EXPECT_EQ(worker.summary.decided, 1u);
    EXPECT_EQ(worker.summary.would_file, 1u);
    EXPECT_EQ(worker.summary.by_rule.at("platform.picked_up_not_updated"), 1u);
    auto recorded = store_->find_order({"tiktok-shop", "42", "D1"});
    ASSERT_TRUE(recorded.ok());
    EXPECT_FALSE(recorded->has_value());
}

}  // namespace
}  // namespace unstuck::test
