#pragma once
// Private: a sweep's summary as the API answers it (the shape of `unstuck sweep --json` without the store).

#include <string>

#include "unstuck/core/sweep/sweep_summary.hpp"

namespace unstuck::core {

//! `{orders:{lines,decided,skipped,failed,bad_lines}, by_action, by_rule, disputes:{filed, already_filed,
//! pending, rejected, errors, filed_by_backend, filed_list}, settled, errors:{count, first}, seconds}`.
std::string sweep_summary_json(const SweepSummary& summary);

}  // namespace unstuck::core
