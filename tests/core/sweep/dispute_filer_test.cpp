// DisputeFiler: one dispute filed once through the real outbox plugin and a real SQLite store; dry runs check
// routes only when there are routes.

#include <gtest/gtest.h>

#include "sweep/dispute_filer.hpp"
#include "sweep_parts.hpp"

namespace unstuck::test {
namespace {

namespace fs = std::filesystem;

using DisputeFilerTest = SweepParts;

std::size_t folders_in(const fs::path& dir) {
    std::size_t n = 0;
    if (!fs::exists(dir)) return 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.is_directory();
    return n;
}

TEST_F(DisputeFilerTest, FilesOnceAndRecordsIt) {
    make_context(R"([{"backend": "outbox"}])");
    decide(picked_up_order("A1"));
    core::DisputeFiler filer(*context_);
    const auto& dispute = decision_.disputes[0];
    EXPECT_EQ(dispute.key, "tiktok-shop:42:A1:pick_up_issues.picked_up_not_updated");

    core::SweepSummary first;
    EXPECT_TRUE(filer.file(order_, decision_, dispute, parts_now(), "order A1", first));
    EXPECT_EQ(first.filed, 1u);
    EXPECT_EQ(first.filed_by_backend["outbox"], 1u);
    using Outcomes = std::map<std::pair<std::string, std::string>, std::uint64_t, std::less<>>;
    EXPECT_EQ(first.disputes_by_backend, (Outcomes{{{"outbox", "filed"}, 1}}));
    ASSERT_EQ(first.filed_disputes.size(), 1u);
    EXPECT_EQ(first.filed_disputes[0].key, dispute.key);
    EXPECT_EQ(first.error_count, 0u) << (first.errors.empty() ? "" : first.errors[0]);
    auto record = store_->find_dispute(dispute.key);
    ASSERT_TRUE(record.ok() && record->has_value());
    EXPECT_EQ((*record)->state, core::DisputeState::kFiled);
    EXPECT_EQ((*record)->backend, "outbox");
    EXPECT_EQ(folders_in(dir_.path() / "outbox"), 1u);

    // The store holds it now: counted, not filed again.
    core::SweepSummary again;
    EXPECT_TRUE(filer.file(order_, decision_, dispute, parts_now(), "order A1", again));
    EXPECT_EQ(again.filed, 0u);
    EXPECT_EQ(again.already_filed, 1u);
    EXPECT_EQ(again.disputes_by_backend, (Outcomes{{{"outbox", "already_filed"}, 1}}));
    EXPECT_EQ(folders_in(dir_.path() / "outbox"), 1u);

    first.merge(again);
    EXPECT_EQ(first.disputes_by_backend,
              (Outcomes{{{"outbox", "already_filed"}, 1}, {{"outbox", "filed"}, 1}}));
}

TEST_F(DisputeFilerTest, NoMatchingRouteIsNamedAndNothingIsBegun) {
    make_context(R"([{"shop_id": "7", "backend": "outbox"}])");
    decide(picked_up_order("A2"));
    core::DisputeFiler filer(*context_);
    core::SweepSummary summary;
    EXPECT_FALSE(
        filer.file(order_, decision_, decision_.disputes[0], parts_now(), "line 4: order A2", summary));
    EXPECT_EQ(summary.dispute_errors, 1u);
    ASSERT_EQ(summary.errors.size(), 1u);
    EXPECT_EQ(
        summary.errors[0],
        "line 4: order A2: dispute tiktok-shop:42:A2:pick_up_issues.picked_up_not_updated: no route matches "
        "marketplace \"tiktok-shop\", shop \"42\", code \"pick_up_issues.picked_up_not_updated\"");
    auto record = store_->find_dispute(decision_.disputes[0].key);
    ASSERT_TRUE(record.ok());
    EXPECT_FALSE(record->has_value());
}

TEST_F(DisputeFilerTest, DryRunWithoutRoutesWouldFile) {
    make_context("", true);
    decide(picked_up_order("A3"));
    core::DisputeFiler filer(*context_);
    core::SweepSummary summary;
    EXPECT_TRUE(filer.file(order_, decision_, decision_.disputes[0], parts_now(), "order A3", summary));
    EXPECT_EQ(summary.would_file, 1u);
    EXPECT_EQ(summary.dispute_errors, 0u);
    EXPECT_EQ(summary.error_count, 0u);
    EXPECT_EQ(folders_in(dir_.path() / "outbox"), 0u);
    EXPECT_FALSE(fs::exists(dir_.path() / "evidence"));
}

TEST_F(DisputeFilerTest, DryRunWithRoutesStillNeedsOneToMatch) {
    make_context(R"([{"shop_id": "7", "backend": "outbox"}])", true);
    decide(picked_up_order("A4"));
    core::DisputeFiler filer(*context_);
    core::SweepSummary summary;
    EXPECT_FALSE(filer.file(order_, decision_, decision_.disputes[0], parts_now(), "order A4", summary));
    EXPECT_EQ(summary.would_file, 0u);
    EXPECT_EQ(summary.dispute_errors, 1u);

    make_context(R"([{"shop_id": "42", "backend": "outbox"}])", true);
    core::DisputeFiler matching(*context_);
    core::SweepSummary matched;
    EXPECT_TRUE(matching.file(order_, decision_, decision_.disputes[0], parts_now(), "order A4", matched));
    EXPECT_EQ(matched.would_file, 1u);
    EXPECT_EQ(folders_in(dir_.path() / "outbox"), 0u);
}

}  // namespace
}  // namespace unstuck::test
