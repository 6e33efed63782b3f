// PendingSettler: PENDING disputes of an earlier run settled through the real outbox plugin and a real SQLite
// store: found (already filed) or filed again under the same key.

#include <gtest/gtest.h>

#include "sweep/pending_settler.hpp"
#include "sweep_parts.hpp"
#include "unstuck/core/disputes/dispute_request.hpp"

namespace unstuck::test {
namespace {

using PendingSettlerTest = SweepParts;

TEST_F(PendingSettlerTest, FindsWhatTheBackendHasAndFilesWhatItDoesNot) {
    make_context(R"([{"backend": "outbox"}])");
    // Two disputes left PENDING, as by a run that stopped after writing the row: B1 reached the outbox, B2
    // not.
    std::vector<std::string> keys;
    for (const char* id : {"B1", "B2"}) {
        decide(picked_up_order(id));
        sdk::DisputeRequest request = core::make_dispute_request(decision_, decision_.disputes[0], order_);
        auto begun = store_->begin_dispute(request, "outbox", parts_now());
        ASSERT_TRUE(begun.ok() && begun->created);
        if (std::string(id) == "B1") {
            ASSERT_EQ(context_->backends["outbox"]->file(request).kind, sdk::FileResult::Kind::kOk);
        }
        keys.push_back(request.key);
    }

    core::PendingSettler settler(*context_);
    core::SweepSummary summary;
    core::SettleSummary settled = settler.settle(summary);
    EXPECT_EQ(settled.found, 1u);
    EXPECT_EQ(settled.refiled, 1u);
    EXPECT_EQ(settled.still_pending, 0u);
    EXPECT_EQ(summary.error_count, 0u) << (summary.errors.empty() ? "" : summary.errors[0]);
    EXPECT_EQ(summary.filed_by_backend["outbox"], 1u);
    for (const auto& key : keys) {
        auto record = store_->find_dispute(key);
        ASSERT_TRUE(record.ok() && record->has_value()) << key;
        EXPECT_EQ((*record)->state, core::DisputeState::kFiled) << key;
    }

    // Nothing is left to settle.
    core::SweepSummary again;
    EXPECT_EQ(settler.settle(again).total(), 0u);
}

TEST_F(PendingSettlerTest, AMissingBackendLeavesTheDisputePendingAndSaysWhy) {
    make_context(R"([{"backend": "outbox"}])");
    decide(picked_up_order("B3"));
    sdk::DisputeRequest request = core::make_dispute_request(decision_, decision_.disputes[0], order_);
    ASSERT_TRUE(store_->begin_dispute(request, "freshdesk", parts_now()).ok());

    core::PendingSettler settler(*context_);
    core::SweepSummary summary;
    core::SettleSummary settled = settler.settle(summary);
    EXPECT_EQ(settled.still_pending, 1u);
    ASSERT_EQ(summary.errors.size(), 1u);
    EXPECT_EQ(summary.errors[0].rfind("settling dispute " + request.key + ": plugin freshdesk", 0), 0u)
        << summary.errors[0];
    auto record = store_->find_dispute(request.key);
    ASSERT_TRUE(record.ok() && record->has_value());
    EXPECT_EQ((*record)->state, core::DisputeState::kPending);
}

TEST_F(PendingSettlerTest, NothingHappensInADryRun) {
    make_context(R"([{"backend": "outbox"}])", true);
    decide(picked_up_order("B4"));
    sdk::DisputeRequest request = core::make_dispute_request(decision_, decision_.disputes[0], order_);
    ASSERT_TRUE(store_->begin_dispute(request, "outbox", parts_now()).ok());
    core::PendingSettler settler(*context_);
    core::SweepSummary summary;
    EXPECT_EQ(settler.settle(summary).total(), 0u);
    auto record = store_->find_dispute(request.key);
    ASSERT_TRUE(record.ok() && record->has_value());
    EXPECT_EQ((*record)->state, core::DisputeState::kPending);
}

}  // namespace
}  // namespace unstuck::test
