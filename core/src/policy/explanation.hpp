#pragma once
// Private: the explanation a seller reads with a decision.

#include <cstddef>
#include <string>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/policy/policy.hpp"

namespace unstuck::core {

// Appends one or two sentences for the package that gives the order its rule: what was seen, what the policy
// says, what happens next. Times are UTC to the minute, durations like "30 h 48 min".
void explain(const Policy& policy, const OrderCase& order, std::size_t package_index,
             const PackageDecision& decision, sdk::Timestamp now, std::string& out);

}  // namespace unstuck::core
