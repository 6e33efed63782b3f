#pragma once
// What `unstuck test-plugin` checks of a carrier plugin: a saved response against its expected canonical JSON
// (a golden case), and a detection table. Each problem is one line naming the file and the JSON path.

#include <filesystem>
#include <iosfwd>
#include <string>

#include "unstuck/sdk/carrier.hpp"

namespace unstuck::host {

//! How a check reports and whether it rewrites what it compares with.
struct CheckRun {
    bool update = false;  //!< write the expected file (or the table's claims) instead of comparing
    std::string
        update_hint;  //!< the command that rewrites, named when an expected file is missing or differs
};

//! Runs `<case>.json` (with `<case>.context.json` when present) through the plugin's normalize and compares
//! the canonical JSON with `<case>.expected.json`, after the model's own checks. Returns the exit code: 0
//! the same (or written), 1 different or a model check failed, 2 bad input.
int run_golden_case(const sdk::CarrierPlugin& plugin, const std::filesystem::path& document,
                    const CheckRun& run);

//! Checks every row of a detection table (`[{"number": ..., "claims": [{"carrier", "service",
//! "check_digit"}]}]`): the plugin's claims for the number must equal the row's, in order. Every row is
//! checked even after a bad one. Returns 0 all equal (or rewritten), 1 a row differs, 2 bad input.
int run_detection_table(const sdk::CarrierPlugin& plugin, const std::filesystem::path& table,
                        const CheckRun& run);

}  // namespace unstuck::host
