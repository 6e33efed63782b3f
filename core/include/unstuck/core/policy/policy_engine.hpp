#pragma once
//! The troubleshooting policy engine: from an order case and `now` to a decision (policy.md sections 2 to 5).

#include <memory>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/core/policy/policy.hpp"
#include "unstuck/sdk/result.hpp"
#include "unstuck/sdk/time.hpp"

namespace unstuck::core {

//! Decides orders under one policy. Pure: no I/O, no clock, no mutable state; one engine may be used from
//! many threads at once. The same case and `now` always give the same decision.
class PolicyEngine {
  public:
    explicit PolicyEngine(std::shared_ptr<const Policy> policy);

    //! The policy it applies.
    const Policy& policy() const noexcept { return *policy_; }

    //! Decides one order at `now`. Fails (one line naming the field) when the case's region is not in the
    //! policy, its marketplace is not the policy's, or it has no package.
    sdk::Result<Decision> decide(const OrderCase& order, sdk::Timestamp now) const;
    //! The same, writing into `out` and reusing its storage (for batches).
    sdk::Status decide(const OrderCase& order, sdk::Timestamp now, Decision& out) const;

  private:
    std::shared_ptr<const Policy> policy_;
};

}  // namespace unstuck::core
