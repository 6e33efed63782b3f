// libFuzzer harness for the dhl normalizer (built and run by scripts/fuzz.sh, and by the tests: label
// fuzz_tests): every input must give a shipment that keeps the model's rules, or a typed error, without a
// crash or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "carriers/dhl/normalizer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view payload(reinterpret_cast<const char*>(data), size);
    unstuck::sdk::TrackContext context;
    if (size % 2 == 1)
        context.order_created_at = unstuck::sdk::parse_timestamp("2024-07-10T00:00:00Z").value();
    unstuck::sdk::TrackResult r = unstuck::carriers::dhl::normalize(payload, context);
    if (r.kind != unstuck::sdk::TrackResult::Kind::kOk) {
        if (r.message.empty()) std::abort();  // a typed error always says why
        return 0;
    }
    const auto& s = r.shipment;
    if (!unstuck::sdk::is_valid_substatus(s.status, s.substatus)) std::abort();
    for (std::size_t i = 0; i < s.events.size(); ++i) {
        if (!unstuck::sdk::is_valid_substatus(s.events[i].status, s.events[i].substatus)) std::abort();
        if (i > 0 && s.events[i - 1].at > s.events[i].at) std::abort();
    }
    return 0;
}
