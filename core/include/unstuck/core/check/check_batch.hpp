#pragma once
//! Deciding a JSONL batch of order cases on several threads, output in input order.

#include <cstddef>
#include <string>
#include <string_view>

#include "unstuck/core/check/order_checker.hpp"
#include "unstuck/core/policy/policy_engine.hpp"

namespace unstuck::core {

//! What a batch did.
struct BatchResult {
    std::size_t decided = 0;   //!< lines that got a decision
    std::size_t rejected = 0;  //!< lines that got `{"line": N, "error": "..."}`
    std::string io_error;      //!< set when reading or writing failed; the batch stopped there
};

//! Reads order cases from `in_fd`, one JSON document a line, and writes one line per non-blank input line to
//! `out_fd` in input order: the decision, or `{"line":N,"error":"..."}` (N counts input lines from 1). Blank
//! lines are skipped; a line longer than 64 MiB gets `{"line":N,"error":"longer than 64 MiB; skipped"}`.
//! Lines are read in blocks and decided on `threads` threads (0: one per core).
BatchResult check_batch(int in_fd, int out_fd, const PolicyEngine& engine, const CheckOptions& options,
                        unsigned threads = 0);

//! The same answers for a batch held in memory, on the calling thread with `checker`: appends to `out` one
//! line per non-blank line of `jsonl`, as check_batch writes them.
BatchResult check_lines(OrderChecker& checker, std::string_view jsonl, std::string& out);

}  // namespace unstuck::core
