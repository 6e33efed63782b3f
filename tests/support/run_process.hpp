#pragma once
// Runs a program (usually the `unstuck` host) and collects its exit code and output.

#include <string>
#include <vector>

namespace unstuck::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

//! Runs `program` with `args`, feeding `input` on stdin; waits for it to end.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::string& input = "");

//! Runs the `unstuck` host built in this tree.
ProcessResult run_host(const std::vector<std::string>& args, const std::string& input = "");

}  // namespace unstuck::test
