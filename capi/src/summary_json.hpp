#pragma once
// Private: a sweep's summary as the JSON the C API returns.

#include <string>

#include "unstuck/core/store/case_store.hpp"
#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::capi {

//! The summary: counts, by action and rule, the disputes filed (their order ids read from `store` when
//! given), what was settled, the errors.
std::string summary_json(const core::SweepSummary& s, core::CaseStore* store);

}  // namespace unstuck::capi
