#pragma once
//! One order case document in, one decision line out: read, normalize raw tracking, decide, write.

#include <optional>
#include <string>
#include <string_view>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/policy/order_reader.hpp"
#include "unstuck/core/policy/policy_engine.hpp"
#include "unstuck/core/tracking/raw_tracking.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! How `unstuck check` decides.
struct CheckOptions {
    std::optional<sdk::Timestamp> now;  //!< `--now`: wins over the case's own `now`
    sdk::Timestamp clock_now{};         //!< used when neither gives `now`
    RawNormalizer normalize;  //!< for packages given as `raw`; must be safe to call from many threads
};

//! Decides documents one after the other, reusing its parser and buffers. One checker per thread; many
//! checkers may share an engine.
class OrderChecker {
  public:
    OrderChecker(const PolicyEngine& engine, const CheckOptions& options)
        : engine_(engine), options_(options) {}

    //! Appends the decision for one document to `out` as one JSON line (no newline). On bad input appends
    //! nothing and returns the error (`packages[0].events[3].at: no UTC offset in "..."`). With `padded` the
    //! bytes after the document are readable (see OrderReader).
    sdk::Status check(std::string_view json, std::string& out, bool padded = false);

    //! The case and decision of the last successful check.
    const OrderCase& last_case() const noexcept { return case_; }
    const Decision& last_decision() const noexcept { return decision_; }

  private:
    const PolicyEngine& engine_;
    const CheckOptions& options_;
    OrderReader reader_;
    OrderCase case_;
    Decision decision_;
};

}  // namespace unstuck::core
