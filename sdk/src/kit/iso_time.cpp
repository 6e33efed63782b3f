#include "unstuck/kit/iso_time.hpp"

#include "unstuck/sdk/time.hpp"

namespace unstuck::kit {
namespace {

// True when the text ends in `Z` or `±HH:MM` after a time of day (at least `YYYY-MM-DDTHH:MM`).
bool has_offset(std::string_view t) noexcept {
    if (t.size() < 17) return false;
    char last = t.back();
    if (last == 'Z' || last == 'z') return true;
    std::size_t n = t.size();
    return n >= 22 && (t[n - 6] == '+' || t[n - 6] == '-') && t[n - 3] == ':';
}

}  // namespace

CarrierTime read_iso_time(std::string_view text) noexcept {
    CarrierTime t;
    try {
        if (text.empty()) return t;
        if (has_offset(text)) {
            if (auto parsed = sdk::parse_offset_timestamp(text)) {
                t.own_offset = parsed->offset_minutes;
                t.wall = sdk::LocalTimestamp{parsed->at.time_since_epoch() +
                                             std::chrono::minutes{parsed->offset_minutes}};
            }
        } else if (auto wall = sdk::parse_local_timestamp(text)) {
            t.wall = *wall;
        }
    } catch (...) {  // an error message that could not be allocated: no time
        t = {};
    }
    return t;
}

}  // namespace unstuck::kit
