#pragma once
//! A sweep's summary as JSON, as `unstuck sweep --json` prints it and the service's `POST /v1/sweeps`
//! answers.

#include <string>
#include <string_view>

#include "unstuck/core/sweep/sweep_summary.hpp"
#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::core {

//! `{dry_run, store (when given), orders:{lines, decided, skipped, failed, bad_lines}, by_action, by_rule,
//! disputes:{filed, already_filed, pending, rejected, would_file, errors, tickets_followed, ticket_changes,
//! filed_by_backend, filed_list},
//! settled, remedies:{applied, already, pending, rejected, without_proof, would_apply, errors,
//! settled:{found, sent_again, rejected, still_pending, skipped}}, marketplace:{pulled, errors},
//! errors:{count, first}, seconds, orders_per_second}`.
std::string sweep_summary_json(const SweepSummary& summary, std::string_view store = {});

//! Writes the `remedies` object of the summary (the value only), for writers of other summary shapes (the C
//! API's).
void write_remedies_json(sdk::JsonWriter& w, const SweepSummary& summary);

}  // namespace unstuck::core
