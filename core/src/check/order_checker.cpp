#include "unstuck/core/check/order_checker.hpp"

#include "unstuck/core/policy/decision_writer.hpp"

namespace unstuck::core {

sdk::Status OrderChecker::check(std::string_view json, std::string& out, bool padded) {
    if (auto s = reader_.read(json, case_, padded); !s) return s;
    for (const auto& p : case_.packages) {
        if (p.raw) {
            if (auto s = normalize_raw_packages(case_, options_.normalize); !s) return s;
            break;
        }
    }
    sdk::Timestamp now = options_.now ? *options_.now : case_.now ? *case_.now : options_.clock_now;
    if (auto s = engine_.decide(case_, now, decision_); !s) return s;
    append_json(out, decision_);
    return {};
}

}  // namespace unstuck::core
