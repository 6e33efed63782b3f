// libFuzzer harness for the dhl normalizer (built and run by scripts/fuzz.sh, and by the tests: label
// fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed error, without a
// crash or a sanitizer report.
#include "carriers/dhl/normalizer.hpp"
#include "harness.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fuzz = unstuck::fuzz;
    fuzz::check_result(
        unstuck::carriers::dhl::normalize(fuzz::text(data, size), fuzz::context_for(size, "")));
    return 0;
}
